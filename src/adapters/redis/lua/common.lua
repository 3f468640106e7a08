-- Shared by every tikrar script. Key layout under the namespace ns (ARGV[1], e.g. "tikrar:v17:"):
--   ns.."a:"..id        STRING  the article record (layout in src/core/article-codec.ts)
--   ns.."l:"..id        HASH    other id -> link (kind letter, similarity, containments; see
--                               encodeLink in src/adapters/redis/redis-index-store.ts)
--   ns.."B:"..code      STRING  the entries of the band keys in one bucket, each the key's residue
--                               (its low 3 bytes in a bucket of level below 16, else its low 2), then
--                               the slot u32: a bucket of level L holds the keys whose top L bits are
--                               its prefix, so prefix and residue make the whole key. `code` is the
--                               bucket's number 2^L + prefix in 4 base64url characters, most
--                               significant first. How many buckets there are grows with the index
--                               (see "Buckets grow with the index" below)
--   ns.."N:"..code      STRING  anchor entries: residue, slot u32, the article's anchor weight capped
--                               at 255 u8; buckets as above
--   ns.."H:"..code      STRING  title entries: residue, slot u32: the articles' title band keys
--                               (src/core/title-index.ts, keysOfSketch); buckets as above, at most 2^16
--   ns.."g"             STRING  the buckets' growth: steps made so far (see below)
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

-- Where the title sketch sits in a stored record (layout 10 in src/core/article-codec.ts): its length
-- byte at SKETCH_AT (1-based), its bytes after it. A title query reads these bytes alone (GETRANGE).
local SKETCH_AT = 36
-- The title bands (TITLE_BANDS in src/core/title-index.ts): the sketch's bytes, 3 to a band.
local TITLE_BANDS, TITLE_ROWS = 10, 3

-- Where the parts of a stored record start: the title sketch (and its length), the signature's
-- values (and their count and width), the fingerprint hashes (their count and width), the meta (the rest
-- of the record).
local function layout(rec)
  local s = string.byte(rec, SKETCH_AT)
  local p = SKETCH_AT + 1 + s
  local numPerm = struct.unpack('<I2', rec, p)
  local width = string.byte(rec, p + 2)
  local values = p + 7
  p = values + width * numPerm
  local f = struct.unpack('<I4', rec, p)
  local hwidth = string.byte(rec, p + 4)
  local hashes = p + 5
  p = hashes + hwidth * f
  p = p + 4 + struct.unpack('<I4', rec, p)
  return { sketch = SKETCH_AT + 1, s = s, values = values, numPerm = numPerm, width = width, f = f, hwidth = hwidth, hashes = hashes, meta = p }
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
  local fmt = width == 1 and 'B' or width == 2 and '<I2' or '<I4'
  local values = {}
  for i = 1, at.numPerm do values[i] = struct.unpack(fmt, rec, p); p = p + width end
  local bkeys = band_keys(values, string.byte(rec, 22), string.byte(rec, 23))
  local f, hw = at.f, at.hwidth
  local hfmt = hw == 3 and '<I3' or '<I4'
  p = at.hashes
  local anchors, seen = {}, {}
  for k = 0, f - 1 do
    local h = struct.unpack(hfmt, rec, p + hw * k)
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

