import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { freePort, spawnServerScript } from "../support/spawned-server";

// The machine has no internet: these flags stop Chromium from stalling on refused connections.
const CHROMIUM_FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: CHROMIUM_FLAGS, headless: true });
}

/** Runs the real server (`scripts/serve.ts`, as `npm start` does after building) on a fresh database. */
export async function startRealServer() {
  const port = await freePort();
  const server = await spawnServerScript({
    script: "scripts/serve.ts",
    env: (databaseUrl, dataDir) => ({ ...process.env, DATABASE_URL: databaseUrl, PORT: String(port), HOST: "127.0.0.1", DATA_DIR: dataDir }),
    readyText: "Ứng dụng đang chạy",
    timeoutMs: 60_000,
  });
  return { baseUrl: `http://127.0.0.1:${port}`, output: server.output, stop: server.stop };
}

export interface JourneyEnvironment {
  server: Awaited<ReturnType<typeof startRealServer>>;
  browser: Browser;
}

/** The real server and a browser for one test file, started before its tests and stopped after. */
export function journeyEnvironment(): JourneyEnvironment {
  const environment = {} as JourneyEnvironment;
  beforeAll(async () => {
    environment.server = await startRealServer();
    environment.browser = await launchBrowser();
  });
  afterAll(async () => {
    await environment.browser?.close();
    await environment.server?.stop();
  });
  return environment;
}
