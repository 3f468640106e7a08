-- upsert: writes one article atomically (record, band memberships, anchors, title keys, slot, links
-- both ways).
-- KEYS: none (see common.lua)
-- ARGV[1] ns   ARGV[2] id   ARGV[3] record bytes (slot field zero)
-- ARGV[4] links: JSON array of [other id, link seen from id, link seen from other]
-- ARGV[5] band keys, ARGV[6] anchors (u32 LE each): the record's own, computed by the caller
--         (removal derives them from the record again, see keys_of)
-- ARGV[7] entries an anchor may hold at most (MAX_ANCHOR_POSTINGS)
-- ARGV[8] bucket names of the band keys, then of the anchors, then of the title keys (#ns + 6 bytes
--         each, see common.lua), at the growth ARGV[19]
-- ARGV[9] since: the mark (ns.."seq") the caller's candidate query saw, "" for none
-- ARGV[10] anchors needed   ARGV[11] least overlap   ARGV[12] limit (as the candidates script)
-- ARGV[13] when the write was received (ms; "" for unknown): "stale" if the id was deleted since
-- ARGV[14] title keys (u32 LE each): the record's own (removal reads them from the record)
-- ARGV[15] links an article holds at most (MAX_LINKS)
-- ARGV[16] entries a band key may hold at most (MAX_BAND_POSTINGS)
-- ARGV[17] entries a title key may hold at most (MAX_TITLE_POSTINGS)
-- ARGV[18] the record's anchor weight (src/core/anchors.ts, anchorWeight), kept in its anchor entries
-- ARGV[19] the buckets' growth the names were computed at (see common.lua)
-- Returns { "created" | "unchanged" | "stale" | "replaced", growth, newcomer ids... }: growth is the
-- buckets' growth after the write, for the caller's next names; with a mark, the newcomers are the live
-- articles written after it that share a band, or enough anchors (as the candidates script counts
-- them), with this one (the candidates the caller's query could not see: slots are handed out in
-- write order and never reused).
local ns, id, rec = ARGV[1], ARGV[2], ARGV[3]
local akey = ns .. 'a:' .. id
local g = growth_of(ns)
local received = tonumber(ARGV[13])
if received then
  local deleted = tonumber(redis.call('GET', ns .. 'd:' .. id))
  if deleted and deleted >= received then return { 'stale', tostring(g) } end
end
local old = redis.call('GET', akey)
local outcome = 'created'
if not old then -- an older revision than a withdrawal's (remove.lua) is refused, as it would be by the version itself
  local withdrawn = tonumber(redis.call('GET', ns .. 'w:' .. id))
  if withdrawn and header(rec) < withdrawn then return { 'stale', tostring(g) } end
end
if old then
  local orev, _, ohash = header(old)
  local rev, _, hash = header(rec)
  if rev < orev then return { 'stale', tostring(g) } end
  if rev == orev and hash == ohash and meta_of(old) == meta_of(rec) then return { 'unchanged', tostring(g) } end
  remove_article(ns, id, g)
  outcome = 'replaced'
end
local slot = redis.call('INCR', ns .. 'seq')
local since = tonumber(ARGV[9])
-- Only when someone else wrote since the query (slot is the next number otherwise).
local band_newer = since and slot > since + 1 and { since = since, hits = {}, size = {} } or nil
local anchor_newer = band_newer and { since = since, hits = {}, size = {} } or nil
rec = string.sub(rec, 1, 9) .. struct.pack('<I4', slot) .. string.sub(rec, 14)
local gc = tonumber(ARGV[19])
link_all(ns, 'B:', ARGV[5], g, ARGV[8], 1, gc, slot, nil, nil, band_newer, tonumber(ARGV[16]))
local weight = math.min(tonumber(ARGV[18]), 255)
link_all(ns, 'N:', ARGV[6], g, ARGV[8], #ARGV[5] / 4 + 1, gc, slot, weight, tonumber(ARGV[7]), anchor_newer)
link_all(ns, 'H:', ARGV[14], g, ARGV[8], (#ARGV[5] + #ARGV[6]) / 4 + 1, gc, slot, nil, nil, nil, tonumber(ARGV[17]))
redis.call('HSET', ns .. 'S:' .. math.floor(slot / 128), slot, id)
redis.call('SET', akey, rec)
g = grow(ns, g, redis.call('INCR', ns .. 'count'))
write_links(ns, id, ARGV[4], tonumber(ARGV[15]))
local out = { outcome, tostring(g) }
if band_newer then
  local need, min_overlap, limit = tonumber(ARGV[10]), tonumber(ARGV[11]), tonumber(ARGV[12])
  local picked = {}
  for s in pairs(band_newer.hits) do picked[#picked + 1] = s end
  for s, h in pairs(anchor_newer.hits) do
    local size = anchor_newer.size[s]
    if not band_newer.hits[s] and h >= math.min(need, weight, size) and h / math.max(1, math.min(weight, size)) >= min_overlap then picked[#picked + 1] = s end
  end
  table.sort(picked)
  for _, s in ipairs(picked) do
    if #out > limit + 1 then break end
    local other = redis.call('HGET', ns .. 'S:' .. math.floor(s / 128), s)
    if other and other ~= id then out[#out + 1] = other end
  end
end
return out
