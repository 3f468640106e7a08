-- Shared by every tikrar script. Key layout under the namespace ns (ARGV[1], e.g. "tikrar:v2:"):
--   ns.."a:"..id        STRING  the article record (layout in src/core/article-codec.ts)
--   ns.."l:"..id        HASH    other id -> link JSON
--   ns.."B:"..bucket    STRING  packed (band key u32, slot u32) pairs, bucket = floor(key / 16384)
--   ns.."N:"..bucket    STRING  packed (anchor u32, slot u32) pairs, bucket = floor(anchor / 16384)
--   ns.."S:"..page      HASH    slot -> id, page = floor(slot / 128) (small hashes stay compact)
--   ns.."seq"           STRING  last slot handed out;  ns.."count"  STRING  articles stored
-- Keys are derived from ARGV, so these scripts assume a single Redis node (no cluster).

local function header(rec)
  local rev = struct.unpack('<d', rec, 2)
  local slot = struct.unpack('<I4', rec, 10)
  local hash = string.sub(rec, 14, 29)
  local nb = struct.unpack('<I2', rec, 30)
  local na = struct.unpack('<I2', rec, 32)
  return rev, slot, hash, nb, na
end

local function u32_at(s, i) return (struct.unpack('<I4', s, i)) end

-- Drops every (key, slot) pair of this slot from the buckets of the given keys.
local function unlink_all(ns, kind, rec, from, count, slot)
  for k = 0, count - 1 do
    local key = u32_at(rec, from + 4 * k)
    local bkey = ns .. kind .. math.floor(key / 16384)
    local s = redis.call('GET', bkey)
    if s then
      local kept = {}
      for p = 1, #s, 8 do
        local bk, bs = struct.unpack('<I4I4', s, p)
        if bs ~= slot then kept[#kept + 1] = string.sub(s, p, p + 7) end
      end
      if #kept == 0 then redis.call('DEL', bkey) else redis.call('SET', bkey, table.concat(kept)) end
    end
  end
end

local function link_all(ns, kind, rec, from, count, slot)
  for k = 0, count - 1 do
    local key = u32_at(rec, from + 4 * k)
    redis.call('APPEND', ns .. kind .. math.floor(key / 16384), struct.pack('<I4I4', key, slot))
  end
end

-- Removes an article wholly: memberships, slot, links both ways, record. Returns true if it existed.
local function remove_article(ns, id)
  local akey = ns .. 'a:' .. id
  local rec = redis.call('GET', akey)
  if not rec then return false end
  local _, slot, _, nb, na = header(rec)
  unlink_all(ns, 'B:', rec, 34, nb, slot)
  unlink_all(ns, 'N:', rec, 34 + 4 * nb, na, slot)
  redis.call('HDEL', ns .. 'S:' .. math.floor(slot / 128), slot)
  local lkey = ns .. 'l:' .. id
  for _, other in ipairs(redis.call('HKEYS', lkey)) do redis.call('HDEL', ns .. 'l:' .. other, id) end
  redis.call('DEL', lkey, akey)
  redis.call('DECR', ns .. 'count')
  return true
end
