import xxhash from "xxhash-wasm";

/** Content fingerprints (exact-duplicate fast path, idempotency keys): xxh64, 16 hex digits. */
export interface ContentHasher {
  /** xxh64 of a string's UTF-8 bytes. */
  hash(normalized: string): string;
  /**
   * xxh64 of a normalized text's word hashes (the 32-bit hashes normalizePage gives each word, as
   * little-endian bytes): equal for equal normalized texts, without joining or encoding the text.
   */
  hashWords(words: Uint32Array): string;
}

let shared: Promise<ContentHasher> | undefined;

/** Loads the wasm hasher once per isolate; later calls share it. */
export function loadContentHasher(): Promise<ContentHasher> {
  shared ??= xxhash().then((api) => ({
    hash: (s: string) => api.h64ToString(s),
    hashWords: (w: Uint32Array) => api.h64Raw(new Uint8Array(w.buffer, w.byteOffset, w.byteLength)).toString(16).padStart(16, "0"),
  }));
  return shared;
}
