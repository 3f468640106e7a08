-- candidates: ids of live articles sharing a band with the query (first, in the order found), then
-- of those sharing at least ARGV[6] anchors (fewer when either side's anchor weight is lower) and
-- ARGV[7] of the smaller side's anchor weight, best first (as src/core/anchor-index.ts ranks them).
-- KEYS: none (see common.lua)
-- ARGV[1] ns   ARGV[2] band keys (u32 LE each)   ARGV[3] distinct anchors (u32 LE each)
-- ARGV[4] id to exclude ("" for none)   ARGV[5] limit   ARGV[6] anchors needed   ARGV[7] least overlap
-- ARGV[8] bucket names of the band keys, then of the anchors (#ns + 6 bytes each, see common.lua),
--         at the growth ARGV[10]
-- ARGV[9] the query's anchor weight (src/core/anchors.ts, anchorWeight)
-- Returns { mark, growth, id, record, id, record... }: mark is the last slot handed out (ns.."seq"),
-- for the caller's upsert, and growth the buckets' (see common.lua), for the caller's next names;
-- each candidate comes with its record, so the caller makes no second round trip.
local ns, bands, anchors, exclude, all_names = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[8]
local limit, need, min_overlap = tonumber(ARGV[5]), tonumber(ARGV[6]), tonumber(ARGV[7])
local g = growth_of(ns)
local gc = tonumber(ARGV[10])

-- A bucket holds entries that start with a key's residue (its low 2 or 3 bytes): string.find
-- (plain) looks for them in C, and only hits at an entry boundary count. Each loop is written out
-- (no callback per hit): a query meets hundreds of anchor entries, and a shared walk measured slower
-- at 1M (bench/RESULTS.md).
local found, order = {}, {}
local nb, na = #bands / 4, #anchors / 4
local band_names, band_widths = plan(ns, 'B:', bands, g, all_names, 1, gc)
local band_buckets = call_chunked('MGET', band_names, 1, nb)
for i = 1, #bands, 4 do
  local k = (i + 3) / 4
  local s = band_buckets[k]
  if s then
    local w = band_widths[k]
    local needle, stride = string.sub(bands, i, i + w - 1), w + 4
    local p = string.find(s, needle, 1, true)
    while p do
      if (p - 1) % stride == 0 then
        local slot = struct.unpack('<I4', s, p + w)
        if not found[slot] then found[slot] = true; order[#order + 1] = slot end
        p = string.find(s, needle, p + stride, true)
      else
        p = string.find(s, needle, p + 1, true)
      end
    end
  end
end
local hits, size, shared = {}, {}, {}
local q = math.min(tonumber(ARGV[9]), 255)
-- An entry's article is shared once it has min(need, q, its weight) hits; the weight is compared
-- inline, not through math.min: a call per entry hit cost 4-11% of the script (bench/RESULTS.md).
local nq = math.min(need, q)
if na > 0 then
  local anchor_names, anchor_widths = plan(ns, 'N:', anchors, g, all_names, nb + 1, gc)
  local anchor_buckets = call_chunked('MGET', anchor_names, 1, na)
  for i = 1, #anchors, 4 do
    local k = (i + 3) / 4
    local s = anchor_buckets[k]
    if s then
      local w = anchor_widths[k]
      local needle, stride = string.sub(anchors, i, i + w - 1), w + 5
      local p = string.find(s, needle, 1, true)
      while p do
        if (p - 1) % stride == 0 then
          local slot, count = struct.unpack('<I4B', s, p + w)
          local h = (hits[slot] or 0) + 1
          hits[slot] = h
          if h == (count < nq and count or nq) and not found[slot] then shared[#shared + 1] = slot; size[slot] = count end
          p = string.find(s, needle, p + stride, true)
        else
          p = string.find(s, needle, p + 1, true)
        end
      end
    end
  end
end

local ranked = {}
for _, slot in ipairs(shared) do
  local overlap = hits[slot] / math.max(1, math.min(q, size[slot]))
  if overlap >= min_overlap then ranked[#ranked + 1] = { slot = slot, overlap = overlap } end
end
table.sort(ranked, function(x, y) if x.overlap ~= y.overlap then return x.overlap > y.overlap end return x.slot < y.slot end)
for _, c in ipairs(ranked) do order[#order + 1] = c.slot end

local out = { redis.call('GET', ns .. 'seq') or '0', tostring(g) }
local found = 0
for _, slot in ipairs(order) do
  if found >= limit then break end
  local id = redis.call('HGET', ns .. 'S:' .. math.floor(slot / 128), slot)
  local rec = id and id ~= exclude and redis.call('GET', ns .. 'a:' .. id)
  if rec then
    found = found + 1
    out[#out + 1] = id
    out[#out + 1] = rec
  end
end
return out
