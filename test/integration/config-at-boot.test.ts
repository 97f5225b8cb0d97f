import { spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { withDatabase } from "../../db/postgres";
import { ENV_VARIABLES } from "~/config/env.server";
import { freePort } from "../support/spawned-server";

// A bad environment variable stops the real start (`npm start`'s supervisor, and an app process
// started on its own) at once, with the Vietnamese message naming it, before anything is created,
// started or listening. Before this check, BCRYPT_CONCURRENCY=abc started fine and then answered
// every login with 503.

const BAD_BCRYPT = "BCRYPT_CONCURRENCY phải là số nguyên từ 1 đến 64 (số luồng băm mật khẩu)";
/** Far above the ~3 s the supervisor needs to load on a busy machine, far below any real start (migrations, banks). */
const QUICK_MS = 20_000;

let scratch: string;
let port: number;
// A database that does not exist: the check must stop the start before any connection is tried.
let databaseUrl: string;

beforeAll(async () => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), "cchc-config-"));
  port = await freePort();
  databaseUrl = withDatabase(inject("pgServerUrl"), "config_check_never_connects");
});
afterAll(() => {
  fs.rmSync(scratch, { recursive: true, force: true });
});

/** This process's environment without any of the app's variables (the test runner sets some). */
function cleanEnvironment(): NodeJS.ProcessEnv {
  const environment = { ...process.env };
  for (const name of ENV_VARIABLES) delete environment[name];
  return environment;
}

/** Runs a script to its end (or kills it after `timeoutMs`): exit code, output, how long it took. */
async function runToExit(script: string, environment: NodeJS.ProcessEnv, timeoutMs = 60_000) {
  const started = Date.now();
  const child = spawn(process.execPath, ["--import", "tsx", script], { env: environment, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  const killer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
  const code = await new Promise<number | null>((resolve) => child.once("exit", (exitCode) => resolve(exitCode)));
  clearTimeout(killer);
  return { code, output, ms: Date.now() - started };
}

/** Whether something accepts connections on the port. */
function listening(onPort: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(onPort, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

describe("configuration checked at boot", () => {
  it("npm start's supervisor stops at once on a bad variable, lists every bad one, and never starts anything", async () => {
    const dataDir = path.join(scratch, "supervisor-data");
    const run = await runToExit("scripts/serve.ts", {
      ...cleanEnvironment(),
      DATABASE_URL: databaseUrl,
      DATA_DIR: dataDir,
      PORT: String(port),
      BCRYPT_CONCURRENCY: "abc",
      SESSION_IDLE_DAYS: "14 ngày",
      WORKERS: "0",
    });
    expect(run.code, run.output).toBe(1);
    expect(run.ms).toBeLessThan(QUICK_MS);
    expect(run.output).toContain("Cấu hình môi trường không hợp lệ:");
    expect(run.output).toContain(`  - ${BAD_BCRYPT}`);
    expect(run.output).toContain("  - SESSION_IDLE_DAYS phải là số nguyên từ 1 đến 365");
    expect(run.output).toContain("  - WORKERS phải là số nguyên từ 1 đến 64");
    expect(run.output).toContain("Sửa các biến môi trường trên rồi chạy lại npm start");
    // A message for a person, not a stack trace.
    expect(run.output).not.toMatch(/^\s+at /m);
    // Nothing was started: no worker, no data folder (it is created right after the check), no listener.
    expect(run.output).not.toContain("đã sẵn sàng");
    expect(fs.existsSync(dataDir)).toBe(false);
    expect(await listening(port)).toBe(false);
  }, 60_000);

  it("an app process started on its own checks again, and says what only npm start provides", async () => {
    const run = await runToExit("scripts/app-process.ts", {
      ...cleanEnvironment(),
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      BCRYPT_CONCURRENCY: "abc",
    });
    // No time bound here: loading the whole app takes a while on a busy machine, and the
    // supervisor has already refused this environment before any worker is forked.
    expect(run.code, run.output).toBe(1);
    expect(run.output).toContain(`  - ${BAD_BCRYPT}`);
    expect(run.output).toContain("  - SESSION_SECRET chưa được đặt: tiến trình ứng dụng cần được khởi động bằng npm start");
    expect(run.output).not.toMatch(/^\s+at /m);
    // It stopped before its database: an attempt to connect would have failed with another message.
    expect(run.output).not.toContain("config_check_never_connects");
    expect(await listening(port)).toBe(false);
  }, 60_000);
});