-- Buckets grow with the index (linear hashing). Each bucket costs Redis ~70 bytes of its own whatever
-- it holds, so a fixed 2^18 buckets cost an index of 10,000 articles most of its memory, and fewer
-- buckets would make those of 1M articles long to search. A kind starts with 2^MIN_LEVEL buckets,
-- each the keys of one MIN_LEVEL-bit prefix; every split divides the next bucket in order by the
-- key's next bit into two of the next level, until all are of that level, and so on up to the
-- kind's MAX_LEVEL. Growth g (ns.."g", the steps made) fixes the shape of every kind: n =
-- min(2^MIN_LEVEL + floor(g / RATE), 2^MAX_LEVEL) buckets, of level L = floor(log2 n), the first
-- p = n - 2^L of them split into level L + 1. The index keeps about LOAD articles a band and an
-- anchor bucket, and RATE times as many a title bucket (a title has 10 entries, a body ~45): an
-- upsert that finds the index STEP steps behind makes STEP of them, so the shape the client
-- computes names with (redis-index-store.ts, bucketNames) changes every LOAD * STEP writes, not
-- every few.
local MIN_LEVEL, LOAD, STEP = 8, 2, 8
local MAX_LEVEL = { ['B:'] = 18, ['N:'] = 18, ['H:'] = 16 }
local RATE = { ['B:'] = 1, ['N:'] = 1, ['H:'] = 4 }
local MAX_GROWTH = 2 ^ 18 - 2 ^ MIN_LEVEL
-- Bytes of an entry after the key's residue: the slot u32, and for anchors the weight u8.
local TAIL = { ['B:'] = 4, ['N:'] = 5, ['H:'] = 4 }
local POW = {}
for i = 0, 32 do POW[i] = 2 ^ i end

local function growth_of(ns) return tonumber(redis.call('GET', ns .. 'g')) or 0 end

-- The shape of a kind's buckets at growth g: level L and how many of them (p) are split to L + 1.
local function shape(kind, g)
  local n = math.min(POW[MIN_LEVEL] + math.floor(g / RATE[kind]), POW[MAX_LEVEL[kind]])
  local L = MIN_LEVEL
  while POW[L + 1] <= n do L = L + 1 end
  return L, n - POW[L]
end

-- The level and prefix of a key's bucket in a shape.
local function locate(key, L, p)
  local i = math.floor(key / POW[32 - L])
  if i < p then return L + 1, math.floor(key / POW[31 - L]) end
  return L, i
end

-- Bytes of a key's residue in a bucket of a level: enough for the bits its prefix does not hold.
local function residue_bytes(level) if level < 16 then return 3 end return 2 end

-- A bucket's code (see the key layout): 2^level + prefix in 4 base64url characters.
local B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
local function bucket_code(level, prefix)
  local h = POW[level] + prefix
  local a, b, c, d = math.floor(h / 262144), math.floor(h / 4096) % 64, math.floor(h / 64) % 64, h % 64
  return string.sub(B64, a + 1, a + 1) .. string.sub(B64, b + 1, b + 1) .. string.sub(B64, c + 1, c + 1) .. string.sub(B64, d + 1, d + 1)
end

-- Bucket names and residue widths of keys 1..n (u32 LE each in the string `keys`) of a kind at
-- growth g. The caller sends the whole names of the buckets it writes or queries, computed at the
-- growth it last saw, gc (src/adapters/redis/redis-index-store.ts, bucketNames), and they are cut
-- out of its one string (`all`, key index `first` onwards, #ns + 6 bytes each). When gc is not g (a
-- writer's pipelined writes all carry the growth before the first of them), a name is built here
-- only for a key whose bucket differs between the two shapes: the few in the buckets split between,
-- which within one level are the keys of one range (a comparison a key, not two locates). A
-- decimal name cost Lua a number-to-string conversion (sprintf), and 45 such names took 60 µs of a
-- 72 µs script; joining the namespace, kind and code in Lua still cost ~0.85 µs a name when codes
-- had 3 characters (against ~0.2 µs for one cut, measured). Names are kept in key order, duplicates
-- kept, and handed to MGET as they are: deduplicating them first (a table of names seen, a list of
-- distinct ones) cost more than the rare second lookup of a bucket. Sent as arguments of their own
-- instead, they cost Redis less but ioredis far more (over 1.5 µs an argument), measured in
-- bench/RESULTS.md.
local function plan(ns, kind, keys, g, all, first, gc)
  local L, p = shape(kind, g)
  local n = #keys / 4
  local names, widths = {}, {}
  -- one width for all unless some of the buckets are of level 15 and the others of 16
  local same = (L >= 16 and 2) or ((L < 15 or p == 0) and 3) or nil
  local width, e = #ns + 6, (#ns + 6) * (first - 1)
  local complete = #all >= e + width * n
  local cut = gc == g and complete
  -- The keys whose names are built here, [lo, hi): none when the caller's names are of this
  -- growth; within one level, those of the buckets split since the caller's growth; otherwise (a
  -- level completed since, or no names sent) all.
  local lo, hi = 0, POW[32]
  if cut then hi = 0 elseif gc and complete then
    local cL, cp = shape(kind, gc)
    if cL == L and cp <= p then lo, hi = cp * POW[32 - L], p * POW[32 - L] end
  end
  for i = 1, n do
    local name = string.sub(all, e + 1, e + width)
    e = e + width
    if cut and same then
      widths[i] = same
    else
      local key = struct.unpack('<I4', keys, 4 * i - 3)
      local level, prefix = locate(key, L, p)
      widths[i] = same or residue_bytes(level)
      if key >= lo and key < hi then name = ns .. kind .. bucket_code(level, prefix) end
    end
    names[i] = name
  end
  return names, widths
