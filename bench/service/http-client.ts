import { connect, type Socket } from "node:net";

/**
 * A minimal HTTP/1.1 keep-alive client for load generation: one socket, one request in flight,
 * requests written as prebuilt bytes and responses read by status line, Content-Length or chunked
 * framing. A load generator sharing two cores with the server must cost little per request;
 * fetch() costs about as much CPU per request as the server under test.
 */
export class HttpConnection {
  private readonly socket: Socket;
  private buf = Buffer.alloc(0);
  private pending: { resolve: (status: number) => void; reject: (e: Error) => void } | undefined;
  private closed = false;

  private constructor(socket: Socket, private readonly host: string) {
    this.socket = socket;
    socket.setNoDelay(true);
    socket.on("data", (d) => { this.buf = this.buf.length ? Buffer.concat([this.buf, d]) : d; this.drain(); });
    const fail = (e: Error) => { this.closed = true; this.pending?.reject(e); this.pending = undefined; };
    socket.on("error", fail);
    socket.on("close", () => fail(new Error("connection closed")));
  }

  static open(port: number, host = "127.0.0.1"): Promise<HttpConnection> {
    if (host !== "127.0.0.1") throw new Error("load goes to 127.0.0.1 only");
    return new Promise((resolve, reject) => {
      const s = connect({ port, host }, () => resolve(new HttpConnection(s, `${host}:${port}`)));
      s.once("error", reject);
    });
  }

  /** POSTs a JSON body; resolves with the status once the whole response has arrived. */
  post(path: string, body: string): Promise<number> {
    if (this.closed) return Promise.reject(new Error("connection closed"));
    const payload = Buffer.from(body);
    const head = `POST ${path} HTTP/1.1\r\nHost: ${this.host}\r\nContent-Type: application/json\r\nContent-Length: ${payload.length}\r\nConnection: keep-alive\r\n\r\n`;
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject };
      this.socket.write(Buffer.concat([Buffer.from(head), payload]));
    });
  }

  close(): void {
    this.closed = true;
    this.socket.destroy();
  }

  private drain(): void {
    const end = this.buf.indexOf("\r\n\r\n");
    if (end < 0 || !this.pending) return;
    const head = this.buf.subarray(0, end).toString("latin1");
    const status = Number(head.slice(9, 12));
    const length = /\r\ncontent-length:\s*(\d+)/i.exec(head);
    let total: number;
    if (length) total = end + 4 + Number(length[1]);
    else if (/\r\ntransfer-encoding:\s*chunked/i.test(head)) {
      const last = this.buf.indexOf("\r\n0\r\n\r\n", end);
      if (last < 0) return;
      total = last + 7;
    } else total = end + 4;
    if (this.buf.length < total) return;
    this.buf = this.buf.subarray(total);
    const p = this.pending;
    this.pending = undefined;
    p.resolve(status);
  }
}
