/**
 * Returns String.prototype to fast properties in V8. ioredis 6 declares `class VerbatimString
 * extends String` as it loads, which leaves String.prototype with dictionary (slow) properties
 * until a property is stored on an object that inherits from it; until then every `charCodeAt` in
 * the process, the normalizer's included, runs several times slower (bench/RESULTS.md). Storing one
 * property on such an object is what turns it back; the object is dropped at once. Call it once
 * ioredis is loaded: the Redis entry points do, when they connect.
 */
export function restoreFastStringPrototype(): void {
  const probe = Object.create(String.prototype) as { probe?: boolean };
  probe.probe = true;
}