end

-- Distinct bucket names of a stored article's keys (a table of u32 numbers) at growth g, in
-- first-seen order, with the residue width of each. Every script reads and writes an article's
-- buckets with one MGET and one MSET: a redis.call costs about a microsecond whatever it does, and
-- one GET and one SET per bucket (~45 of each per article) made up most of an upsert's time
-- (measured).
local function bucket_names(ns, kind, keys, g)
  local L, p = shape(kind, g)
  local distinct, widths, seen = {}, {}, {}
  for i = 1, #keys do
    local level, prefix = locate(keys[i], L, p)
    local name = ns .. kind .. bucket_code(level, prefix)
    if not seen[name] then seen[name] = true; distinct[#distinct + 1] = name; widths[name] = residue_bytes(level) end
  end
  return distinct, widths
end

-- Growth g to g + 1: splits the next bucket of each kind that has not reached its MAX_LEVEL and
-- whose shape the step changes (every RATE-th step for a kind). The key's bit below the bucket's
-- prefix picks the half an entry goes to, entries keep their order (oldest first, as the caps count
-- them), and a residue loses its third byte where the new level reaches 16.
local function split_next(ns, g)
  for kind, top in pairs(MAX_LEVEL) do
    local L, p = shape(kind, g)
    if L < top and (g + 1) % RATE[kind] == 0 then
      local name = ns .. kind .. bucket_code(L, p)
      local s = redis.call('GET', name)
      if s then
        local w, cw = residue_bytes(L), residue_bytes(L + 1)
        local stride = w + TAIL[kind]
        local bit = 31 - L
        local at, div = math.floor(bit / 8), POW[bit % 8]
        local low, high = {}, {}
        for q = 1, #s, stride do
          local entry = cw == w and string.sub(s, q, q + stride - 1) or (string.sub(s, q, q + cw - 1) .. string.sub(s, q + w, q + stride - 1))
          if math.floor(string.byte(s, q + at) / div) % 2 == 1 then high[#high + 1] = entry else low[#low + 1] = entry end
        end
        redis.call('DEL', name)
        if #low > 0 then redis.call('SET', ns .. kind .. bucket_code(L + 1, 2 * p), table.concat(low)) end
        if #high > 0 then redis.call('SET', ns .. kind .. bucket_code(L + 1, 2 * p + 1), table.concat(high)) end
      end
    end
  end
end

-- After a write that leaves `count` articles: STEP steps when the index is STEP behind its load.
-- Returns the growth after them.
local function grow(ns, g, count)
  if math.min(math.floor(count / LOAD) - POW[MIN_LEVEL], MAX_GROWTH) - g < STEP then return g end
  for j = 0, STEP - 1 do split_next(ns, g + j) end
  redis.call('SET', ns .. 'g', g + STEP)
  return g + STEP
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

-- Drops every entry of this slot from the buckets of the given keys (at growth g).
local function unlink_all(ns, kind, keys, slot, g)
  local distinct, widths = bucket_names(ns, kind, keys, g)
  local cur, changed = read_buckets(distinct), {}
  for _, name in ipairs(distinct) do
    local s = cur[name]
    if s then
      local kept, w = {}, widths[name]
      local stride = w + TAIL[kind]
      for p = 1, #s, stride do
        if struct.unpack('<I4', s, p + w) ~= slot then kept[#kept + 1] = string.sub(s, p, p + stride - 1) end
      end
      if #kept * stride < #s then cur[name] = table.concat(kept); changed[name] = true end
    end
  end
  write_buckets(cur, changed)
end

-- Entries of `needle` (a key's residue) at entry boundaries of bucket s, counting up to `cap`,
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
-- its anchor weight (anchor buckets only: `weighed`).
local function note_newer(s, needle, stride, newer, own, weighed)
  local w = #needle
  local p = string.find(s, needle, 1, true)
  while p do
    if (p - 1) % stride == 0 then
      local slot = struct.unpack('<I4', s, p + w)
      if slot > newer.since and slot ~= own then
        newer.hits[slot] = (newer.hits[slot] or 0) + 1
        if weighed then newer.size[slot] = string.byte(s, p + w + 4) end
      end
      p = string.find(s, needle, p + stride, true)
    else
      p = string.find(s, needle, p + 1, true)
    end
  end
end

-- Adds an entry for each key (packed u32 LE, as computed by the caller) to its bucket at growth g,
-- named as plan names them from the caller's names (key index `first` onwards, at growth gc). For
-- anchor buckets, `count` is the article's anchor weight, and a key already held by `cap` articles is skipped (src/core/anchors.ts,
-- MAX_ANCHOR_POSTINGS). With `keep`, a key already held by `keep` articles gives up its oldest
-- entry to the new one (band keys: src/core/lsh-index.ts, MAX_BAND_POSTINGS; title keys:
-- src/core/title-index.ts, MAX_TITLE_POSTINGS). Buckets are rewritten
-- whole (MSET) rather than appended to: APPEND leaves up to twice the string's length allocated (its
-- growth is greedy), SET allocates what the bucket holds. Two keys of one article can share a bucket: `pending` carries the first one's write to the
-- second. With `newer` (see note_newer), the entries written after newer.since are counted on the way.
local function link_all(ns, kind, keys, g, all_names, first, gc, slot, count, cap, newer, keep)
  local n = #keys / 4
  local names, widths = plan(ns, kind, keys, g, all_names, first, gc)
  local got = call_chunked('MGET', names, 1, n)
  local tail = count and struct.pack('<I4B', slot, count) or struct.pack('<I4', slot)
  local pending, order = {}, {}
  for i = 1, n do
    local w = widths[i]
    local name, needle, stride = names[i], string.sub(keys, 4 * i - 3, 4 * i - 4 + w), w + TAIL[kind]
    local s = pending[name]
    if s == nil then s = got[i] end
    if newer and s then note_newer(s, needle, stride, newer, slot, count) end
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

-- Writes links of article id both ways (JSON array of [other id, link seen from id, link seen from
-- other], best first), to others that exist: a link the two already share is updated, a
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
-- g is the buckets' growth when the caller has read it already.
local function remove_article(ns, id, g)
  local akey = ns .. 'a:' .. id
  local rec = redis.call('GET', akey)
  if not rec then return false end
  local _, slot = header(rec)
  local bkeys, anchors, tkeys = keys_of(rec)
  g = g or growth_of(ns)
  unlink_all(ns, 'B:', bkeys, slot, g)
  unlink_all(ns, 'N:', anchors, slot, g)
  unlink_all(ns, 'H:', tkeys, slot, g)
  redis.call('HDEL', ns .. 'S:' .. math.floor(slot / 128), slot)
  local lkey = ns .. 'l:' .. id
  for _, other in ipairs(redis.call('HKEYS', lkey)) do redis.call('HDEL', ns .. 'l:' .. other, id) end
  redis.call('DEL', lkey, akey)
  redis.call('DECR', ns .. 'count')
  return true
end
