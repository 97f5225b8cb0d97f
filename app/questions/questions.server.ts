import { sql, type Expression, type ExpressionBuilder, type SqlBool } from "kysely";
import type { DBOrTransaction } from "~/database/connection.server";
import type { Database, Difficulty, QuestionStatus, QuestionType } from "~/database/schema";
import { UserFacingError } from "~/http/user-facing-error";
import { foldText } from "~/text/normalize";
import { contentHash, type QuestionContent } from "./question-content";
import { matchRanges, parseSearchQuery, questionSearchText, searchTsQueries, type SearchQuery } from "./search-text";
import type { QuestionLogEntry } from "./question-history.server";
import { LEAVES_POOL_MESSAGE, statusAfterEdit } from "./workflow";

export interface QuestionFilters {
  bankId?: number;
  topic?: string;
  difficulty?: Difficulty;
  status?: QuestionStatus;
  type?: QuestionType;
  query?: string;
}

export interface QuestionListRow {
  id: number;
  key: string;
  bankTitle: string;
  topic: string;
  status: QuestionStatus;
  type: QuestionType;
  difficulty: Difficulty;
  stem: string;
  /** Where the search's words stand in the stem ([start, end) offsets), to mark them; empty without a search. */
  stemMatches: [number, number][];
  versionNo: number;
  updatedAt: string;
}

/** How many of the listed questions hold the searched phrase, every word, or (when none holds every word) some words. */
export interface SearchTiers {
  phrase: number;
  allWords: number;
  someWords: number;
}

/**
 * Which questions a search lists: those holding every word; only when there are none, those
 * holding some (search-text.ts). Counting those with every word uses the words index; counting
 * those with any word reads most of the table for a common word ("của"): ten times dearer.
 */
export type SearchMatch = "all" | "any";

export function questionListQuery(db: DBOrTransaction, filters: QuestionFilters, match: SearchMatch = "all") {
  return db
    .selectFrom("questions")
    .innerJoin("question_versions as v", "v.id", "questions.current_version_id")
    .innerJoin("question_banks as b", "b.id", "questions.bank_id")
    .where((eb) => eb.and(questionConditions(filters, true, match).map((c) => c(eb))));
}

type Condition = (eb: ExpressionBuilder<Database & { v: Database["question_versions"] }, "questions" | "v">) => Expression<SqlBool>;

/** The filters as conditions; those on the version (type, difficulty) only when the version is joined. */
function questionConditions(filters: QuestionFilters, withVersion: boolean, match: SearchMatch): Condition[] {
  const conditions: Condition[] = [];
  if (filters.bankId !== undefined) conditions.push((eb) => eb("questions.bank_id", "=", filters.bankId!));
  if (filters.topic !== undefined) conditions.push((eb) => eb("questions.topic", "=", filters.topic!));
  if (filters.status !== undefined) conditions.push((eb) => eb("questions.status", "=", filters.status!));
  if (withVersion && filters.difficulty !== undefined) conditions.push((eb) => eb("v.difficulty", "=", filters.difficulty!));
  if (withVersion && filters.type !== undefined) conditions.push((eb) => eb("v.type", "=", filters.type!));
  const search = filters.query ? parseSearchQuery(filters.query) : null;
  if (search) conditions.push(() => matches(searchTsQueries(search)[match]));
  return conditions;
}

/**
 * search_words (a tsvector of the folded search text, 'simple': every word as written), or
 * stem_words (the same of the stem alone), matches `tsQuery`.
 */
const matches = (tsQuery: string, words: "search_words" | "stem_words" = "search_words") =>
  sql<SqlBool>`${sql.ref(`questions.${words}`)} @@ to_tsquery('simple', ${tsQuery})`;

/** The list's order for a search, as search-text.ts compareRelevance states it: the stem's matches before the rest's. */
function relevanceOrder(search: SearchQuery) {
  const q = searchTsQueries(search);
  const count = (tsQueries: string[], words: "search_words" | "stem_words") =>
    tsQueries.length === 0 ? sql`0` : sql.join(tsQueries.map((t) => sql`(${matches(t, words)})::int`), sql` + `);
  return [
    sql`${matches(q.all)} desc`,
    sql`${matches(q.phrase, "stem_words")} desc`,
    sql`${matches(q.phrase)} desc`,
    sql`(${count(q.pairs, "stem_words")}) desc`,
    sql`(${count(q.each, "stem_words")}) desc`,
    sql`(${count(q.pairs, "search_words")}) desc`,
    sql`(${count(q.each, "search_words")}) desc`,
    sql`questions.key`,
  ];
}

