// Run with node --allow-natives-syntax --import tsx. Prints, as JSON on its last line, whether V8
// holds String.prototype with fast properties at each step (see src/adapters/redis/string-prototype.ts).
//   PROBE=redis   REDIS_URL=…  the Redis entry: once ioredis is loaded, then once connectRedis returns
//   PROBE=server                the server entry's modules, loaded for the embedded default: main()
//                               stops at its invalid PORT (given by the test), and the exit reports
export {};

const hasFastProperties = new Function("o", "return %HasFastProperties(o)") as (o: object) => boolean;

if (process.env.PROBE === "redis") {
  const { connectRedis } = await import("../../src/entry/redis.js");
  const afterImport = hasFastProperties(String.prototype);
  const redis = await connectRedis(process.env.REDIS_URL!);
  const afterConnect = hasFastProperties(String.prototype);
  await redis.quit();
  console.log(JSON.stringify({ afterImport, afterConnect }));
} else {
  process.on("exit", () => console.log(JSON.stringify({ serverModules: hasFastProperties(String.prototype) })));
  await import("../../src/entry/node.js");
}
