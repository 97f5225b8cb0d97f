// A small keep-alive HTTP client for the load test (node:http): one shared pool of sockets,
// per-contestant cookies, latency measured around each request with performance.now().
import dns from "node:dns/promises";
import http from "node:http";
import net from "node:net";
import { performance } from "node:perf_hooks";
import zlib from "node:zlib";
import { isLoopbackHostname } from "./args";

export interface HttpResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  /** Milliseconds from sending the request to the last byte of the body. */
  ms: number;
}

/** A failure with no HTTP status: the kind is what the report groups by. */
export class NetworkError extends Error {
  constructor(
    readonly kind: string,
    message: string,
  ) {
    super(message);
  }
}

export interface RequestOptions {
  headers?: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
}

export class HttpClient {
  readonly agent: http.Agent;
  /** Requests retried once because a reused keep-alive socket had just been closed by the server (browsers do the same). */
  staleSocketRetries = 0;

  private constructor(
    readonly base: URL,
    private readonly connectHost: string,
    private readonly port: number,
    connections: number,
    private readonly timeoutMs: number,
    private readonly gzip: boolean,
  ) {
    this.agent = new http.Agent({ keepAlive: true, maxSockets: connections, maxFreeSockets: connections, scheduling: "lifo" });
  }

  /**
   * Resolves the host once (so no DNS lookup per connection) and checks again that every
   * address it resolves to is a loopback address.
   */
  static async create(base: URL, options: { connections: number; timeoutMs: number; gzip: boolean }): Promise<HttpClient> {
    const hostname = base.hostname.replace(/^\[(.*)\]$/, "$1");
    let connectHost = hostname;
    if (!net.isIP(hostname)) {
      const addresses = await dns.lookup(hostname, { all: true });
      const bad = addresses.filter((a) => !isLoopbackHostname(a.address));
      if (addresses.length === 0 || bad.length > 0) {
        throw new Error(`Refusing to load-test ${base.origin}: "${hostname}" resolves to a non-loopback address (${bad.map((a) => a.address).join(", ")}).`);
      }
      const port = Number(base.port || 80);
      // The server may listen on IPv4 only (HOST=0.0.0.0) or on IPv6: take the first that accepts.
      const ordered = [...addresses.filter((a) => a.family === 4), ...addresses.filter((a) => a.family === 6)];
      connectHost = ordered[0].address;
      for (const a of ordered) {
        if (await canConnect(a.address, port)) {
          connectHost = a.address;
          break;
        }
      }
    }
    return new HttpClient(base, connectHost, Number(base.port || 80), options.connections, options.timeoutMs, options.gzip);
  }

  async request(method: "GET" | "POST", path: string, options: RequestOptions = {}): Promise<HttpResponse> {
    try {
      return await this.requestOnce(method, path, options);
    } catch (error) {
      if (error instanceof StaleSocketError) {
        this.staleSocketRetries++;
        return this.requestOnce(method, path, options);
      }
      throw error;
    }
  }

  private requestOnce(method: "GET" | "POST", path: string, options: RequestOptions): Promise<HttpResponse> {
    const headers: Record<string, string> = {
      Host: this.base.host,
      "User-Agent": "cchc-loadtest/1",
      Accept: "*/*",
      ...(this.gzip ? { "Accept-Encoding": "gzip" } : {}),
      ...options.headers,
    };
    if (method === "POST") headers.Origin = this.base.origin;
    if (options.body !== undefined) headers["Content-Length"] = String(Buffer.byteLength(options.body));

    return new Promise<HttpResponse>((resolve, reject) => {
      const started = performance.now();
      let settled = false;
      const fail = (error: Error) => {
        if (settled) return;
        settled = true;
        reject(error);
      };
      const req = http.request({ agent: this.agent, host: this.connectHost, port: this.port, method, path, headers, signal: options.signal }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("error", (error) => fail(toNetworkError(error, options.signal)));
        res.on("aborted", () => fail(new NetworkError("response aborted", "the server closed the connection mid-response")));
        res.on("end", () => {
          if (settled) return;
          let body = Buffer.concat(chunks);
          const ms = performance.now() - started;
          try {
            if (res.headers["content-encoding"] === "gzip") body = zlib.gunzipSync(body);
          } catch {
            fail(new NetworkError("bad gzip", "the response body could not be decompressed"));
            return;
          }
          settled = true;
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body, ms });
        });
      });
      // A deadline for the whole request (connecting included), not just for an idle socket.
      const timer = setTimeout(() => req.destroy(new NetworkError("timeout", `no complete response within ${this.timeoutMs} ms`)), this.timeoutMs);
      req.once("close", () => clearTimeout(timer));
      req.on("error", (error: NodeJS.ErrnoException) => {
        // A reused keep-alive socket closed by the server just before we wrote: safe to retry once.
        if (req.reusedSocket && (error.code === "ECONNRESET" || error.code === "EPIPE") && !options.signal?.aborted) {
          if (!settled) {
            settled = true;
            reject(new StaleSocketError());
          }
          return;
        }
        fail(toNetworkError(error, options.signal));
      });
      req.end(options.body);
    });
  }

  close() {
    this.agent.destroy();
  }
}

class StaleSocketError extends Error {}

function toNetworkError(error: NodeJS.ErrnoException, signal?: AbortSignal): NetworkError {
  if (error instanceof NetworkError) return error;
  if (signal?.aborted || error.name === "AbortError") return new NetworkError("aborted (--max-seconds)", "stopped by the run's time limit");
  return new NetworkError(error.code ?? error.name ?? "network error", error.message);
}

function canConnect(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(2000, () => done(false));
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}

/** Keeps one contestant's cookies (only name=value pairs matter here). */
export class CookieJar {
  private readonly cookies = new Map<string, string>();

  take(res: HttpResponse) {
    const setCookie = res.headers["set-cookie"];
    if (!setCookie) return;
    for (const line of setCookie) {
      const pair = line.split(";", 1)[0];
      const eq = pair.indexOf("=");
      if (eq <= 0) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = /;\s*max-age=0\b/i.test(line) || /;\s*expires=thu, 01 jan 1970/i.test(line);
      if (expired || value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  has(name: string) {
    return this.cookies.has(name);
  }

  header(): Record<string, string> {
    if (this.cookies.size === 0) return {};
    return { Cookie: [...this.cookies].map(([n, v]) => `${n}=${v}`).join("; ") };
  }
}
