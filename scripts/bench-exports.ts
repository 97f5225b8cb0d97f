// npm run bench:exports — fills a scratch database with one round of 100,000 finalised results
// (200 units), starts the app (Remix + socket.io, as `npm start` runs it) in this process, then
// runs the background export of the whole individual ranking while a client asks for the login
// page every 50 ms. Prints the export's time and rows/s, the file's size, and the latency
// (p50/p95/max) of those other requests before and during the export. A benchmark, not a test.
//   --people=N (default 100,000), --keep (reuse a filled database)
import type { AddressInfo } from "node:net";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { performance } from "node:perf_hooks";
import { installGlobals, type ServerBuild } from "@remix-run/node";
import { sql } from "kysely";
import { migrateToLatest } from "../db/migrate";
import { createDatabase, type DB } from "../app/database/connection.server";
import { getExportJob, startExport } from "../app/exports/export-jobs.server";
import { rebuildRankings } from "../app/rankings/maintenance.server";
import { createAppServer } from "../app/server/create-app.server";
import { createClosedBenchContest, fillBenchUnitTree, openBenchDatabase } from "./bench/bench-contest";

installGlobals({ nativeFetch: true });
process.env.SESSION_SECRET ??= "bench-exports-session-secret-0123456789abcdef";

const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split("=")[1];
const PEOPLE = Number(arg("people") ?? 100_000);
const KEEP = process.argv.includes("--keep");
const DATABASE = "bench_exports";
const INTERVAL_MS = 50;

