import { PassThrough } from "node:stream";
import { sql } from "kysely";
import { allowLongStatements, type DB } from "~/database/connection.server";
import { databaseSettings } from "~/database/settings";
import type { ExportJobKind, ExportJobStatus, Role } from "~/database/schema";
import { intIdField, optionalIntIdField } from "~/http/forms";
import { downloadFileName } from "~/http/download-name";
import { UserFacingError } from "~/http/user-facing-error";
import { countRankingRows, readRankingRows } from "~/rankings/ranking-export.server";
import { allUnitRows, type RankingScope } from "~/rankings/rankings.server";
import { pathWithin, rankingAccess } from "~/rankings/visibility";
import { z } from "~/validation/z";
import { EXPORT_KIND_LABELS } from "./export-labels";
import { childrenOf, getParRule } from "./par-points.server";
import { parIndexTable } from "~/awards/par-index";
import { participationSheet, rankingSheet, type DocumentHeading, type RankingRecord, type UnitParticipationRecord } from "./result-sheets.server";
import { streamWorkbook, type AnySheet } from "./xlsx-sheet.server";

// Exports of rankings, unit tables and PAR points as background jobs. A POST creates a job row
// (or finds the same person's same export still running) and the job runs in this process: rows
// are read through a cursor inside one repeatable-read transaction (one consistent snapshot) and
// written by the streaming xlsx writer, which yields to the event loop between batches, so other
// requests keep being served. Progress is written to the row every few batches; the page polls it.
// The finished file is kept in the row (every app process can serve it) until it expires.
//
// While it runs, a job holds a transaction-level advisory lock on its id: on start, a process fails
// every unfinished job whose lock nobody holds, i.e. a job its process died running.

export const INTERRUPTED_MESSAGE = "Máy chủ khởi động lại trong khi xuất, vui lòng xuất lại.";
const FAILED_MESSAGE = "Không xuất được tệp do lỗi máy chủ, vui lòng thử lại.";
const KEEP_FILES_DAYS = 7;
/** Rows between two progress writes (the writer yields every 50 rows). */
const PROGRESS_EVERY_ROWS = 1000;


/** The export form (and the job's stored params). `round`: a round id, or "all" for the whole contest. */
export const exportParamsSchema = z.object({
  kind: z.enum(["ranking", "units", "par"], { error: "Vui lòng chọn loại bảng cần xuất" }),
  round: z.union([z.literal("all"), intIdField("Vui lòng chọn đợt thi hoặc toàn cuộc thi")], { error: "Vui lòng chọn đợt thi hoặc toàn cuộc thi" }),
  groupId: optionalIntIdField("Bảng thi không hợp lệ").optional(),
  /** Ranking: people of this unit's subtree only. Unit table and PAR: the units under this one. */
  unitId: optionalIntIdField("Đơn vị không hợp lệ").optional(),
  /** Unit table: only the units directly under `unitId`, or the whole subtree. */
  depth: z.enum(["children", "subtree"]).default("children"),
});

export type ExportParams = z.infer<typeof exportParamsSchema>;

export interface ExportRequester {
  id: number;
  role: Role;
  unitId: number;
}

export interface ExportJobView {
  id: string;
  contestId: number;
  kind: ExportJobKind;
  title: string;
  fileName: string;
  status: ExportJobStatus;
  rowsDone: number;
  rowsTotal: number | null;
  byteSize: number | null;
  error: string | null;
  createdAt: string;
  finishedAt: string | null;
  expiresAt: string;
  requestedBy: number;
}

const canonicalParams = (p: ExportParams) =>
  JSON.stringify({ kind: p.kind, round: p.round, groupId: p.groupId ?? null, unitId: p.unitId ?? null, depth: p.kind === "units" ? p.depth : "children" });

/**
 * The subtree a requester's exports are limited to (null: everything). Organizers and admins export
 * everything, a province leader too; other leaders only their own unit's subtree (personal details
 * are theirs to see only there); contestants and anonymous visitors nothing.
 */
export async function exportLimit(db: DB, requester: ExportRequester): Promise<string | null> {
  if (requester.role !== "admin" && requester.role !== "organizer" && requester.role !== "leader") {
    throw new UserFacingError(403, "Chỉ Ban tổ chức và lãnh đạo đơn vị được xuất kết quả.", "forbidden");
  }
  const unit = await db.selectFrom("units").select("path").where("id", "=", requester.unitId).executeTakeFirstOrThrow();
  const access = rankingAccess({ id: requester.id, role: requester.role, unitPath: unit.path }, { rankingPublic: false });
  return access.detailsWithin;
}

interface ResolvedExport {
  params: ExportParams;
  scope: RankingScope;
  groupId: number | null;
  heading: DocumentHeading;
  title: string;
  fileName: string;
  /** Ranking: the subtree's path; unit table / PAR: the parent unit's path (null: the whole tree). */
  unitPath: string | null;
  unitId: number | null;
}

