import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { Transform, type TransformCallback } from "node:stream";
import pg from "pg";

// `npm run db -- dump FILE` and `restore FILE`: PostgreSQL's own pg_dump, pg_restore and psql,
// found on this machine and checked against the server's version before anything is done.

const TOOLS = ["pg_dump", "pg_restore", "psql"] as const;

/** The variables read here (PG_BIN_DIR, PATH): any environment, process.env by default. */
type Environment = Record<string, string | undefined>;

export interface ClientTools {
  /** The folder holding pg_dump, pg_restore and psql. */
  dir: string;
  version: string;
  major: number;
}

export interface ServerVersion {
  version: string;
  major: number;
}

/** "pg_dump (PostgreSQL) 18.6", "pg_dump (PostgreSQL) 15.20 (Debian 15.20-0+deb12u1)" → 18.6, 15.20. */
export function parseClientVersion(output: string): { version: string; major: number } | null {
  const match = /\(PostgreSQL\)\s+(\d+)(?:\.(\d+))?/.exec(output);
  if (!match) return null;
  return { version: match[2] === undefined ? match[1] : `${match[1]}.${match[2]}`, major: Number(match[1]) };
}

/** PG_BIN_DIR alone when set; otherwise every folder of PATH, then Debian's /usr/lib/postgresql/N/bin, newest first. */
export function candidateDirs(environment: Environment = process.env, debianRoot = "/usr/lib/postgresql"): string[] {
  if (environment.PG_BIN_DIR?.trim()) return [path.resolve(environment.PG_BIN_DIR.trim())];
  const fromPath = (environment.PATH ?? "").split(path.delimiter).filter(Boolean);
  let debian: string[] = [];
  try {
    debian = fs
      .readdirSync(debianRoot)
      .filter((name) => /^\d+$/.test(name))
      .sort((x, y) => Number(y) - Number(x))
      .map((name) => path.join(debianRoot, name, "bin"));
  } catch {
    // Not Debian's layout: PATH only.
  }
  return [...new Set([...fromPath, ...debian])];
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** Every folder holding the three tools, with the version its pg_dump reports. */
export async function findClientTools(environment: Environment = process.env, debianRoot?: string): Promise<ClientTools[]> {
  const found: ClientTools[] = [];
  for (const dir of candidateDirs(environment, debianRoot)) {
    if (!TOOLS.every((tool) => isExecutable(path.join(dir, tool)))) continue;
    const { code, stdout } = await run(path.join(dir, "pg_dump"), ["--version"]);
    const parsed = code === 0 ? parseClientVersion(stdout) : null;
    if (parsed) found.push({ dir, ...parsed });
  }
  return found;
}

/**
 * The newest tools found, if they may work with this server: pg_dump refuses a server of a newer
 * major version than its own, and an older pg_restore cannot read what a newer pg_dump wrote.
 * Otherwise an error saying, in Vietnamese, what to install.
 */
export function chooseClientTools(found: ClientTools[], server: ServerVersion, environment: Environment = process.env): ClientTools {
  const newest = [...found].sort((x, y) => y.major - x.major)[0];
  if (newest && newest.major >= server.major) return newest;
  const install =
    `Hãy cài gói postgresql-client-${server.major} từ kho apt.postgresql.org của PostgreSQL (Debian 12 chỉ có bản 15), ` +
    `rồi chạy lại; hoặc đặt PG_BIN_DIR tới thư mục chứa pg_dump, pg_restore và psql phiên bản ${server.major} trở lên.`;
  if (!newest) {
    const where = environment.PG_BIN_DIR?.trim() ? `trong PG_BIN_DIR (${environment.PG_BIN_DIR.trim()})` : "trong PATH và /usr/lib/postgresql/*/bin";
    throw new Error(`Không tìm thấy pg_dump, pg_restore và psql ${where}. Máy chủ PostgreSQL là phiên bản ${server.version}. ${install}`);
  }
  throw new Error(
    `pg_dump, pg_restore và psql phải là phiên bản ${server.major} trở lên (máy chủ PostgreSQL là phiên bản ${server.version}), ` +
      `nhưng bản mới nhất tìm thấy là ${newest.version} (${newest.dir}). ${install}`,
  );
}

export async function serverVersion(url: string): Promise<ServerVersion> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  client.on("error", () => {});
  await client.connect();
  try {
    const { rows } = await client.query<{ version: string; num: number }>(
      "select current_setting('server_version') as version, current_setting('server_version_num')::int as num",
    );
    return { version: rows[0].version.split(" ")[0], major: Math.floor(rows[0].num / 10000) };
  } finally {
    await client.end().catch(() => {});
  }
}

/** The connection string without its password (other users of the machine can read a command line), and the password for PGPASSWORD. */
function connection(url: string): { dbname: string; env: NodeJS.ProcessEnv } {
  const parsed = new URL(url);
  const password = decodeURIComponent(parsed.password);
  parsed.password = "";
  return { dbname: parsed.toString(), env: { ...process.env, ...(password ? { PGPASSWORD: password } : {}), PGAPPNAME: "cchc-db-tool" } };
}

