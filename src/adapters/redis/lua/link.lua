-- link: adds links of one article after its write (relations found with articles written
-- concurrently), both ways, to others that exist; nothing if the article itself is gone.
-- KEYS: none (see common.lua)   ARGV[1] ns   ARGV[2] id
-- ARGV[3] links: JSON array of [other id, link seen from id, link seen from other], best
-- first   ARGV[4] links an article holds at most (MAX_LINKS)
if redis.call('EXISTS', ARGV[1] .. 'a:' .. ARGV[2]) == 1 then write_links(ARGV[1], ARGV[2], ARGV[3], tonumber(ARGV[4])) end
return 1