/** Checks the params against the contest and the requester's limit; every refusal is a Vietnamese message. */
/**
 * The contest an exporter may read: organizers any, a leader (`limit` set) only a published one —
 * a draft's title and rounds are the organizers' until it is published, as on the leaders' pages.
 */
export async function exportableContest(db: DB, contestId: number, limit: string | null): Promise<{ id: number; title: string } | null> {
  const contest = await db.selectFrom("contests").select(["id", "title", "status"]).where("id", "=", contestId).executeTakeFirst();
  if (!contest || (limit !== null && contest.status !== "published")) return null;
  return { id: contest.id, title: contest.title };
}

export async function resolveExport(db: DB, contestId: number, params: ExportParams, limit: string | null): Promise<ResolvedExport> {
  const contest = await exportableContest(db, contestId, limit);
  if (!contest) throw new UserFacingError(404, "Không tìm thấy cuộc thi.");
  let scope: RankingScope = { kind: "contest", contestId };
  const scopeParts: string[] = [];
  if (params.round === "all") scopeParts.push("Toàn cuộc thi");
  else {
    const round = await db.selectFrom("rounds").select(["id", "number", "title"]).where("id", "=", params.round).where("contest_id", "=", contestId).executeTakeFirst();
    if (!round) throw new UserFacingError(400, "Đợt thi đã chọn không thuộc cuộc thi này.");
    scope = { kind: "round", roundId: round.id };
    scopeParts.push(`Đợt ${round.number}: ${round.title}`);
  }
  let groupId: number | null = null;
  if (params.groupId) {
    const group = await db.selectFrom("contest_groups").select(["id", "name"]).where("id", "=", params.groupId).where("contest_id", "=", contestId).executeTakeFirst();
    if (!group) throw new UserFacingError(400, "Bảng thi đã chọn không thuộc cuộc thi này.");
    groupId = group.id;
    scopeParts.push(group.name);
  }
  let unitId = params.unitId ?? null;
  // A leader's export without a unit is their own subtree.
  if (unitId === null && limit !== null) {
    const own = await db.selectFrom("units").select("id").where("path", "=", limit).executeTakeFirstOrThrow();
    unitId = own.id;
  }
  let unitPath: string | null = null;
  let unitName: string | null = null;
  if (unitId !== null) {
    const unit = await db.selectFrom("units").select(["id", "path", "name"]).where("id", "=", unitId).executeTakeFirst();
    if (!unit) throw new UserFacingError(400, "Không tìm thấy đơn vị đã chọn.");
    unitPath = unit.path;
    unitName = unit.name;
  }
  if (limit !== null && (unitPath === null || !pathWithin(unitPath, limit))) {
    throw new UserFacingError(403, "Bạn chỉ được xuất kết quả của đơn vị mình và các đơn vị trực thuộc.", "forbidden");
  }
  if (unitName) scopeParts.push(params.kind === "ranking" ? `Đơn vị: ${unitName}` : `Các đơn vị thuộc ${unitName}`);
  const title = EXPORT_KIND_LABELS[params.kind];
  return {
    params,
    scope,
    groupId,
    heading: { contestTitle: contest.title, scope: scopeParts.join(" – ") },
    title,
    fileName: downloadFileName([title, contest.title, ...scopeParts], "xlsx"),
    unitPath,
    unitId,
  };
}

function toView(row: {
  id: string;
  contest_id: number;
  kind: ExportJobKind;
  title: string;
  file_name: string;
  status: ExportJobStatus;
  rows_done: number;
  rows_total: number | null;
  byte_size: number | null;
  error: string | null;
  created_at: Date;
  finished_at: Date | null;
  expires_at: Date;
  requested_by: number;
}): ExportJobView {
  return {
    id: row.id,
    contestId: row.contest_id,
    kind: row.kind,
    title: row.title,
    fileName: row.file_name,
    status: row.status,
    rowsDone: row.rows_done,
    rowsTotal: row.rows_total,
    byteSize: row.byte_size,
    error: row.error,
    createdAt: row.created_at.toISOString(),
    finishedAt: row.finished_at?.toISOString() ?? null,
    expiresAt: row.expires_at.toISOString(),
    requestedBy: row.requested_by,
  };
}

const VIEW_COLUMNS = [
  "id",
  "contest_id",
  "kind",
  "title",
  "file_name",
  "status",
  "rows_done",
  "rows_total",
  "byte_size",
  "error",
  "created_at",
  "finished_at",
  "expires_at",
  "requested_by",
] as const;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function getExportJob(db: DB, jobId: string): Promise<ExportJobView | null> {
  if (!UUID.test(jobId)) return null;
  const row = await db.selectFrom("export_jobs").select(VIEW_COLUMNS).where("id", "=", jobId).executeTakeFirst();
  return row ? toView(row) : null;
}

