-- titles: for each queried headline, the live articles whose title shares a band key with it and
-- whose title sketch agrees with the headline's enough, with their meta (which holds the title), for
-- the caller to confirm. Ranked as TitleIndex.query ranks them (src/core/title-index.ts).
-- KEYS: none (see common.lua)
-- ARGV[1] ns   ARGV[2] title band keys (u32 LE each), ARGV[3] of them a headline, headlines in order
-- ARGV[4] bucket names of the keys (#ns + 5 bytes each, see common.lua)
-- ARGV[5] id to exclude ("" for none)   ARGV[6] articles a headline gets at most
-- ARGV[7] the headlines' sketches (TITLE_BANDS * TITLE_ROWS bytes each, in order)
-- ARGV[8] candidates examined a headline at most: those sharing the most band keys with it first,
--         then the earliest written   ARGV[9] equal sketch bytes a candidate needs
-- Returns { h, id, meta, h, id, meta... }: h is the headline's position (1-based) among those queried;
-- each headline's candidates come with the most equal sketch bytes first (then more band keys, then
-- the earliest written). A candidate's sketch is read alone (GETRANGE), its record only when returned.
local ns, keys, per, all_names, exclude, limit = ARGV[1], ARGV[2], tonumber(ARGV[3]), ARGV[4], ARGV[5], tonumber(ARGV[6])
local sketches, examine, need = ARGV[7], tonumber(ARGV[8]), tonumber(ARGV[9])
local width = TITLE_BANDS * TITLE_ROWS
local n = #keys / 4
local buckets = call_chunked('MGET', cut_names(ns, all_names, 1, n), 1, n)
local ids = {} -- slot -> id, or false when the slot is gone or excluded
local function id_at(slot)
  local got = ids[slot]
  if got ~= nil then return got end
  got = redis.call('HGET', ns .. 'S:' .. math.floor(slot / 128), slot)
  if not got or got == exclude then got = false end
  ids[slot] = got
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
  table.sort(order, function(x, y) if hits[x] ~= hits[y] then return hits[x] > hits[y] end return x < y end)
  local mine = { string.byte(sketches, (h - 1) * width + 1, h * width) }
  local kept, agree = {}, {}
  for i = 1, math.min(#order, examine) do
    local slot = order[i]
    local id = id_at(slot)
    if id then
      local got = redis.call('GETRANGE', ns .. 'a:' .. id, SKETCH_AT - 1, SKETCH_AT - 1 + width)
      if string.byte(got, 1) == width then
        local theirs, eq = { string.byte(got, 2, width + 1) }, 0
        for j = 1, width do if theirs[j] == mine[j] then eq = eq + 1 end end
        if eq >= need then kept[#kept + 1] = slot; agree[slot] = eq end
      end
    end
  end
  table.sort(kept, function(x, y)
    if agree[x] ~= agree[y] then return agree[x] > agree[y] end
    if hits[x] ~= hits[y] then return hits[x] > hits[y] end
    return x < y
  end)
  for i = 1, math.min(#kept, limit) do
    local id = ids[kept[i]]
    local rec = redis.call('GET', ns .. 'a:' .. id)
    if rec then out[#out + 1] = h; out[#out + 1] = id; out[#out + 1] = meta_of(rec) end
  end
end
return out
