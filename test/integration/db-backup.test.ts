import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { candidateDirs, chooseClientTools, parseClientVersion } from "../../db/backup";
import { migrateToLatest } from "../../db/migrate";
import { ensureDatabase, startEmbeddedPostgres, withDatabase, type RunningPostgres } from "../../db/postgres";
import { createDatabase } from "~/database/connection.server";
import { freePort } from "../support/spawned-server";

// `npm run db -- dump FILE` / `restore FILE` for real: PostgreSQL's own tools, run by the script.
// Debian 12's client is PostgreSQL 15 (/usr/lib/postgresql/15/bin): it must be refused by the
// embedded server (18), with a message saying what to install, and it must dump and restore a
// database of the machine's PostgreSQL 15 (127.0.0.1:5432), the same version.

const CLIENT_15 = process.env.TEST_PG15_BIN_DIR ?? "/usr/lib/postgresql/15/bin";
const SERVER_15 = process.env.TEST_PG15_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

function dbScript(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/db.ts", ...args], { env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    child.once("close", (code) => resolve({ code: code ?? -1, output }));
  });
}

const { DATABASE_URL: _d, PG_BIN_DIR: _p, DATA_DIR: _a, ...inherited } = process.env;

describe("finding PostgreSQL's tools and checking their version", () => {
  it("reads the version pg_dump prints, Debian's included", () => {
    expect(parseClientVersion("pg_dump (PostgreSQL) 18.6\n")).toEqual({ version: "18.6", major: 18 });
    expect(parseClientVersion("pg_dump (PostgreSQL) 15.20 (Debian 15.20-0+deb12u1)\n")).toEqual({ version: "15.20", major: 15 });
    expect(parseClientVersion("pg_dump (PostgreSQL) 19devel")).toEqual({ version: "19", major: 19 });
    expect(parseClientVersion("command not found")).toBeNull();
  });

  it("looks only in PG_BIN_DIR when it is set; otherwise PATH, then Debian's folders, newest first", () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "cchc-pgroot-"));
    for (const major of ["13", "18", "15"]) fs.mkdirSync(path.join(root, major, "bin"), { recursive: true });
    fs.mkdirSync(path.join(root, "common"));
    try {
      expect(candidateDirs({ PG_BIN_DIR: "/opt/pg/bin", PATH: "/usr/bin" }, root)).toEqual(["/opt/pg/bin"]);
      expect(candidateDirs({ PATH: "/usr/local/bin:/usr/bin" }, root)).toEqual(["/usr/local/bin", "/usr/bin", ...["18", "15", "13"].map((m) => path.join(root, m, "bin"))]);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it("takes the newest tools found, and refuses, saying what to install, when they are older than the server", () => {
    const server = { version: "18.4", major: 18 };
    const found = [
      { dir: "/usr/lib/postgresql/15/bin", version: "15.20", major: 15 },
      { dir: "/usr/lib/postgresql/18/bin", version: "18.6", major: 18 },
    ];
    expect(chooseClientTools(found, server, {}).dir).toBe("/usr/lib/postgresql/18/bin");
    expect(chooseClientTools(found, { version: "15.20", major: 15 }, {}).major).toBe(18);
    expect(() => chooseClientTools(found.slice(0, 1), server, {})).toThrow(
      "pg_dump, pg_restore và psql phải là phiên bản 18 trở lên (máy chủ PostgreSQL là phiên bản 18.4), nhưng bản mới nhất tìm thấy là 15.20 (/usr/lib/postgresql/15/bin). Hãy cài gói postgresql-client-18 từ kho apt.postgresql.org",
    );
    expect(() => chooseClientTools([], server, { PG_BIN_DIR: "/opt/pg/bin" })).toThrow("Không tìm thấy pg_dump, pg_restore và psql trong PG_BIN_DIR (/opt/pg/bin).");
  });
});

describe("npm run db -- dump with Debian 12's client (15) against the embedded PostgreSQL (18)", () => {
  let dataDir: string;
  let embedded: RunningPostgres;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "cchc-backup-"));
    fs.chmodSync(dataDir, 0o755); // the cluster's OS user must reach its folder
    embedded = await startEmbeddedPostgres(path.join(dataDir, "postgres"), await freePort());
    await ensureDatabase(embedded.serverUrl, "cchc");
  }, 60_000);
  afterAll(async () => {
    await embedded?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  it("is refused before anything is written, in Vietnamese, naming the package to install", async () => {
    const file = path.join(dataDir, "cchc.dump");
    const { code, output } = await dbScript(["dump", file], { ...inherited, DATA_DIR: dataDir, PG_BIN_DIR: CLIENT_15 });
    expect(code).toBe(1);
    expect(output).toMatch(/^pg_dump, pg_restore và psql phải là phiên bản 18 trở lên \(máy chủ PostgreSQL là phiên bản 18\.\d+\), nhưng bản mới nhất tìm thấy là 15\.\d+ /);
    expect(output).toContain("Hãy cài gói postgresql-client-18 từ kho apt.postgresql.org");
    expect(fs.readdirSync(dataDir).filter((name) => name.startsWith("cchc.dump"))).toEqual([]);
  }, 60_000);
});

