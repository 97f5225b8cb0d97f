import net from "node:net";
import os from "node:os";
import { afterAll, beforeAll, expect, it } from "vitest";
import { freePort, spawnServerScript, type SpawnedServer } from "../support/spawned-server";

// `npm start` as an operator configures it behind an HTTPS reverse proxy: scripts/serve.ts reads
// COOKIE_SECURE and ALLOWED_ORIGINS from the environment, and listens on loopback unless HOST says otherwise.

const PROXY_ORIGIN = "https://thi.tinh.example.vn";

let server: SpawnedServer;
let port: number;
let baseUrl: string;

beforeAll(async () => {
  port = await freePort();
  const { HOST: _unset, ...inherited } = process.env;
  server = await spawnServerScript({
    script: "scripts/serve.ts",
    env: (databaseUrl, dataDir) => ({
      ...inherited,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      DATA_DIR: dataDir,
      DEMO_DATA: "off",
      QUESTION_BANKS_DIR: "test/fixtures/banks",
      COOKIE_SECURE: "true",
      ALLOWED_ORIGINS: `${PROXY_ORIGIN}/`,
    }),
    readyText: "Ứng dụng đang chạy",
    timeoutMs: 90_000,
  });
  baseUrl = `http://127.0.0.1:${port}`;
});
afterAll(() => server?.stop());

it("listens on loopback only when HOST is not set", async () => {
  const external = Object.values(os.networkInterfaces())
    .flat()
    .find((address) => address && !address.internal && address.family === "IPv4");
  expect(external, "this machine has a network interface besides loopback").toBeDefined();
  const reach = (host: string) =>
    new Promise<string>((resolve) => {
      const socket = net.connect({ host, port });
      socket.once("connect", () => {
        socket.destroy();
        resolve("connected");
      });
      socket.once("error", (error: NodeJS.ErrnoException) => resolve(error.code ?? "error"));
    });
  expect(await reach("127.0.0.1")).toBe("connected");
  expect(await reach(external!.address)).toBe("ECONNREFUSED");
});

it("with COOKIE_SECURE=true: sends HSTS and takes only https://<host> and ALLOWED_ORIGINS as the site's pages", async () => {
  const page = await fetch(baseUrl);
  expect(page.status).toBe(200);
  expect(page.headers.get("strict-transport-security")).toBe("max-age=31536000; includeSubDomains");
  expect(page.headers.get("content-security-policy")).toMatch(/frame-ancestors 'none'/);

  const logout = (origin: string) => fetch(new URL("/dang-xuat", baseUrl), { method: "POST", headers: { Origin: origin }, redirect: "manual" });
  expect((await logout("http://evil.example")).status).toBe(403);
  expect((await logout(baseUrl)).status).toBe(403);
  expect((await logout(baseUrl.replace("http:", "https:"))).status).toBe(302);
  expect((await logout(PROXY_ORIGIN)).status).toBe(302);
});
