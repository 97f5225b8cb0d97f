import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAccount } from "~/accounts/accounts.server";
import { createContest, createRound, setContestPublished } from "~/contests/contest-admin.server";
import { createDatabase, type DB } from "~/database/connection.server";
import { saveAnswer, startEntry, submitEntry } from "~/entries/entries.server";
import { UserFacingError } from "~/http/user-facing-error";
import { prepareDatabase } from "~/server/prepare-database.server";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { answerKeyInDisplayOrder } from "../support/entries";
import { DEMO_PASSWORD, FIXTURE_BANKS } from "../support/test-app";

// Saves that arrive together leave as one statement (entries/answer-batch.server.ts): each must
// still get its own answer, and the rules of a single save must hold for every row of a group.

let database: TestDatabase;
let db: DB;
let roundId: number;
const people: number[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
  await prepareDatabase(db, { banksDir: FIXTURE_BANKS, demoPassword: DEMO_PASSWORD });
  const bankId = (await db.selectFrom("question_banks").select("id").executeTakeFirstOrThrow()).id;
  const organizerId = (await db.selectFrom("users").select("id").where("email", "=", "bantochuc@demo.cchc.vn").executeTakeFirstOrThrow()).id;
  const unitId = (await db.selectFrom("units").select("id").where("code", "=", "MH-SNV").executeTakeFirstOrThrow()).id;
  const contestId = await createContest({ db, io: undefined }, { title: "Lưu theo nhóm", slug: "luu-theo-nhom", rules: "Thể lệ.", prizes: "", ownerUnitId: unitId, actorId: organizerId });
  roundId = await createRound({ db, io: undefined }, contestId, {
    title: "Tuần 1",
    opensAt: new Date(Date.now() - 60_000),
    closesAt: new Date(Date.now() + 86_400_000),
    timeLimitSeconds: 600,
    blueprint: [{ bankId, count: 4 }],
    pointsPerQuestion: 10,
    maxEntries: 3,
    shuffleQuestions: true,
    shuffleOptions: true,
    reviewPolicy: "after_close",
    predictionRule: "none",
    predictionPrompt: "",
    actorId: organizerId,
  });
  await setContestPublished({ db, io: undefined }, contestId, true, organizerId);
  for (let i = 0; i < 5; i++) {
    const { id } = await createAccount(db, { fullName: `Nguyễn Văn Nhóm ${i}`, login: { kind: "email", email: `nhom${i}@example.vn` }, password: "mat-khau-du-dai", unitId });
    people.push(id);
  }
});
afterAll(() => database.drop());

/** "ok", or the refusal's own code, or its HTTP status when it has none. */
async function outcome(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return "ok";
  } catch (error) {
    if (error instanceof UserFacingError) return error.code && error.code !== "refused" ? error.code : String(error.status);
    throw error;
  }
}

async function stored(entryId: string) {
  return db.selectFrom("entry_answers").select(["position", "revision"]).where("entry_id", "=", entryId).orderBy("position").execute();
}

describe("answer saves sent together", () => {
  it("answer each save by its own rules: another person's entry, a submitted entry and a bad option are refused, the rest stored", async () => {
    const [a, b, c] = people;
    const entryA = (await startEntry(db, { roundId, userId: a })).entryId;
    const entryB = (await startEntry(db, { roundId, userId: b })).entryId;
    const entryC = (await startEntry(db, { roundId, userId: c })).entryId;
    await submitEntry(db, { entryId: entryC, userId: c });
    const keyA = await answerKeyInDisplayOrder(db, entryA);
    const keyB = await answerKeyInDisplayOrder(db, entryB);

    // Started in the same turn of the event loop: they leave as one statement.
    const results = await Promise.all([
      outcome(saveAnswer(db, { entryId: entryA, userId: a, position: keyA[0].position, chosen: [0], revision: 1 })),
      outcome(saveAnswer(db, { entryId: entryB, userId: a, position: keyB[0].position, chosen: [0], revision: 1 })),
      outcome(saveAnswer(db, { entryId: entryC, userId: c, position: 0, chosen: [0], revision: 1 })),
      outcome(saveAnswer(db, { entryId: entryB, userId: b, position: keyB[1].position, chosen: [keyB[1].optionCount], revision: 1 })),
      outcome(saveAnswer(db, { entryId: entryB, userId: b, position: keyB[2].position, chosen: [1], revision: 1 })),
      outcome(saveAnswer(db, { entryId: entryB, userId: b, position: 999, chosen: [1], revision: 1 })),
    ]);
    expect(results).toEqual(["ok", "404", "entry_final", "400", "ok", "400"]);
    expect(await stored(entryA)).toEqual([{ position: keyA[0].position, revision: "1" }]);
    expect(await stored(entryB)).toEqual([{ position: keyB[2].position, revision: "1" }]);
    expect(await stored(entryC)).toEqual([]);
  });

  it("keep the newest revision when one question is saved several times at once, and confirm every save", async () => {
    const d = people[3];
    const entryId = (await startEntry(db, { roundId, userId: d })).entryId;
    const [q] = await answerKeyInDisplayOrder(db, entryId);
    const results = await Promise.all([3, 1, 5, 2, 4].map((revision) => outcome(saveAnswer(db, { entryId, userId: d, position: q.position, chosen: [revision % q.optionCount], revision }))));
    expect(results).toEqual(["ok", "ok", "ok", "ok", "ok"]);
    expect(await stored(entryId)).toEqual([{ position: q.position, revision: "5" }]);
  });

  it("refuse a save sent by another app process right after the entry was submitted", async () => {
    // A second pool on the same database, as another app process has.
    const other = createDatabase(database.url, 2);
    try {
      const d = people[4];
      const entryId = (await startEntry(db, { roundId, userId: d })).entryId;
      const [q] = await answerKeyInDisplayOrder(db, entryId);
      expect(await outcome(saveAnswer(other, { entryId, userId: d, position: q.position, chosen: [0], revision: 1 }))).toBe("ok");
      await submitEntry(db, { entryId, userId: d });
      expect(await outcome(saveAnswer(other, { entryId, userId: d, position: q.position, chosen: [1], revision: 2 }))).toBe("entry_final");
      expect(await stored(entryId)).toEqual([{ position: q.position, revision: "1" }]);
    } finally {
      await other.destroy();
    }
  });
});
