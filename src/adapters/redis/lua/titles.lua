-- titles: for each queried headline, the live articles whose title shares a band key with it and
-- whose title sketch agrees with the headline's enough, with their meta (which holds the title), for
-- the caller to confirm. Ranked as TitleIndex.query ranks them (src/core/title-index.ts).
-- KEYS: none (see common.lua)
-- ARGV[1] ns   ARGV[2] title band keys (u32 LE each), ARGV[3] of them a headline, headlines in order
-- ARGV[4] bucket names of the keys (#ns + 6 bytes each, see common.lua), at the growth ARGV[10]
-- ARGV[5] id to exclude ("" for none)   ARGV[6] articles a headline gets at most
-- ARGV[7] the headlines' sketches (TITLE_BANDS * TITLE_ROWS bytes each, in order)
-- ARGV[8] candidates examined a headline at most: those sharing the most band keys with it first,
--         then the earliest written   ARGV[9] equal sketch bytes a candidate needs
-- ARGV[10] the buckets' growth the names were computed at (see common.lua)
-- ARGV[11] entries a title key holds at most (MAX_TITLE_POSTINGS): a key holding that many is full,
--          and its holders are examined only for the room the other keys' holders leave
-- Returns { growth, h, id, meta, h, id, meta... }: growth is the buckets' (see common.lua), for the
-- caller's next names; h is the headline's position (1-based) among those queried;
-- each headline's candidates come with the most equal sketch bytes first (then more band keys, then
-- the earliest written). A candidate's sketch is read alone (GETRANGE), its record only when returned.
local ns, keys, per, all_names, exclude, limit = ARGV[1], ARGV[2], tonumber(ARGV[3]), ARGV[4], ARGV[5], tonumber(ARGV[6])
local sketches, examine, need, cap = ARGV[7], tonumber(ARGV[8]), tonumber(ARGV[9]), tonumber(ARGV[11])
local width = TITLE_BANDS * TITLE_ROWS
local n = #keys / 4
local g = growth_of(ns)
local names, widths = plan(ns, 'H:', keys, g, all_names, 1, tonumber(ARGV[10]))
local buckets = call_chunked('MGET', names, 1, n)
local ids = {} -- slot -> id, or false when the slot is gone or excluded
local function id_at(slot)
  local got = ids[slot]
  if got ~= nil then return got end
  got = redis.call('HGET', ns .. 'S:' .. math.floor(slot / 128), slot)
  if not got or got == exclude then got = false end
  ids[slot] = got
  return got
end
local out = { tostring(g) }
-- The excluded article's slot (its record's header, see common.lua): it counts among a key's holders
-- but is never met, so it takes none of the places examined.
local excluded_slot
if exclude ~= '' then
  local at = redis.call('GETRANGE', ns .. 'a:' .. exclude, 9, 12)
  if #at == 4 then excluded_slot = struct.unpack('<I4', at) end
end
-- Counts a band shared for each slot of `slots` (not in `skip`) and lists the slots seen first.
local function meet(slots, hits, order, skip)
  for _, slot in ipairs(slots) do
    if not (skip and skip[slot]) then
      local c = hits[slot]
      if c then hits[slot] = c + 1 else hits[slot] = 1; order[#order + 1] = slot end
    end
  end
end
-- One number a candidate, so the sort compares numbers in C: the most bands shared first, then the
-- lowest slot (the slot is the number modulo 2^32).
local function ranked(order, hits)
  for i = 1, #order do local slot = order[i]; order[i] = (TITLE_BANDS - hits[slot]) * 4294967296 + slot end
  table.sort(order)
end
for h = 1, n / per do
  local hits, order, full = {}, {}, {}
  for k = (h - 1) * per + 1, h * per do
    local s = buckets[k]
    if s then
      local w = widths[k]
      local needle, stride = string.sub(keys, 4 * k - 3, 4 * k - 4 + w), w + 4
      local slots, held = {}, 0
      local p = string.find(s, needle, 1, true)
      while p do
        if (p - 1) % stride == 0 then
          local slot = struct.unpack('<I4', s, p + w)
          held = held + 1
          if slot ~= excluded_slot then slots[#slots + 1] = slot end
          p = string.find(s, needle, p + stride, true)
        else
          p = string.find(s, needle, p + 1, true)
        end
      end
      if held >= cap then full[#full + 1] = slots else meet(slots, hits, order) end
    end
  end
  ranked(order, hits)
  if #order < examine and #full > 0 then
    local more_hits, more = {}, {}
    for _, slots in ipairs(full) do meet(slots, more_hits, more, hits) end
    ranked(more, more_hits)
    for i = 1, math.min(#more, examine - #order) do order[#order + 1] = more[i] end
  end
  local mine = { string.byte(sketches, (h - 1) * width + 1, h * width) }
  -- Candidates that agree in every byte rank first, in the order examined, and no later candidate
  -- can rank before them: once `limit` of them are kept, the rest cannot change the answer.
  local kept, whole = {}, 0
  for i = 1, math.min(#order, examine) do
    local rank = order[i]
    local slot = rank % 4294967296
    local id = id_at(slot)
    if id then
      local got = redis.call('GETRANGE', ns .. 'a:' .. id, SKETCH_AT - 1, SKETCH_AT - 1 + width)
      if string.byte(got, 1) == width then
        local theirs, eq = { string.byte(got, 2, width + 1) }, 0
        for j = 1, width do if theirs[j] == mine[j] then eq = eq + 1 end end
        if eq >= need then
          kept[#kept + 1] = (width - eq) * 68719476736 + rank -- the most bytes equal first, then as examined
          if eq == width then whole = whole + 1; if whole >= limit then break end end
        end
      end
    end
  end
  table.sort(kept)
  for i = 1, math.min(#kept, limit) do
    local id = ids[kept[i] % 4294967296]
    local rec = redis.call('GET', ns .. 'a:' .. id)
    if rec then out[#out + 1] = h; out[#out + 1] = id; out[#out + 1] = meta_of(rec) end
  end
end
return out
