-- candidates: ids of live articles sharing a band with the query, or at least ARGV[6] anchors.
-- KEYS: none (see common.lua)
-- ARGV[1] ns   ARGV[2] band keys (u32 LE each)   ARGV[3] anchors (u32 LE each)
-- ARGV[4] id to exclude ("" for none)   ARGV[5] limit   ARGV[6] anchors needed
local ns, bands, anchors, exclude = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local limit, need = tonumber(ARGV[5]), tonumber(ARGV[6])
local found, order = {}, {}
-- A bucket is packed (key u32, slot u32) pairs; string.find (plain) looks for the key's 4 bytes
-- in C, and only hits at a pair boundary count.
local function scan(kind, keys, on_hit)
  for i = 1, #keys, 4 do
    local key = u32_at(keys, i)
    local s = redis.call('GET', ns .. kind .. math.floor(key / 16384))
    if s then
      local needle = string.sub(keys, i, i + 3)
      local p = string.find(s, needle, 1, true)
      while p do
        if (p - 1) % 8 == 0 then
          on_hit(u32_at(s, p + 4))
          p = string.find(s, needle, p + 8, true)
        else
          p = string.find(s, needle, p + 1, true)
        end
      end
    end
  end
end
scan('B:', bands, function(slot)
  if not found[slot] then found[slot] = true; order[#order + 1] = slot end
end)
local hits = {}
if #anchors >= 4 * need then
  scan('N:', anchors, function(slot)
    hits[slot] = (hits[slot] or 0) + 1
    if hits[slot] == need and not found[slot] then found[slot] = true; order[#order + 1] = slot end
  end)
end
local out = {}
for _, slot in ipairs(order) do
  if #out >= limit then break end
  local id = redis.call('HGET', ns .. 'S:' .. math.floor(slot / 128), slot)
  if id and id ~= exclude then out[#out + 1] = id end
end
return out