/**
 * The count needs the version only when filtering on it: counting the questions alone is much cheaper.
 * With a search, the same pass counts those holding the phrase.
 */
function countQuery(db: DBOrTransaction, filters: QuestionFilters, match: SearchMatch) {
  const search = filters.query ? parseSearchQuery(filters.query) : null;
  const counts = [
    sql<string>`count(*)`.as("n"),
    sql<string>`count(*) filter (where ${search ? matches(searchTsQueries(search).phrase) : sql`false`})`.as("phrase"),
  ];
  if (filters.difficulty !== undefined || filters.type !== undefined) return questionListQuery(db, filters, match).select(counts);
  return db
    .selectFrom("questions")
    .where((eb) => eb.and(questionConditions(filters, false, match).map((c) => c(eb as never))))
    .select(counts);
}

/** The list's rows in the list's order: by relevance for a search, else the latest changed first. */
export function orderedQuestionList(db: DBOrTransaction, filters: QuestionFilters, match: SearchMatch = "all") {
  const search = filters.query ? parseSearchQuery(filters.query) : null;
  const query = questionListQuery(db, filters, match);
  const ordered = search ? relevanceOrder(search).reduce((q, order) => q.orderBy(order), query) : query.orderBy("questions.updated_at", "desc");
  return ordered.orderBy("questions.id", "desc");
}

async function listPage(db: DBOrTransaction, filters: QuestionFilters, page: { limit: number; offset: number }, match: SearchMatch) {
  const search = filters.query ? parseSearchQuery(filters.query) : null;
  const [rows, count] = await Promise.all([
    orderedQuestionList(db, filters, match)
      .select([
        "questions.id",
        "questions.key",
        "questions.topic",
        "questions.status",
        "questions.updated_at",
        "b.title as bank_title",
        "v.type",
        "v.difficulty",
        "v.stem",
        "v.version_no",
      ])
      .limit(page.limit)
      .offset(page.offset)
      .execute(),
    countQuery(db, filters, match).executeTakeFirstOrThrow(),
  ]);
  return {
    total: Number(count.n),
    phrase: Number(count.phrase),
    rows: rows.map(
      (r): QuestionListRow => ({
        id: r.id,
        key: r.key,
        bankTitle: r.bank_title,
        topic: r.topic,
        status: r.status,
        type: r.type,
        difficulty: r.difficulty,
        stem: r.stem,
        stemMatches: matchRanges(r.stem, search),
        versionNo: r.version_no,
        updatedAt: r.updated_at.toISOString(),
      }),
    ),
  };
}

/**
 * One page of the question list. Without a search, the latest changed first. With one, by
 * relevance (search-text.ts): the questions holding every word (the phrase first), or, when none
 * does, those holding some; each row with where the words stand in its stem.
 */
export async function listQuestions(
  db: DBOrTransaction,
  filters: QuestionFilters,
  page: { limit: number; offset: number },
): Promise<{ total: number; rows: QuestionListRow[]; search: SearchTiers | null }> {
  const search = filters.query ? parseSearchQuery(filters.query) : null;
  const every = await listPage(db, filters, page, "all");
  if (!search) return { total: every.total, rows: every.rows, search: null };
  if (every.total > 0) return { total: every.total, rows: every.rows, search: { phrase: every.phrase, allWords: every.total - every.phrase, someWords: 0 } };
  const some = await listPage(db, filters, page, "any");
  return { total: some.total, rows: some.rows, search: { phrase: 0, allWords: 0, someWords: some.total } };
}

