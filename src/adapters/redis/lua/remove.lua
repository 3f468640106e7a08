-- remove: deletes one article with every membership and link, atomically.
-- KEYS: none (see common.lua)   ARGV[1] ns   ARGV[2] id
-- Returns 1 if the article existed, else 0.
if remove_article(ARGV[1], ARGV[2]) then return 1 end
return 0
