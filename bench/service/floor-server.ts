// The floor under the 202 path, for bench/service.ts: a plain node:http server that reads a POST's
// body, parses it and answers 202 — with FLOOR_REDIS_URL set, after one RPUSH of the body to Redis.
// The same load against it and against the API shows what the machine itself costs a request.
import http from "node:http";
import { Redis } from "ioredis";

const redis = process.env.FLOOR_REDIS_URL ? new Redis(process.env.FLOOR_REDIS_URL) : undefined;
const key = process.env.FLOOR_KEY ?? "floor";
const server = http.createServer((req, res) => {
  const parts: Buffer[] = [];
  req.on("data", (d: Buffer) => parts.push(d));
  req.on("end", async () => {
    const body = Buffer.concat(parts).toString("utf8");
    const { id } = JSON.parse(body) as { id: string };
    if (redis) await redis.rpush(key, body);
    res.writeHead(202, { "content-type": "application/json" });
    res.end(JSON.stringify({ jobId: id }));
  });
});
server.listen(Number(process.env.PORT), "127.0.0.1", () => console.log("listening"));
process.once("SIGTERM", () => { server.close(); server.closeAllConnections(); redis?.disconnect(); });