/** The requester's own exports of a contest, newest first. */
export async function listExportJobs(db: DB, contestId: number, userId: number, limit = 20): Promise<ExportJobView[]> {
  const rows = await db
    .selectFrom("export_jobs")
    .select(VIEW_COLUMNS)
    .where("contest_id", "=", contestId)
    .where("requested_by", "=", userId)
    .orderBy("created_at", "desc")
    .limit(limit)
    .execute();
  return rows.map(toView);
}

/** Who may see a job and download its file: the person who asked for it, or an organizer or admin. */
export function mayReadJob(job: Pick<ExportJobView, "requestedBy">, requester: { id: number; role: Role }): boolean {
  return job.requestedBy === requester.id || requester.role === "admin" || requester.role === "organizer";
}

/**
 * Starts an export, or returns the same person's same export while it is still queued or running
 * (a double click, a retried POST). The job runs in the background in this process.
 */
export async function startExport(
  db: DB,
  contestId: number,
  requester: ExportRequester,
  params: ExportParams,
): Promise<{ job: ExportJobView; created: boolean; done: Promise<void> }> {
  const limit = await exportLimit(db, requester);
  const resolved = await resolveExport(db, contestId, params, limit);
  const key = `${contestId}:${canonicalParams({ ...params, unitId: resolved.unitId ?? undefined })}`;
  const inserted = await db
    .insertInto("export_jobs")
    .values({
      contest_id: contestId,
      kind: params.kind,
      params: JSON.stringify(params),
      params_key: key,
      title: resolved.title,
      file_name: resolved.fileName,
      requested_by: requester.id,
      expires_at: new Date(Date.now() + KEEP_FILES_DAYS * 86_400_000),
    })
    .onConflict((oc) => oc.columns(["requested_by", "params_key"]).where("status", "in", ["queued", "running"]).doNothing())
    .returning(VIEW_COLUMNS)
    .executeTakeFirst();
  if (!inserted) {
    const running = await db
      .selectFrom("export_jobs")
      .select(VIEW_COLUMNS)
      .where("requested_by", "=", requester.id)
      .where("params_key", "=", key)
      .where("status", "in", ["queued", "running"])
      .executeTakeFirst();
    // It finished between the two statements: start afresh.
    if (!running) return startExport(db, contestId, requester, params);
    return { job: toView(running), created: false, done: Promise.resolve() };
  }
  const done = runExportJob(db, inserted.id, resolved);
  return { job: toView(inserted), created: true, done };
}

const lockKey = (jobId: string) => sql`hashtextextended(${`export_job:${jobId}`}, 0)`;

/** Runs a job to the end; never throws (a failure is written to the job). */
async function runExportJob(db: DB, jobId: string, resolved: ResolvedExport): Promise<void> {
  try {
    const chunks: Buffer[] = [];
    const sink = new PassThrough();
    sink.on("data", (chunk: Buffer) => chunks.push(chunk));
    const ended = new Promise<void>((resolve, reject) => {
      sink.on("end", resolve);
      sink.on("error", reject);
    });
    let lastWritten = 0;
    let progressWrite: Promise<unknown> = Promise.resolve();
    const counts = await db
      .transaction()
      .setIsolationLevel("repeatable read")
      .setAccessMode("read only")
      .execute(async (trx) => {
        // A big contest's workbook may take longer than an ordinary request is allowed.
        await allowLongStatements(trx, databaseSettings().exportStatementTimeoutMs);
        await sql`select pg_advisory_xact_lock(${lockKey(jobId)})`.execute(trx);
        const { sheet, total } = await buildSheet(db, trx, resolved);
        await db.updateTable("export_jobs").set({ status: "running", started_at: new Date(), rows_total: total }).where("id", "=", jobId).execute();
        return streamWorkbook(sink, [sheet], {
          batchSize: 50,
          totalRows: [total],
          onProgress: ({ rowsWritten }) => {
            if (rowsWritten - lastWritten < PROGRESS_EVERY_ROWS && rowsWritten !== total) return;
            lastWritten = rowsWritten;
            // Written outside the job's transaction, so the progress page sees it at once; never two at a time.
            progressWrite = progressWrite.then(() => db.updateTable("export_jobs").set({ rows_done: rowsWritten }).where("id", "=", jobId).execute()).catch(() => undefined);
          },
        });
      });
    await ended;
    await progressWrite;
    const content = Buffer.concat(chunks);
    await db
      .updateTable("export_jobs")
      .set({ status: "done", rows_done: counts[0], rows_total: counts[0], content, byte_size: content.length, finished_at: new Date() })
      .where("id", "=", jobId)
      .execute();
  } catch (error) {
    console.error(`[xuất dữ liệu] lượt xuất số ${jobId} thất bại:`, error);
    const message = error instanceof UserFacingError ? error.message : FAILED_MESSAGE;
    await db
      .updateTable("export_jobs")
      .set({ status: "failed", error: message, finished_at: new Date() })
      .where("id", "=", jobId)
      .execute()
      .catch(() => undefined);
  }
}

