// Starting an entry draws from per-process lists of candidates (app/entries/candidates.server.ts),
// checked against each bank's draw version at every start: a question taken out of the pool is
// never drawn once that change is committed, whoever committed it, and a newly approved one is
// drawable at once. Banks of exactly the blueprint's size make every draw tell which list it used.
import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAccount } from "~/accounts/accounts.server";
import { createContest, createRound, setContestPublished, type RoundFields } from "~/contests/contest-admin.server";
import { startEntry } from "~/entries/entries.server";
import { UserFacingError } from "~/http/user-facing-error";
import { reviewQuestionCommand } from "~/questions/question-commands.server";
import { createQuestion, editQuestion } from "~/questions/questions.server";
import type { QuestionContent } from "~/questions/question-content";
import { startTestApp, type TestApp } from "../support/test-app";

let app: TestApp;
let organizerId: number;
let unitId: number;
let people = 0;
const SIZE = 5;

async function person() {
  people++;
  return (await createAccount(app.db, { fullName: `Thí sinh ${people}`, login: { kind: "email", email: `rut-de-${people}@example.vn` }, password: "mat-khau-du-dai", unitId })).id;
}

const content = (bank: string, i: number, stem = `Câu hỏi ${i} của ${bank}?`): QuestionContent => ({
  key: `${bank}-${i}`,
  topic: "institutional",
  type: "single",
  difficulty: "easy",
  stem,
  options: ["Một", "Hai", "Ba", "Bốn"],
  correct: [0],
  explanation: "Giải thích.",
  basis: { document: "Văn bản kiểm thử", issuer: "Ban kiểm thử", date: "2021-07-15" },
  tags: [],
});

/** A bank of `SIZE` approved questions and a published round drawing all of them. */
async function bankAndRound(name: string, overrides: Partial<RoundFields> = {}) {
  const bank = await app.db.insertInto("question_banks").values({ key: name, title: `Ngân hàng ${name}` }).returning("id").executeTakeFirstOrThrow();
  const questions: { id: number; versionId: number }[] = [];
  for (let i = 1; i <= SIZE; i++) {
    const created = await createQuestion(app.db, { bankId: bank.id, actorId: null, status: "approved", content: content(name, i) });
    questions.push({ id: created.id, versionId: created.versionId });
  }
  const contestId = await createContest(app, { title: `Cuộc thi ${name}`, slug: `rut-de-${name}`, rules: "Thể lệ.", prizes: "", ownerUnitId: unitId, actorId: organizerId });
  const roundId = await createRound(app, contestId, {
    title: "Tuần 1",
    opensAt: new Date(Date.now() - 60_000),
    closesAt: new Date(Date.now() + 86_400_000),
    timeLimitSeconds: 600,
    blueprint: [{ bankId: bank.id, count: SIZE }],
    pointsPerQuestion: 10,
    maxEntries: 3,
    shuffleQuestions: true,
    shuffleOptions: true,
    reviewPolicy: "after_close",
    predictionRule: "none",
    predictionPrompt: "",
    ...overrides,
    actorId: organizerId,
  });
  await setContestPublished(app, contestId, true, organizerId);
  return { bankId: bank.id, contestId, roundId, questions };
}

async function drawnVersions(entryId: string) {
  const rows = await app.db.selectFrom("entry_questions").select(["question_version_id", "position"]).where("entry_id", "=", entryId).orderBy("position").execute();
  expect(rows.map((r) => r.position)).toEqual(rows.map((_, i) => i));
  return rows.map((r) => r.question_version_id);
}

const sorted = (ids: number[]) => [...ids].sort((a, b) => a - b);

async function refusal(promise: Promise<unknown>): Promise<UserFacingError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(UserFacingError);
  return error as UserFacingError;
}

/** A statement committed by another process, which tells this one nothing (no event, no notice). */
function commitElsewhere(text: string, values: unknown[]) {
  const script = `import pg from "pg";
    const client = new pg.Client({ connectionString: process.env.TARGET_URL });
    await client.connect();
    await client.query(process.env.STATEMENT, JSON.parse(process.env.VALUES));
    await client.end();`;
  execFileSync(process.execPath, ["--input-type=module", "-e", script], {
    cwd: process.cwd(),
    env: { ...process.env, TARGET_URL: app.databaseUrl, STATEMENT: text, VALUES: JSON.stringify(values) },
    stdio: "pipe",
  });
}

beforeAll(async () => {
  app = await startTestApp();
  organizerId = (await app.db.selectFrom("users").select("id").where("email", "=", "bantochuc@demo.cchc.vn").executeTakeFirstOrThrow()).id;
  unitId = (await app.db.selectFrom("units").select("id").where("code", "=", "MH").executeTakeFirstOrThrow()).id;
});
afterAll(() => app.close());

