-- remove: deletes one article with every membership and link, atomically.
-- KEYS: none (see common.lua)   ARGV[1] ns   ARGV[2] id
-- ARGV[3] deletion time (ms; "" for none): writes received at or before it are refused (upsert.lua)
-- ARGV[4] how long that time is kept (seconds)
-- Returns 1 if the article existed, else 0.
local at = tonumber(ARGV[3])
if at then
  local dkey = ARGV[1] .. 'd:' .. ARGV[2]
  local prior = tonumber(redis.call('GET', dkey))
  redis.call('SET', dkey, tostring(math.max(at, prior or at)), 'EX', ARGV[4])
end
if remove_article(ARGV[1], ARGV[2]) then return 1 end
return 0
