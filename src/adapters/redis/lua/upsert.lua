-- upsert: writes one article atomically (record, band memberships, anchors, slot, links both ways).
-- KEYS: none (see common.lua)
-- ARGV[1] ns   ARGV[2] id   ARGV[3] record bytes (slot field zero)
-- ARGV[4] links: JSON array of [other id, link JSON seen from id, link JSON seen from other]
-- ARGV[5] band keys, ARGV[6] anchors (u32 LE each): the record's own, computed by the caller
--         (removal derives them from the record again, see keys_of)
-- ARGV[7] entries an anchor may hold at most (MAX_ANCHOR_POSTINGS)
-- ARGV[8] bucket codes of the band keys, then of the anchors (3 characters each, see common.lua)
-- Returns "created" | "unchanged" | "stale" | "replaced".
local ns, id, rec = ARGV[1], ARGV[2], ARGV[3]
local akey = ns .. 'a:' .. id
local old = redis.call('GET', akey)
local outcome = 'created'
if old then
  local orev, _, ohash = header(old)
  local rev, _, hash = header(rec)
  if rev < orev then return 'stale' end
  if rev == orev and hash == ohash then return 'unchanged' end
  remove_article(ns, id)
  outcome = 'replaced'
end
local slot = redis.call('INCR', ns .. 'seq')
rec = string.sub(rec, 1, 9) .. struct.pack('<I4', slot) .. string.sub(rec, 14)
link_all(ns, 'B:', ARGV[5], ARGV[8], 1, slot)
link_all(ns, 'N:', ARGV[6], ARGV[8], #ARGV[5] / 4 + 1, slot, math.min(#ARGV[6] / 4, 255), tonumber(ARGV[7]))
redis.call('HSET', ns .. 'S:' .. math.floor(slot / 128), slot, id)
redis.call('SET', akey, rec)
redis.call('INCR', ns .. 'count')
for _, l in ipairs(cjson.decode(ARGV[4])) do
  local other = l[1]
  if other ~= id and redis.call('EXISTS', ns .. 'a:' .. other) == 1 then
    redis.call('HSET', ns .. 'l:' .. id, other, l[2])
    redis.call('HSET', ns .. 'l:' .. other, id, l[3])
  end
end
return outcome