async function main() {
  const { databaseUrl, embedded } = await openBenchDatabase(DATABASE, { keep: KEEP, embeddedDir: ".data/bench-exports-postgres", embeddedPort: 54379 });
  const db = createDatabase(databaseUrl, 20);
  let server: Awaited<ReturnType<typeof createAppServer>> | undefined;
  try {
    await migrateToLatest(db);
    if (!(await db.selectFrom("rounds").select("id").executeTakeFirst())) await fill(db);
    const round = await db.selectFrom("rounds").select(["id", "contest_id"]).executeTakeFirstOrThrow();
    const organizer = await db.selectFrom("users").select(["id", "unit_id"]).where("role", "=", "organizer").executeTakeFirstOrThrow();
    const { n } = await db.selectFrom("round_results").select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow();
    console.log(`Round ${round.id}: ${Number(n).toLocaleString("en")} finalised results.`);

    const buildDir = path.resolve("build");
    const build = (await import(pathToFileURL(path.join(buildDir, "server", "index.js")).href)) as ServerBuild;
    server = await createAppServer({ db, build, buildDir, cluster: null });
    const httpServer = server.httpServer;
    await new Promise<void>((resolve) => httpServer.listen(0, "127.0.0.1", resolve));
    const baseUrl = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`;

    // Other users' requests: the login page (a Remix render) every 50 ms, each timed.
    const probe = () => {
      const latencies: number[] = [];
      let stopped = false;
      const loop = (async () => {
        while (!stopped) {
          const started = performance.now();
          const response = await fetch(`${baseUrl}/dang-nhap`);
          await response.arrayBuffer();
          if (response.status !== 200) throw new Error(`GET /dang-nhap answered ${response.status}`);
          const took = performance.now() - started;
          latencies.push(took);
          await new Promise((resolve) => setTimeout(resolve, Math.max(0, INTERVAL_MS - took)));
        }
      })();
      return { latencies, stop: async () => ((stopped = true), await loop) };
    };

    const idle = probe();
    await new Promise((resolve) => setTimeout(resolve, 3000));
    await idle.stop();
    report("login page, no export running", idle.latencies);

    for (const scope of [{ round: round.id, label: "one round" }, { round: "all" as const, label: "whole contest" }]) {
      const busy = probe();
      const started = performance.now();
      const { job, done } = await startExport(db, round.contest_id, { id: organizer.id, role: "organizer", unitId: organizer.unit_id }, { kind: "ranking", round: scope.round, depth: "children" });
      await done;
      const seconds = (performance.now() - started) / 1000;
      await busy.stop();
      const finished = await getExportJob(db, job.id);
      if (finished?.status !== "done") throw new Error(`export ended ${finished?.status}: ${finished?.error}`);
      console.log(
        `\nExport of the individual ranking (${scope.label}): ${finished.rowsDone.toLocaleString("en")} rows in ${seconds.toFixed(1)} s = ${Math.round(finished.rowsDone / seconds).toLocaleString("en")} rows/s, file ${((finished.byteSize ?? 0) / 1_048_576).toFixed(1)} MB`,
      );
      report("login page during the export", busy.latencies);
    }
  } finally {
    await server?.close();
    await db.destroy();
    await embedded?.stop();
  }
}

function report(label: string, latencies: number[]) {
  const sorted = latencies.slice().sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]?.toFixed(1) ?? "—";
  console.log(`${label}: ${sorted.length} requests, p50 ${at(0.5)} ms, p95 ${at(0.95)} ms, max ${sorted.at(-1)?.toFixed(1) ?? "—"} ms`);
}

async function fill(db: DB) {
  console.log(`Filling 200 units, ${PEOPLE.toLocaleString("en")} people and their entries…`);
  const started = performance.now();
  await fillBenchUnitTree(db, { provinceName: "Tỉnh Hậu Giang", departments: 40, communes: 20, total: 200 });
  await sql`insert into users (full_name, email, password_hash, unit_id, role) values ('Ban Tổ Chức', 'btc@bench.vn', 'x', 1, 'organizer')`.execute(db);
  const { contestId, groupId, roundId } = await createClosedBenchContest(db, "Cuộc thi tìm hiểu cải cách hành chính (đo tốc độ xuất)");
  await sql`
    insert into users (full_name, phone, password_hash, unit_id, position)
    select (array['Nguyễn','Trần','Lê','Phạm','Hoàng','Huỳnh','Phan','Vũ','Võ','Đặng'])[1 + i % 10] || ' ' ||
           (array['Văn','Thị','Minh','Hữu','Đức','Thanh','Ngọc','Quốc'])[1 + (i / 10) % 8] || ' ' ||
           (array['An','Bình','Châu','Dũng','Giang','Hà','Hải','Khoa','Lan','Long','Mai','Nam'])[1 + (i / 80) % 12] || ' ' || i,
           '09' || lpad(i::text, 8, '0'), 'x', 1 + (i::bigint * 7919) % 200, case when i % 5 = 0 then 'Chuyên viên' end
    from generate_series(1, ${PEOPLE}) i`.execute(db);
  await sql`update units set headcount = ceil(c.n * 1.3) from (select unit_id, count(*) n from users group by unit_id) c where c.unit_id = units.id`.execute(db);
  await sql`
    insert into entries (round_id, user_id, attempt_no, status, started_at, deadline, finished_at, question_count, score, correct_count, duration_ms, group_id, prediction)
    select ${roundId}, u.id, 1, 'submitted', f - make_interval(secs => d / 1000.0), f + interval '10 minutes', f, 20, 5 * c, c, d, ${groupId},
           case when u.id % 7 = 0 then null else 500000 + (hashint4(u.id * 3) & 1048575) end
    from users u
    cross join lateral (select least(20, 8 + (abs(hashint4(u.id * 31)) % 9) + (abs(hashint4(u.id * 17)) % 7)) as c,
                               60000 + abs(hashint4(u.id * 13)) % 840000 as d,
                               now() - interval '8 days' + make_interval(secs => abs(hashint4(u.id * 11)) % (7 * 86400)) as f) x
    where u.role = 'contestant'`.execute(db);
  await rebuildRankings(db, { contestId });
  await sql`vacuum analyze`.execute(db);
  console.log(`Filled in ${((performance.now() - started) / 1000).toFixed(0)} s.`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