describe("the start's lists of candidates", () => {
  it("never draws a question retired, returned to draft or given a new version once the change is committed, and draws a newly approved one at once", async () => {
    const { bankId, roundId, questions } = await bankAndRound("mot");
    // The first start fills this process's list.
    expect(sorted(await drawnVersions((await startEntry(app.db, { roundId, userId: await person() })).entryId))).toEqual(sorted(questions.map((q) => q.versionId)));

    // Retired through the organizers' command: the pool is one short, so the start is refused rather than drawing it.
    await reviewQuestionCommand(app, { questionId: questions[0].id, action: "retire", actorId: organizerId, comment: "Câu hỏi đã cũ." });
    expect((await refusal(startEntry(app.db, { roundId, userId: await person() }))).code).toBe("blueprint");

    // A newly approved question fills the pool again and is drawn by the very next start.
    const added = await createQuestion(app.db, { bankId, actorId: null, status: "in_review", content: content("mot", 99) });
    expect((await refusal(startEntry(app.db, { roundId, userId: await person() }))).code).toBe("blueprint");
    await reviewQuestionCommand(app, { questionId: added.id, action: "approve", actorId: organizerId });
    const withAdded = await drawnVersions((await startEntry(app.db, { roundId, userId: await person() })).entryId);
    expect(sorted(withAdded)).toEqual(sorted([added.versionId, ...questions.slice(1).map((q) => q.versionId)]));

    // An approved question given a new version (a bank import keeps it approved): only the new version is drawn.
    const edited = await editQuestion(app.db, {
      questionId: questions[1].id,
      content: content("mot", 2, "Câu hỏi 2 đã sửa lời?"),
      actorId: null,
      expectedVersionId: questions[1].versionId,
      confirmedLeavingPool: true,
      nextStatus: "approved",
      action: "imported",
    });
    expect(edited.changed).toBe(true);
    const afterEdit = await drawnVersions((await startEntry(app.db, { roundId, userId: await person() })).entryId);
    expect(afterEdit).toContain(edited.versionId);
    expect(afterEdit).not.toContain(questions[1].versionId);

    // Edited by an organizer: back to draft (workflow.ts), out of the pool again.
    await editQuestion(app.db, {
      questionId: added.id,
      content: content("mot", 99, "Câu hỏi 99 đang sửa?"),
      actorId: organizerId,
      expectedVersionId: added.versionId,
      confirmedLeavingPool: true,
    });
    expect((await app.db.selectFrom("questions").select("status").where("id", "=", added.id).executeTakeFirstOrThrow()).status).toBe("draft");
    expect((await refusal(startEntry(app.db, { roundId, userId: await person() }))).code).toBe("blueprint");
  });

  it("sees a change another process committed, with nothing telling this one", async () => {
    const { roundId, questions } = await bankAndRound("hai");
    const all = sorted(questions.map((q) => q.versionId));
    expect(sorted(await drawnVersions((await startEntry(app.db, { roundId, userId: await person() })).entryId))).toEqual(all);

    commitElsewhere("update questions set status = 'draft' where id = $1", [questions[2].id]);
    expect((await refusal(startEntry(app.db, { roundId, userId: await person() }))).code).toBe("blueprint");

    commitElsewhere("update questions set status = 'approved' where id = $1", [questions[2].id]);
    expect(sorted(await drawnVersions((await startEntry(app.db, { roundId, userId: await person() })).entryId))).toEqual(all);
  });

  it("stores the entry, its questions with their option orders, the person's group and a deadline within the round in one go", async () => {
    // The round closes in 2 minutes, sooner than its 10-minute time limit.
    const { contestId, roundId, questions } = await bankAndRound("ba", { closesAt: new Date(Date.now() + 120_000) });
    // The contest's own group, open to its owner unit's subtree.
    const { id: groupId } = await app.db.selectFrom("contest_groups").select("id").where("contest_id", "=", contestId).executeTakeFirstOrThrow();
    const userId = await person();
    const { entryId } = await startEntry(app.db, { roundId, userId });
    const entry = await app.db
      .selectFrom("entries")
      .innerJoin("rounds", "rounds.id", "entries.round_id")
      .select(["entries.group_id", "entries.attempt_no", "entries.question_count", "entries.deadline", "rounds.closes_at", "entries.practice", "entries.status"])
      .where("entries.id", "=", entryId)
      .executeTakeFirstOrThrow();
    expect(entry).toMatchObject({ group_id: groupId, attempt_no: 1, question_count: SIZE, practice: false, status: "in_progress" });
    expect(entry.deadline.getTime()).toBe(entry.closes_at.getTime());
    const participant = await app.db.selectFrom("contest_participants").select("group_id").where("contest_id", "=", contestId).where("user_id", "=", userId).executeTakeFirst();
    expect(participant?.group_id).toBe(groupId);

    const rows = await app.db.selectFrom("entry_questions").select(["position", "question_version_id", "option_order"]).where("entry_id", "=", entryId).orderBy("position").execute();
    expect(sorted(rows.map((r) => r.question_version_id))).toEqual(sorted(questions.map((q) => q.versionId)));
    for (const row of rows) expect([...row.option_order].sort()).toEqual([0, 1, 2, 3]);
  });
});
