-- remove: deletes one article with every membership and link, atomically.
-- KEYS: none (see common.lua)   ARGV[1] ns   ARGV[2] id
-- ARGV[3] deletion time (ms; "" for none): writes received at or before it are refused (upsert.lua)
-- ARGV[4] how long that time is kept (seconds)
-- ARGV[5] revision ("" or absent for none): a withdrawal, the write of a version with nothing to
--         index, which leaves a stored article of a newer revision in place, as upsert.lua does
-- ARGV[6] when the withdrawal was received (ms; "" or absent for unknown): refused if the id was
--         deleted since, as upsert.lua refuses a write. A withdrawal not refused keeps its revision
--         (ns.."w:"..id) for as long as a deletion time is kept: upsert.lua refuses older revisions.
-- Returns 1 if the article existed, 0 if not, -1 if a withdrawal was refused (stale).
local ns, id = ARGV[1], ARGV[2]
local received, rev = tonumber(ARGV[6]), tonumber(ARGV[5])
if received then
  local deleted = tonumber(redis.call('GET', ns .. 'd:' .. id))
  if deleted and deleted >= received then return -1 end
end
if rev then
  local old = redis.call('GET', ns .. 'a:' .. id)
  if old and header(old) > rev then return -1 end
  local wkey = ns .. 'w:' .. id
  local prior = tonumber(redis.call('GET', wkey))
  redis.call('SET', wkey, tostring(math.max(rev, prior or rev)), 'EX', ARGV[4])
end
local at = tonumber(ARGV[3])
if at then
  local dkey = ns .. 'd:' .. id
  local prior = tonumber(redis.call('GET', dkey))
  redis.call('SET', dkey, tostring(math.max(at, prior or at)), 'EX', ARGV[4])
end
if remove_article(ns, id) then return 1 end
return 0