describe("npm run db -- dump / restore with the client 15 against the machine's PostgreSQL 15", () => {
  const database = `backup_${randomBytes(4).toString("hex")}`;
  const url = withDatabase(SERVER_15, database);
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), "cchc-dumps-"));
  const env = { ...inherited, DATABASE_URL: url, PG_BIN_DIR: CLIENT_15 };
  let client: pg.Client;
  const probeRows = async () => (await client.query("select id, note from backup_probe order by id")).rows;

  beforeAll(async () => {
    const admin = new pg.Client({ connectionString: SERVER_15 });
    await admin.connect();
    expect(Number((await admin.query("show server_version_num")).rows[0].server_version_num)).toBeGreaterThanOrEqual(150000);
    await admin.query(`create database ${database}`);
    await admin.end();
    const db = createDatabase(url, 2);
    await migrateToLatest(db);
    await db.destroy();
    client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query("create table backup_probe (id int primary key, note text not null)");
    await client.query("insert into backup_probe values (1, 'trước khi sao lưu'), (2, 'câu trả lời đã lưu')");
  }, 60_000);
  afterAll(async () => {
    await client?.end();
    const admin = new pg.Client({ connectionString: SERVER_15 });
    await admin.connect();
    await admin.query(`drop database if exists ${database} with (force)`);
    await admin.end();
    fs.rmSync(folder, { recursive: true, force: true });
  }, 60_000);

  it("dumps, then restores the database as it was at the dump, all or nothing, never under a running app", async () => {
    const migrations = Number((await client.query("select count(*) from kysely_migration")).rows[0].count);
    expect(migrations).toBeGreaterThan(0);
    const file = path.join(folder, "cchc.dump");

    const dumped = await dbScript(["dump", file], env);
    expect(dumped.output).toMatch(/^Đã sao lưu vào .*cchc\.dump \([\d.]+ byte; pg_dump 15\.\d+, máy chủ 15\.\d+\)\.\n$/);
    expect(dumped.code).toBe(0);
    expect(fs.existsSync(`${file}.partial`)).toBe(false);

    // After the dump: a row added, one changed, and a table of the app dropped.
    await client.query("insert into backup_probe values (3, 'sau khi sao lưu')");
    await client.query("update backup_probe set note = 'đã sửa' where id = 2");
    await client.query("drop table password_resets");

    // An app connected to the database: refused, nothing done.
    const app = new pg.Client({ connectionString: url, application_name: "cchc-app" });
    await app.connect();
    const refused = await dbScript(["restore", file], env);
    await app.end();
    expect(refused.code).toBe(1);
    expect(refused.output).toContain("Ứng dụng đang kết nối tới cơ sở dữ liệu này (1 kết nối): hãy dừng ứng dụng (Ctrl+C) trước khi khôi phục.");
    expect(await probeRows()).toHaveLength(3);

    // A damaged dump (its last bytes lost): pg_restore has written the drops, the tables and most
    // of the data when it fails, and psql has run them; the database is left exactly as it was.
    const damaged = path.join(folder, "damaged.dump");
    const bytes = fs.readFileSync(file);
    fs.writeFileSync(damaged, bytes.subarray(0, bytes.length - 20));
    const failed = await dbScript(["restore", damaged], env);
    expect(failed.code).toBe(1);
    expect(failed.output).toContain("Khôi phục không thành công; cơ sở dữ liệu vẫn như trước khi khôi phục (pg_restore 15.");
    expect(failed.output).toContain("pg_restore: error: could not read from input file: end of file");
    expect((await client.query("select to_regclass('password_resets') is null as gone")).rows[0].gone).toBe(true);
    expect(await probeRows()).toEqual([
      { id: 1, note: "trước khi sao lưu" },
      { id: 2, note: "đã sửa" },
      { id: 3, note: "sau khi sao lưu" },
    ]);

    // The whole dump: the database as it was when dumped.
    const restored = await dbScript(["restore", file], env);
    expect(restored.output).toMatch(/^Đã khôi phục .*cchc\.dump \(pg_restore 15\.\d+, máy chủ 15\.\d+\)\.\n$/);
    expect(restored.code).toBe(0);
    expect(await probeRows()).toEqual([
      { id: 1, note: "trước khi sao lưu" },
      { id: 2, note: "câu trả lời đã lưu" },
    ]);
    expect(Number((await client.query("select count(*) from kysely_migration")).rows[0].count)).toBe(migrations);
    expect((await client.query("select to_regclass('password_resets') is not null as back")).rows[0].back).toBe(true);
  }, 90_000);
});
