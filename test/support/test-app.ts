import type { AddressInfo } from "node:net";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { createDatabase, type PoolOptions } from "~/database/connection.server";
import type { WebSecurity } from "~/http/web-security.server";
import { createAppServer } from "~/server/create-app.server";
import { prepareDatabase } from "~/server/prepare-database.server";
import { createTestDatabase, type TestDatabase } from "./database";

export const DEMO_PASSWORD = "Demo@2026-test";
export const FIXTURE_BANKS = path.resolve("test/fixtures/banks");

/**
 * The real app (the built Remix server + socket.io with the PostgreSQL adapter, as `npm start`
 * runs it) on a free port, over its own fresh database. `security` replaces what the environment
 * says about HTTPS, proxies and other allowed origins.
 */
export async function startTestApp(options: { security?: WebSecurity; answerSave?: PoolOptions } = {}) {
  const database: TestDatabase = await createTestDatabase();
  await prepareDatabase(database.db, { banksDir: FIXTURE_BANKS, demoPassword: DEMO_PASSWORD });
  const buildDir = path.resolve("build");
  const build = (await import(pathToFileURL(path.join(buildDir, "server", "index.js")).href)) as ServerBuild;
  // The answer saves' own pool and limits, as npm start has them, when a test asks.
  const answerDb = options.answerSave ? createDatabase(database.url, { name: "answers", ...options.answerSave }) : undefined;
  const server = await createAppServer({ db: database.db, answerDb, build, buildDir, cluster: { kind: "postgres", databaseUrl: database.url }, security: options.security });
  const { httpServer, io } = server;
  await new Promise<void>((resolve) => httpServer.listen(0, "127.0.0.1", resolve));
  const baseUrl = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`;
  return {
    db: database.db,
    databaseUrl: database.url,
    io,
    baseUrl,
    /** A new browser; `headers` go with every request (e.g. X-Forwarded-For behind TRUST_PROXY). */
    client: (headers?: Record<string, string>) => new TestClient(baseUrl, headers),
    async close() {
      await server.close();
      await answerDb?.destroy();
      await database.drop();
    },
  };
}

export type TestApp = Awaited<ReturnType<typeof startTestApp>>;

/** A browser-like HTTP client: keeps cookies, sends an Origin, does not follow redirects. */
export class TestClient {
  private cookies = new Map<string, string>();
  constructor(
    readonly baseUrl: string,
    private readonly defaultHeaders: Record<string, string> = {},
  ) {}

  async request(pathname: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    for (const [name, value] of Object.entries(this.defaultHeaders)) if (!headers.has(name)) headers.set(name, value);
    headers.set("Origin", this.baseUrl);
    if (this.cookies.size > 0) headers.set("Cookie", [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; "));
    const response = await fetch(new URL(pathname, this.baseUrl), { ...init, headers, redirect: "manual" });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair, ...attributes] = cookie.split(";");
      const [name, ...value] = pair.split("=");
      const expired = attributes.some((a) => /expires=Thu, 01 Jan 1970/i.test(a) || /max-age=0/i.test(a.trim()));
      if (expired) this.cookies.delete(name.trim());
      else this.cookies.set(name.trim(), value.join("="));
    }
    return response;
  }

  get(pathname: string) {
    return this.request(pathname);
  }

  postForm(pathname: string, fields: Record<string, string | number>) {
    const body = new URLSearchParams(Object.entries(fields).map(([k, v]) => [k, String(v)]));
    return this.request(pathname, { method: "POST", body, headers: { "Content-Type": "application/x-www-form-urlencoded" } });
  }

  postJson(pathname: string, body: unknown) {
    return this.request(pathname, { method: "POST", body: JSON.stringify(body), headers: { "Content-Type": "application/json" } });
  }

  async login(login: string, password: string) {
    const response = await this.postForm("/dang-nhap", { login, password, redirectTo: "/" });
    if (response.status !== 302) throw new Error(`login failed for ${login}: ${response.status}`);
    return response;
  }

  /** The Cookie header this client sends (for a socket.io client of the same user). */
  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  /** Replaces this client's cookies with a Cookie header copied from elsewhere (a replayed cookie). */
  useCookieHeader(header: string) {
    this.cookies.clear();
    for (const pair of header.split(";")) {
      const [name, ...value] = pair.trim().split("=");
      if (name) this.cookies.set(name, value.join("="));
    }
  }

  hasSession() {
    return this.cookies.has("__session");
  }
}