/** A custom-format dump of the database into `file` (written under `file.partial`, renamed once complete). */
export async function dumpDatabase(url: string, file: string, tools: ClientTools): Promise<void> {
  const { dbname, env } = connection(url);
  const partial = `${file}.partial`;
  const { code, stderr } = await run(path.join(tools.dir, "pg_dump"), ["--format=custom", `--file=${partial}`, `--dbname=${dbname}`], env);
  if (code !== 0) {
    fs.rmSync(partial, { force: true });
    throw new Error(`Sao lưu không thành công (pg_dump ${tools.version}):\n${stderr.trim()}`);
  }
  fs.renameSync(partial, file);
}

/** Connections of a running app (its pools are named cchc-app, cchc-answers, cchc-socket.io…) to this database. */
export async function appConnections(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  client.on("error", () => {});
  await client.connect();
  try {
    const { rows } = await client.query<{ count: string }>(
      "select count(*) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() and application_name like 'cchc-%' and application_name <> 'cchc-db-tool'",
    );
    return Number(rows[0].count);
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * Restores a dump made by `dumpDatabase` over the database, all or nothing: pg_restore writes the
 * SQL (dropping what is there first), psql runs it in one transaction that stops at the first
 * error, and COMMIT is sent only once pg_restore has finished well. Into a server older than 17,
 * the `SET transaction_timeout` that a pg_restore of 17 or newer writes first is left out (that
 * server does not know it; nothing else depends on it).
 */
export async function restoreDatabase(url: string, file: string, tools: ClientTools, server: ServerVersion): Promise<void> {
  if (!fs.existsSync(file)) throw new Error(`Không có tệp ${file}.`);
  const connected = await appConnections(url);
  if (connected > 0) throw new Error(`Ứng dụng đang kết nối tới cơ sở dữ liệu này (${connected} kết nối): hãy dừng ứng dụng (Ctrl+C) trước khi khôi phục.`);
  const { dbname, env } = connection(url);
  const restore = spawn(path.join(tools.dir, "pg_restore"), ["--clean", "--if-exists", "--no-owner", "--file=-", file], { env, stdio: ["ignore", "pipe", "pipe"] });
  const psql = spawn(path.join(tools.dir, "psql"), ["-X", "-q", "-o", "/dev/null", "-v", "ON_ERROR_STOP=1", `--dbname=${dbname}`], { env, stdio: ["pipe", "ignore", "pipe"] });
  const restoreErrors = collect(restore.stderr!);
  const psqlErrors = collect(psql.stderr!);
  const restoreExit = exitOf(restore);
  const psqlExit = exitOf(psql);
  // psql ending early (an error) leaves nobody to read pg_restore's output: stop it.
  void psqlExit.then(() => restore.kill("SIGTERM"));
  psql.stdin!.on("error", () => {});

  const filter = lineFilter(server.major < 17 ? (line) => !/^SET transaction_timeout = /.test(line) : () => true);
  psql.stdin!.write("BEGIN;\n");
  restore.stdout!.pipe(filter).pipe(psql.stdin!, { end: false });
  // Everything pg_restore wrote has been handed to psql (in order, before the COMMIT), or psql is gone.
  const filtered = new Promise<void>((resolve) => {
    filter.once("end", resolve);
    void psqlExit.then(() => resolve());
  });
  const restoreCode = await restoreExit;
  await filtered;
  // Without COMMIT, psql's end closes the session and PostgreSQL rolls everything back.
  if (restoreCode === 0) psql.stdin!.end("COMMIT;\n");
  else psql.stdin!.end();
  const psqlCode = await psqlExit;
  if (restoreCode !== 0 || psqlCode !== 0) {
    const words = [await restoreErrors, await psqlErrors].map((text) => text.trim()).filter(Boolean).join("\n");
    const hint = /unsupported version .* in file header/.test(words)
      ? "\nTệp do một pg_dump mới hơn tạo ra: cần pg_restore cùng phiên bản đó trở lên (đặt PG_BIN_DIR tới thư mục của nó)."
      : "";
    throw new Error(`Khôi phục không thành công; cơ sở dữ liệu vẫn như trước khi khôi phục (pg_restore ${tools.version}):\n${words}${hint}`);
  }
}

function lineFilter(keep: (line: string) => boolean): Transform {
  let rest = "";
  return new Transform({
    transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback) {
      const lines = (rest + chunk.toString("utf8")).split("\n");
      rest = lines.pop()!;
      const kept = lines.filter(keep);
      callback(null, kept.length ? `${kept.join("\n")}\n` : undefined);
    },
    flush(callback: TransformCallback) {
      callback(null, rest && keep(rest) ? rest : undefined);
    },
  });
}

function collect(stream: NodeJS.ReadableStream): Promise<string> {
  let text = "";
  stream.on("data", (chunk) => (text += chunk));
  return new Promise((resolve) => stream.on("close", () => resolve(text)).on("end", () => resolve(text)));
}

function exitOf(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    child.once("error", () => resolve(-1));
    child.once("close", (code) => resolve(code ?? -1));
  });
}

function run(program: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(program, args, { env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.once("error", (error) => resolve({ code: -1, stdout, stderr: error.message }));
    child.once("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}
