-- titles: for each queried headline, the live articles whose title shares a band key with it, with
-- their meta (which holds the title), for the caller to confirm.
-- KEYS: none (see common.lua)
-- ARGV[1] ns   ARGV[2] title band keys (u32 LE each), ARGV[3] of them a headline, headlines in order
-- ARGV[4] bucket names of the keys (#ns + 5 bytes each, see common.lua)
-- ARGV[5] id to exclude ("" for none)   ARGV[6] articles a headline gets at most: those sharing the
--         most band keys with it first, then the earliest written
-- Returns { h, id, meta, h, id, meta... }: h is the headline's position (1-based) among those queried.
-- An article met by several headlines is read once.
local ns, keys, per, all_names, exclude, limit = ARGV[1], ARGV[2], tonumber(ARGV[3]), ARGV[4], ARGV[5], tonumber(ARGV[6])
local n = #keys / 4
local buckets = call_chunked('MGET', cut_names(ns, all_names, 1, n), 1, n)
local read = {} -- slot -> { id, meta }, or false when the slot is gone or excluded
local function article_at(slot)
  local got = read[slot]
  if got ~= nil then return got end
  got = false
  local id = redis.call('HGET', ns .. 'S:' .. math.floor(slot / 128), slot)
  local rec = id and id ~= exclude and redis.call('GET', ns .. 'a:' .. id)
  if rec then got = { id, meta_of(rec) } end
  read[slot] = got
  return got
end
local out = {}
for h = 1, n / per do
  local hits, order = {}, {}
  for k = (h - 1) * per + 1, h * per do
    local s = buckets[k]
    if s then
      local needle = string.sub(keys, 4 * k - 3, 4 * k - 2)
      local p = string.find(s, needle, 1, true)
      while p do
        if (p - 1) % 6 == 0 then
          local slot = struct.unpack('<I4', s, p + 2)
          local c = hits[slot]
          if c then hits[slot] = c + 1 else hits[slot] = 1; order[#order + 1] = slot end
          p = string.find(s, needle, p + 6, true)
        else
          p = string.find(s, needle, p + 1, true)
        end
      end
    end
  end
  -- Those sharing the most bands first, then the earliest written, as src/core/title-index.ts ranks them.
  table.sort(order, function(x, y) if hits[x] ~= hits[y] then return hits[x] > hits[y] end return x < y end)
  local found = 0
  for _, slot in ipairs(order) do
    if found >= limit then break end
    local a = article_at(slot)
    if a then found = found + 1; out[#out + 1] = h; out[#out + 1] = a[1]; out[#out + 1] = a[2] end
  end
end
return out
