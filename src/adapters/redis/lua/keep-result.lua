-- keep-result: writes a finished job's result with its expiry and files it in the ledger that
-- bounds the bytes the queue's results hold. The ledger lists the kept results oldest first
-- ("<expires ms> <bytes> <key>"), and a counter holds the bytes its entries add up to. The call
-- files the result, then drops entries from the ledger's head: while the counter is over the budget
-- (deleting their results), and up to 100 whose results have expired (their bytes leave the
-- counter). A result written again under the same key (a job run again) has a new expiry, so its
-- older entry, when dropped, leaves it alone. The counter never counts fewer bytes than the results
-- kept hold; a result larger than the whole budget is dropped at once. With ARGV[7] = "1" (a job
-- whose id derives from its payload) a result already kept stays, and nothing is written or filed:
-- the same payload run again keeps its first result. The result passes through the script, which
-- costs Redis more for a large one than a SET before the script in one transaction did, but the
-- transaction cost the worker an ioredis pipeline a job (bench/RESULTS.md).
-- KEYS: none (see common.lua)   ARGV[1] result key   ARGV[2] ledger key (a list)
-- ARGV[3] counter key   ARGV[4] budget in bytes   ARGV[5] the result   ARGV[6] its expiry in seconds
-- ARGV[7] "1": only if no result is kept under the key
-- Returns the bytes the ledger counts, or -2 when a kept result stayed.
local key, ledger, counter = ARGV[1], ARGV[2], ARGV[3]
local budget = tonumber(ARGV[4])
if ARGV[7] == '1' then
  if not redis.call('SET', key, ARGV[5], 'EX', ARGV[6], 'NX') then return -2 end
else
  redis.call('SET', key, ARGV[5], 'EX', ARGV[6])
end
local expires = redis.call('PEXPIRETIME', key)
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local size = redis.call('STRLEN', key) + #key
redis.call('RPUSH', ledger, string.format('%d %d %s', expires, size, key))
local total = redis.call('INCRBY', counter, size)
local expired = 0
while true do
  local head = redis.call('LINDEX', ledger, 0)
  if not head then break end
  local at, bytes, old = string.match(head, '^(%d+) (%d+) (.+)$')
  at = tonumber(at)
  if total <= budget then
    if at > now or expired == 100 then break end
    expired = expired + 1
  end
  redis.call('LPOP', ledger)
  if redis.call('PEXPIRETIME', old) == at then redis.call('DEL', old) end
  total = redis.call('DECRBY', counter, tonumber(bytes))
end
return total