async function insertVersion(db: DBOrTransaction, questionId: number, versionNo: number, content: QuestionContent, actorId: number | null) {
  return db
    .insertInto("question_versions")
    .values({
      question_id: questionId,
      version_no: versionNo,
      type: content.type,
      difficulty: content.difficulty,
      stem: content.stem,
      options: JSON.stringify(content.options),
      correct: JSON.stringify(content.correct),
      explanation: content.explanation,
      basis: JSON.stringify(content.basis),
      tags: content.tags,
      content_hash: contentHash(content),
      created_by: actorId,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
}

/** Creates a question (a draft unless told otherwise) with its first version; returns the history entry to log. */
export async function createQuestion(
  db: DBOrTransaction,
  input: { bankId: number; content: QuestionContent; actorId: number | null; status?: QuestionStatus; action?: "created" | "imported" },
): Promise<{ id: number; versionId: number; event: QuestionLogEntry }> {
  const status = input.status ?? "draft";
  const taken = await db
    .selectFrom("questions")
    .select("id")
    .where("bank_id", "=", input.bankId)
    .where("key", "=", input.content.key)
    .executeTakeFirst();
  if (taken) throw new UserFacingError(409, `Mã câu hỏi "${input.content.key}" đã có trong ngân hàng này.`, "key");
  const question = await db
    .insertInto("questions")
    .values({
      bank_id: input.bankId,
      key: input.content.key,
      topic: input.content.topic,
      status,
      author_id: input.actorId,
      search_text: questionSearchText(input.content),
      search_stem: foldText(input.content.stem),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const version = await insertVersion(db, question.id, 1, input.content, input.actorId);
  await db.updateTable("questions").set({ current_version_id: version.id }).where("id", "=", question.id).execute();
  const event: QuestionLogEntry = { questionId: question.id, versionId: version.id, action: input.action ?? "created", toStatus: status };
  return { id: question.id, versionId: version.id, event };
}

/**
 * Saves new content as a new version; entries that drew an older version keep it. Refuses
 * when someone else saved in between (`expectedVersionId`), so no edit is silently lost, and
 * refuses to take an approved question out of the drawable pool unless the caller says the
 * person accepted it (`confirmedLeavingPool`). Unchanged content creates nothing.
 */
export async function editQuestion(
  db: DBOrTransaction,
  input: {
    questionId: number;
    content: QuestionContent;
    actorId: number | null;
    expectedVersionId: number | null;
    confirmedLeavingPool: boolean;
    nextStatus?: QuestionStatus;
    action?: "edited" | "imported";
  },
): Promise<{ versionId: number; changed: boolean; event?: QuestionLogEntry }> {
  const question = await db
    .selectFrom("questions")
    .innerJoin("question_versions as v", "v.id", "questions.current_version_id")
    .select(["questions.id", "questions.status", "questions.key", "questions.current_version_id", "v.version_no", "v.content_hash"])
    .where("questions.id", "=", input.questionId)
    .forUpdate("questions")
    .executeTakeFirst();
  if (!question) throw new UserFacingError(404, "Không tìm thấy câu hỏi.");
  if (input.expectedVersionId !== null && question.current_version_id !== input.expectedVersionId) {
    throw new UserFacingError(409, "Câu hỏi vừa được người khác sửa. Vui lòng tải lại trang để xem phiên bản mới nhất rồi sửa tiếp.", "stale");
  }
  if (input.content.key !== question.key) throw new UserFacingError(400, "Không thể đổi mã của câu hỏi đã tạo.", "key");
  if (contentHash(input.content) === question.content_hash) return { versionId: question.current_version_id!, changed: false };
  const after = statusAfterEdit(question.status);
  if (!after.ok) throw new UserFacingError(409, after.message);
  const status = input.nextStatus ?? after.status;
  if (question.status === "approved" && status !== "approved" && !input.confirmedLeavingPool) {
    throw new UserFacingError(409, `${LEAVES_POOL_MESSAGE} Hãy đánh dấu ô xác nhận nếu vẫn muốn lưu.`, "confirmLeavingPool");
  }
  const version = await insertVersion(db, question.id, question.version_no + 1, input.content, input.actorId);
  await db
    .updateTable("questions")
    .set({ current_version_id: version.id, topic: input.content.topic, status, search_text: questionSearchText(input.content), search_stem: foldText(input.content.stem), updated_at: sql`now()` })
    .where("id", "=", question.id)
    .execute();
  const event: QuestionLogEntry = { questionId: question.id, versionId: version.id, action: input.action ?? "edited", fromStatus: question.status, toStatus: status };
  return { versionId: version.id, changed: true, event };
}

export async function getQuestionDetail(db: DBOrTransaction, questionId: number) {
  const question = await db
    .selectFrom("questions")
    .innerJoin("question_banks as b", "b.id", "questions.bank_id")
    .leftJoin("users as author", "author.id", "questions.author_id")
    .select([
      "questions.id",
      "questions.key",
      "questions.topic",
      "questions.status",
      "questions.current_version_id",
      "questions.bank_id",
      "b.title as bank_title",
      "b.reviewer_must_differ",
      "author.full_name as author_name",
    ])
    .where("questions.id", "=", questionId)
    .executeTakeFirst();
  if (!question) return null;
  const versions = await db
    .selectFrom("question_versions as v")
    .leftJoin("users as u", "u.id", "v.created_by")
    .select(["v.id", "v.version_no", "v.type", "v.difficulty", "v.stem", "v.options", "v.correct", "v.explanation", "v.basis", "v.tags", "v.created_at", "v.created_by", "u.full_name as created_by_name"])
    .where("v.question_id", "=", questionId)
    .orderBy("v.version_no", "desc")
    .execute();
  const events = await db
    .selectFrom("question_events as e")
    .leftJoin("users as u", "u.id", "e.actor_id")
    .leftJoin("question_versions as v", "v.id", "e.version_id")
    .select(["e.id", "e.action", "e.from_status", "e.to_status", "e.comment", "e.at", "u.full_name as actor_name", "v.version_no"])
    .where("e.question_id", "=", questionId)
    .orderBy("e.at", "desc")
    .orderBy("e.id", "desc")
    .execute();
  const usage = await db
    .selectFrom("entry_questions as eq")
    .innerJoin("question_versions as v", "v.id", "eq.question_version_id")
    .innerJoin("entries as e", "e.id", "eq.entry_id")
    .select(["v.version_no", (eb) => eb.fn.countAll<string>().as("n")])
    .where("v.question_id", "=", questionId)
    .where("e.practice", "=", false)
    .groupBy("v.version_no")
    .execute();
  return { question, versions, events, usage: usage.map((u) => ({ versionNo: u.version_no, entries: Number(u.n) })) };
}

/** A question's id and key (the statistics page's heading); null when there is no such question. */
export async function findQuestion(db: DBOrTransaction, questionId: number): Promise<{ id: number; key: string } | null> {
  return (await db.selectFrom("questions").select(["id", "key"]).where("id", "=", questionId).executeTakeFirst()) ?? null;
}

/** How many questions each bank holds per topic and status: the organizers' home page. */
export async function countQuestionsByTopic(db: DBOrTransaction): Promise<{ bank: string; topic: string; status: QuestionStatus; count: number }[]> {
  const rows = await db
    .selectFrom("questions")
    .innerJoin("question_banks", "question_banks.id", "questions.bank_id")
    .select(["question_banks.title as bank", "questions.topic", "questions.status", sql<string>`count(*)`.as("n")])
    .groupBy(["question_banks.title", "questions.topic", "questions.status"])
    .orderBy("question_banks.title")
    .orderBy("questions.topic")
    .execute();
  return rows.map((t) => ({ bank: t.bank, topic: t.topic, status: t.status, count: Number(t.n) }));
}

/** Fills the search columns for rows created before they existed (after the migrations that added them). */
export async function fillMissingSearchText(db: DBOrTransaction): Promise<number> {
  const rows = await db
    .selectFrom("questions")
    .innerJoin("question_versions as v", "v.id", "questions.current_version_id")
    .select(["questions.id", "questions.key", "v.stem", "v.options", "v.explanation", "v.basis", "v.tags"])
    .where((eb) => eb.or([eb("questions.search_text", "=", ""), eb("questions.search_stem", "=", "")]))
    .execute();
  for (const row of rows) {
    await db
      .updateTable("questions")
      .set({
        search_text: questionSearchText({ key: row.key, stem: row.stem, options: row.options, explanation: row.explanation, basis: row.basis, tags: row.tags }),
        search_stem: foldText(row.stem),
      })
      .where("id", "=", row.id)
      .execute();
  }
  return rows.length;
}
