import xxhash from "xxhash-wasm";

/** Content fingerprints (exact-duplicate fast path, idempotency keys): xxh64 of normalized text, hex. */
export interface ContentHasher {
  hash(normalized: string): string;
}

let shared: Promise<ContentHasher> | undefined;

/** Loads the wasm hasher once per isolate; later calls share it. */
export function loadContentHasher(): Promise<ContentHasher> {
  shared ??= xxhash().then((api) => ({ hash: (s: string) => api.h64ToString(s) }));
  return shared;
}
