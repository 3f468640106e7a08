-- keep-result: files a finished job's result, just written with its expiry, in the ledger that
-- bounds the bytes the queue's results hold. The ledger lists the kept results oldest first
-- ("<expires ms> <bytes> <key>"), and a counter holds the bytes its entries add up to. The call
-- files the result, then drops entries from the ledger's head: while the counter is over the budget
-- (deleting their results), and up to 100 whose results have expired (their bytes leave the
-- counter). A result written again under the same key (a job run again) has a new expiry, so its
-- older entry, when dropped, leaves it alone. The counter never counts fewer bytes than the results
-- kept hold; a result larger than the whole budget is dropped at once. The result itself is not an
-- argument: passed through the script, a 40 KB result cost Redis 2.6x its SET (bench/RESULTS.md).
-- KEYS: none (see common.lua)   ARGV[1] result key   ARGV[2] ledger key (a list)
-- ARGV[3] counter key   ARGV[4] budget in bytes
local key, ledger, counter = ARGV[1], ARGV[2], ARGV[3]
local budget = tonumber(ARGV[4])
local expires = redis.call('PEXPIRETIME', key)
if expires < 0 then return -1 end -- not there, or kept for good: nothing to file
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
