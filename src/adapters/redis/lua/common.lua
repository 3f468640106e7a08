-- Shared by every tikrar script. Key layout under the namespace ns (ARGV[1], e.g. "tikrar:v12:"):
--   ns.."a:"..id        STRING  the article record (layout in src/core/article-codec.ts)
--   ns.."l:"..id        HASH    other id -> link JSON
--   ns.."B:"..code      STRING  packed 6-byte entries (band key low 16 bits u16, slot u32) of the
--                               keys in one bucket: a key's top 18 bits, floor(key / 16384), so its
--                               low 16 bits identify it within the bucket; `code` writes the bucket
--                               number as 3 base64url characters, most significant first
--   ns.."N:"..code      STRING  packed 7-byte entries (anchor low 16 bits u16, slot u32, the
--                               article's anchor weight capped at 255 u8), bucket as above
--   ns.."H:"..code      STRING  packed 6-byte entries (title key low 16 bits u16, slot u32): the
--                               articles' title band keys (src/core/title-index.ts, keysOfSketch),
--                               in 2^16 buckets, a key's top 16 bits, floor(key / 65536): a title
--                               has few entries, and each bucket costs Redis ~70 bytes of its own
--                               (BUCKET_SHIFT in src/adapters/redis/redis-index-store.ts)
--   ns.."S:"..page      HASH    slot -> id, page = floor(slot / 128) (small hashes stay compact)
--   ns.."seq"           STRING  last slot handed out;  ns.."count"  STRING  articles stored
--   ns.."d:"..id        STRING  when the id was last deleted (ms), kept a week: older writes are refused
--   ns.."w:"..id        STRING  the highest revision withdrawn (a version too short to index), kept a
--                               week: older revisions are refused while the id is absent
--   ns.."T:"..source    SET     template line keys of a source; ns.."Tv" HASH source -> version
--                               (src/adapters/redis/template-sync.ts)
-- Keys are derived from ARGV, so these scripts assume a single Redis node (no cluster).

local function header(rec)
  local rev = struct.unpack('<d', rec, 2)
  local slot = struct.unpack('<I4', rec, 10)
  local hash = string.sub(rec, 14, 21)
  return rev, slot, hash
end

local function u32_at(s, i) return (struct.unpack('<I4', s, i)) end

-- 32-bit unsigned arithmetic on Lua numbers (doubles), as src/core/hash.ts computes it.
local TWO32 = 4294967296
local function imul(a, b)
  local al, ah = a % 65536, math.floor(a / 65536)
  local bl, bh = b % 65536, math.floor(b / 65536)
  return (((ah * bl + al * bh) % 65536) * 65536 + al * bl) % TWO32
end
local function xor(a, b) return bit.bxor(a, b) % TWO32 end
local function shr(a, n) return bit.rshift(a, n) % TWO32 end
local function fmix32(h)
  h = imul(xor(h, shr(h, 16)), 0x85ebca6b)
  h = imul(xor(h, shr(h, 13)), 0xc2b2ae35)
  return xor(h, shr(h, 16))
end

-- Where the title sketch sits in a stored record (layout 8 in src/core/article-codec.ts): its length
-- byte at SKETCH_AT (1-based), its bytes after it. A title query reads these bytes alone (GETRANGE).
local SKETCH_AT = 36
-- The title bands (TITLE_BANDS in src/core/title-index.ts): the sketch's bytes, 4 to a band.
local TITLE_BANDS, TITLE_ROWS = 8, 4

-- Where the parts of a stored record start: the title sketch (and its length), the signature's
-- values (and their count and width), the fingerprint hashes (and their count), the meta (the rest
-- of the record).
local function layout(rec)
  local s = string.byte(rec, SKETCH_AT)
  local p = SKETCH_AT + 1 + s
  local numPerm = struct.unpack('<I2', rec, p)
  local width = string.byte(rec, p + 2)
  local values = p + 7
  p = values + width * numPerm
  local f = struct.unpack('<I4', rec, p)
  local hashes = p + 4
  p = hashes + 4 * f
  p = p + 4 + struct.unpack('<I4', rec, p)
  return { sketch = SKETCH_AT + 1, s = s, values = values, numPerm = numPerm, width = width, f = f, hashes = hashes, meta = p }
end

-- Band keys of values[1..bands * rows], as src/core/lsh-index.ts (bandKey) makes them.
local function band_keys(values, bands, rows)
  local keys = {}
  for b = 0, bands - 1 do
    local h = imul(b + 1, 0x9e3779b1)
    for r = 0, rows - 1 do
      h = imul(xor(h, values[b * rows + r + 1]), 0x85ebca6b)
      h = xor(h, shr(h, 15))
    end
    keys[#keys + 1] = fmix32(h)
  end
  return keys
end

-- The band keys, anchors and title keys of a stored record, derived as src/core/lsh-index.ts
-- (bandKey), src/core/anchors.ts (anchorsOf) and src/core/title-index.ts (keysOfSketch) derive them.
local function keys_of(rec)
  local at = layout(rec)
  local width, p = at.width, at.values
  local fmt = width == 2 and '<I2' or '<I4'
  local values = {}
  for i = 1, at.numPerm do values[i] = struct.unpack(fmt, rec, p); p = p + width end
  local bkeys = band_keys(values, string.byte(rec, 22), string.byte(rec, 23))
  local f = at.f
  p = at.hashes
  local anchors, seen = {}, {}
  for k = 0, f - 1 do
    local h = u32_at(rec, p + 4 * k)
    if k == 0 or fmix32(xor(h, 0x5bd1e995)) % 4 == 0 then -- the opening anchor, then the content-defined ones
      local key = fmix32(xor(h, 0x27d4eb2f)) -- the anchor's index key (KEY_SEED in anchors.ts)
      if not seen[key] then seen[key] = true; anchors[#anchors + 1] = key end
    end
  end
  local tkeys = {}
  if at.s > 0 then tkeys = band_keys({ string.byte(rec, at.sketch, at.sketch + at.s - 1) }, TITLE_BANDS, TITLE_ROWS) end
  return bkeys, anchors, tkeys
end

-- The meta of a stored record (its title, source, url and publishedAt), cut out as it is.
local function meta_of(rec)
  return string.sub(rec, layout(rec).meta)
end

-- Bytes per bucket entry, by kind (see the key layout above).
local STRIDE = { ['B:'] = 6, ['N:'] = 7, ['H:'] = 6 }

-- A bucket's code (see the key layout). The caller sends the whole names of the buckets it writes
-- or queries (src/adapters/redis/redis-index-store.ts, bucketNames), so a script only cuts them out
-- of one string: a decimal name cost Lua a number-to-string conversion (sprintf), and 45 such names
-- took 60 µs of a 72 µs script; joining the namespace, kind and code in Lua still cost three string
-- creations a name (~0.85 µs, against ~0.2 µs for one cut, measured). The names are cut into a list
-- in key order, duplicates kept, and handed to MGET as they are: deduplicating them first (a table
-- of names seen, a list of distinct ones) cost more than the rare second lookup of a bucket. Sent as
-- arguments of their own instead, they cost Redis less but ioredis far more (over 1.5 µs an argument),
-- measured in bench/RESULTS.md. Removal derives the names of a stored record here.
local B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
local BUCKET_SIZE = { ['B:'] = 16384, ['N:'] = 16384, ['H:'] = 65536 }
local function bucket_code(key, kind)
  local b = math.floor(key / BUCKET_SIZE[kind])
  local hi, mid, lo = math.floor(b / 4096), math.floor(b / 64) % 64, b % 64
  return string.sub(B64, hi + 1, hi + 1) .. string.sub(B64, mid + 1, mid + 1) .. string.sub(B64, lo + 1, lo + 1)
end

-- Bucket names of the i-th key for i = 1..n, cut from the caller's names (each ns..kind..code, so
-- #ns + 5 bytes, starting at key index `first`), in key order.
local function cut_names(ns, all, first, n)
  local width = #ns + 5
  local names, e = {}, width * (first - 1)
  for i = 1, n do names[i] = string.sub(all, e + 1, e + width); e = e + width end
  return names
end

-- Distinct bucket names of a stored article's keys (a table of u32 numbers), in first-seen order.
-- Every script reads and writes an article's buckets with one MGET and one MSET: a redis.call
-- costs about a microsecond whatever it does, and one GET and one SET per bucket (~45 of each per
-- article) made up most of an upsert's time (measured).
local function bucket_names(ns, kind, keys)
  local distinct, seen = {}, {}
  for i = 1, #keys do
    local name = ns .. kind .. bucket_code(keys[i], kind)
    if not seen[name] then seen[name] = true; distinct[#distinct + 1] = name end
  end
  return distinct
end

-- Calls a multi-key command over list[from..to], in chunks: Lua's unpack gives at most ~8,000
-- values, and a long article has more anchors than that. Returns the replies' values in order.
-- CHUNK is even, so an MSET list of name-value pairs from index 1 splits between pairs.
local CHUNK = 4000
local function call_chunked(command, list, from, to)
  local out = {}
  for a = from, to, CHUNK do
    local got = redis.call(command, unpack(list, a, math.min(a + CHUNK - 1, to)))
    if type(got) == 'table' then for i = 1, #got do out[#out + 1] = got[i] end end
  end
  return out
end

-- Current contents of the named buckets: name -> string (false when the bucket does not exist).
local function read_buckets(distinct)
  local cur = {}
  if #distinct == 0 then return cur end
  local got = call_chunked('MGET', distinct, 1, #distinct)
  for i, name in ipairs(distinct) do cur[name] = got[i] end
  return cur
end

-- Writes back the buckets listed in `changed` (name -> true): MSET, then DEL for emptied ones.
local function write_buckets(cur, changed)
  local set, del = {}, {}
  for name in pairs(changed) do
    local s = cur[name]
    if s and #s > 0 then set[#set + 1] = name; set[#set + 1] = s else del[#del + 1] = name end
  end
  if #set > 0 then call_chunked('MSET', set, 1, #set) end
  if #del > 0 then call_chunked('DEL', del, 1, #del) end
end

-- Drops every entry of this slot from the buckets of the given keys.
local function unlink_all(ns, kind, keys, slot)
  local stride = STRIDE[kind]
  local distinct = bucket_names(ns, kind, keys)
  local cur, changed = read_buckets(distinct), {}
  for _, name in ipairs(distinct) do
    local s = cur[name]
    if s then
      local kept = {}
      for p = 1, #s, stride do
        if struct.unpack('<I4', s, p + 2) ~= slot then kept[#kept + 1] = string.sub(s, p, p + stride - 1) end
      end
      if #kept * stride < #s then cur[name] = table.concat(kept); changed[name] = true end
    end
  end
  write_buckets(cur, changed)
end

-- Entries of `needle` (a key's low 16 bits) at entry boundaries of bucket s, counting up to `cap`,
-- and where the first (oldest: entries are appended in slot order) starts.
local function count_entries(s, needle, stride, cap)
  local n, first, p = 0, nil, string.find(s, needle, 1, true)
  while p and n < cap do
    if (p - 1) % stride == 0 then
      n = n + 1; first = first or p
      p = string.find(s, needle, p + stride, true)
    else p = string.find(s, needle, p + 1, true) end
  end
  return n, first
end

-- Counts, in `newer`, the entries of needle in bucket s whose slot is above newer.since (and not the
-- writer's own): newer.hits[slot] is how many of the writer's keys that slot shares, newer.size[slot]
-- its anchor weight (anchor buckets only).
local function note_newer(s, needle, stride, newer, own)
  local p = string.find(s, needle, 1, true)
  while p do
    if (p - 1) % stride == 0 then
      local slot = struct.unpack('<I4', s, p + 2)
      if slot > newer.since and slot ~= own then
        newer.hits[slot] = (newer.hits[slot] or 0) + 1
        if stride == 7 then newer.size[slot] = string.byte(s, p + 6) end
      end
      p = string.find(s, needle, p + stride, true)
    else
      p = string.find(s, needle, p + 1, true)
    end
  end
end

-- Adds an entry for each key (packed u32 LE, as computed by the caller) to its bucket, named by
-- the caller's names (key index `first` onwards). For anchor buckets, `count` is the article's
-- anchor weight, and a key already held by `cap` articles is skipped (src/core/anchors.ts,
-- MAX_ANCHOR_POSTINGS). With `keep`, a key already held by `keep` articles gives up its oldest
-- entry to the new one (band keys: src/core/lsh-index.ts, MAX_BAND_POSTINGS; title keys:
-- src/core/title-index.ts, MAX_TITLE_POSTINGS). Buckets are rewritten
-- whole (MSET) rather than appended to: APPEND leaves up to twice the string's length allocated (its
-- growth is greedy), SET allocates what the bucket holds. Two keys of one article can share a bucket: `pending` carries the first one's write to the
-- second. With `newer` (see note_newer), the entries written after newer.since are counted on the way.
local function link_all(ns, kind, keys, all_names, first, slot, count, cap, newer, keep)
  local n = #keys / 4
  local names = cut_names(ns, all_names, first, n)
  local got = call_chunked('MGET', names, 1, n)
  local tail = count and struct.pack('<I4B', slot, count) or struct.pack('<I4', slot)
  local stride = STRIDE[kind]
  local pending, order = {}, {}
  for i = 1, n do
    local name, needle = names[i], string.sub(keys, 4 * i - 3, 4 * i - 2)
    local s = pending[name]
    if s == nil then s = got[i] end
    if newer and s then note_newer(s, needle, stride, newer, slot) end
    if not (cap and s and count_entries(s, needle, stride, cap) >= cap) then
      if keep and s then
        local held, p = count_entries(s, needle, stride, keep)
        if held >= keep then s = string.sub(s, 1, p - 1) .. string.sub(s, p + stride) end
      end
      if pending[name] == nil then order[#order + 1] = name end
      pending[name] = s and (s .. needle .. tail) or (needle .. tail)
    end
  end
  local set = {}
  for _, name in ipairs(order) do set[#set + 1] = name; set[#set + 1] = pending[name] end
  if #set > 0 then call_chunked('MSET', set, 1, #set) end
end

-- Writes links of article id both ways (JSON array of [other id, link JSON seen from id, link JSON
-- seen from other], best first), to others that exist: a link the two already share is updated, a
-- new one is written only while both hold fewer than `cap` (MAX_LINKS in src/ports.ts), and an
-- article that would hold none takes its best one whatever the other holds (see IndexStore).
local function write_links(ns, id, json, cap)
  local lkey = ns .. 'l:' .. id
  local mine = redis.call('HLEN', lkey)
  local best
  for _, l in ipairs(cjson.decode(json)) do
    local other = l[1]
    if other ~= id and redis.call('EXISTS', ns .. 'a:' .. other) == 1 then
      local okey = ns .. 'l:' .. other
      best = best or l
      local held = redis.call('HEXISTS', lkey, other) == 1
      if held or (mine < cap and redis.call('HLEN', okey) < cap) then
        redis.call('HSET', lkey, other, l[2])
        redis.call('HSET', okey, id, l[3])
        if not held then mine = mine + 1 end
      end
    end
  end
  if mine == 0 and best then
    redis.call('HSET', lkey, best[1], best[2])
    redis.call('HSET', ns .. 'l:' .. best[1], id, best[3])
  end
end

-- Removes an article wholly: memberships, slot, links both ways, record. Returns true if it existed.
local function remove_article(ns, id)
  local akey = ns .. 'a:' .. id
  local rec = redis.call('GET', akey)
  if not rec then return false end
  local _, slot = header(rec)
  local bkeys, anchors, tkeys = keys_of(rec)
  unlink_all(ns, 'B:', bkeys, slot)
  unlink_all(ns, 'N:', anchors, slot)
  unlink_all(ns, 'H:', tkeys, slot)
  redis.call('HDEL', ns .. 'S:' .. math.floor(slot / 128), slot)
  local lkey = ns .. 'l:' .. id
  for _, other in ipairs(redis.call('HKEYS', lkey)) do redis.call('HDEL', ns .. 'l:' .. other, id) end
  redis.call('DEL', lkey, akey)
  redis.call('DECR', ns .. 'count')
  return true
end