async function buildSheet(db: DB, trx: Parameters<typeof countRankingRows>[0], r: ResolvedExport): Promise<{ sheet: AnySheet; total: number }> {
  if (r.params.kind === "ranking") {
    const q = { scope: r.scope, groupId: r.groupId, unitPath: r.unitPath };
    const total = await countRankingRows(trx, q);
    async function* records(): AsyncGenerator<RankingRecord> {
      for await (const row of readRankingRows(trx, { ...q, fetchSize: 2000 })) {
        yield {
          rank: row.rank,
          fullName: row.fullName,
          position: row.position,
          unitName: row.unitLabel,
          score: row.score,
          predictionDistance: row.predictionDistance,
          durationMs: row.durationMs,
          finishedAt: row.finishedAt,
        };
      }
    }
    return { sheet: rankingSheet(r.heading, records()), total };
  }
  const units = await allUnitRows(trx, { scope: r.scope, groupId: r.groupId, withinPath: r.unitPath });
  if (r.params.kind === "units") {
    const rootDepth = r.unitPath ? r.unitPath.split(".").filter(Boolean).length - 1 : 0;
    const chosen = r.params.depth === "subtree" ? units : childrenOf(units, r.unitId);
    const records: UnitParticipationRecord[] = chosen.map((u) => ({
      unitName: u.name,
      depth: r.params.depth === "subtree" ? Math.max(0, u.depth - rootDepth) : 0,
      headcount: u.headcount,
      participants: u.participants,
      entries: u.entries,
    }));
    return { sheet: participationSheet(r.heading, records), total: records.length };
  }
  const { rule } = await getParRule(trx, r.scope.kind === "contest" ? r.scope.contestId : await contestOfRound(trx, r.scope.roundId));
  const table = parIndexTable(childrenOf(units, r.unitId), rule);
  const records: UnitParticipationRecord[] = table.map((p) => ({
    unitName: p.unit.name,
    headcount: p.unit.headcount,
    participants: p.unit.participants,
    entries: p.unit.entries,
    parPoints: p.points,
    parExplanation: p.explanation,
  }));
  return { sheet: participationSheet(r.heading, records, { withParIndex: true }), total: records.length };
}

async function contestOfRound(trx: Parameters<typeof countRankingRows>[0], roundId: number): Promise<number> {
  const round = await trx.selectFrom("rounds").select("contest_id").where("id", "=", roundId).executeTakeFirstOrThrow();
  return round.contest_id;
}

/** The finished file of a job, or null when it is not (or no longer) there. */
export async function exportFile(db: DB, jobId: string): Promise<{ content: Buffer; fileName: string } | null> {
  if (!UUID.test(jobId)) return null;
  const row = await db
    .selectFrom("export_jobs")
    .select(["content", "file_name"])
    .where("id", "=", jobId)
    .where("status", "=", "done")
    .where("expires_at", ">", new Date())
    .executeTakeFirst();
  return row?.content ? { content: row.content, fileName: row.file_name } : null;
}

/**
 * On start: every export left unfinished by a process that is gone (its advisory lock is free) is
 * marked failed with a message that asks to export again; expired files are dropped.
 * A job queued less than a minute ago may belong to another process that has not locked it yet.
 */
export async function failInterruptedExports(db: DB): Promise<number> {
  const unfinished = await db
    .selectFrom("export_jobs")
    .select(["id", "status", "created_at"])
    .where("status", "in", ["queued", "running"])
    .execute();
  let failed = 0;
  for (const job of unfinished) {
    if (job.status === "queued" && Date.now() - job.created_at.getTime() < 60_000) continue;
    const marked = await db.transaction().execute(async (trx) => {
      const { rows } = await sql<{ free: boolean }>`select pg_try_advisory_xact_lock(${lockKey(job.id)}) as free`.execute(trx);
      if (!rows[0].free) return false;
      const result = await trx
        .updateTable("export_jobs")
        .set({ status: "failed", error: INTERRUPTED_MESSAGE, finished_at: new Date() })
        .where("id", "=", job.id)
        .where("status", "in", ["queued", "running"])
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    });
    if (marked) failed++;
  }
  await db.updateTable("export_jobs").set({ content: null }).where("expires_at", "<", new Date()).where("content", "is not", null).execute();
  return failed;
}
