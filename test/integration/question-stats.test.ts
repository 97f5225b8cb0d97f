import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { questionStats } from "~/questions/question-stats.server";
import { demoRound } from "../support/entries";
import { DEMO_PASSWORD, startTestApp, type TestApp } from "../support/test-app";

let app: TestApp;
let questionId: number;

// 20 finished entries that drew one question (4 options, B correct): the 5 best scores
// chose B four times, the 5 worst chose B once; one entry left it blank; one is still running.
beforeAll(async () => {
  app = await startTestApp();
  const round = await demoRound(app.db);
  const question = await app.db
    .selectFrom("questions")
    .innerJoin("question_versions as v", "v.id", "questions.current_version_id")
    .select(["questions.id", "v.id as version_id"])
    .where("questions.key", "=", "test-001")
    .executeTakeFirstOrThrow();
  questionId = question.id;
  const unit = await app.db.selectFrom("units").select("id").where("code", "=", "MH-STC").executeTakeFirstOrThrow();
  const choices: (number | null)[] = [1, 1, 0, 1, 1, 2, 2, 1, 3, 1, 0, 1, 3, 3, 1, 2, 0, 1, null, 3];
  for (let i = 0; i < 21; i++) {
    const { id: userId } = await app.db
      .insertInto("users")
      .values({ full_name: `Thống Kê ${i}`, email: `tk${i}@example.vn`, password_hash: "x", unit_id: unit.id })
      .returning("id")
      .executeTakeFirstOrThrow();
    const running = i === 20;
    const { id: entryId } = await app.db
      .insertInto("entries")
      .values({
        round_id: round.id,
        user_id: userId,
        attempt_no: 1,
        status: running ? "in_progress" : "submitted",
        deadline: new Date(Date.now() + 600_000),
        finished_at: running ? null : new Date(),
        question_count: 20,
        score: running ? null : 100 - 5 * i,
        correct_count: 0,
        duration_ms: running ? null : 60_000,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await app.db.insertInto("entry_questions").values({ entry_id: entryId, position: 0, question_version_id: question.version_id, option_order: [0, 1, 2, 3] }).execute();
    const chosen = running ? 1 : choices[i];
    if (chosen !== null) {
      await app.db
        .insertInto("entry_answers")
        .values({ entry_id: entryId, position: 0, chosen: [chosen], revision: 1, is_correct: running ? null : chosen === 1 })
        .execute();
    }
  }
});
afterAll(() => app.close());

describe("per-question statistics", () => {
  it("counts draws, correct share, option choices and the discrimination index from finished entries only", async () => {
    const [version] = await questionStats(app.db, questionId);
    expect(version.drawn).toBe(20);
    expect(version.answered).toBe(19);
    expect(version.correctCount).toBe(9);
    expect(version.optionChosen).toEqual([3, 9, 3, 4]);
    // Top 5 (i = 0..4): B chosen 4 times; bottom 5 (i = 15..19): once.
    expect(version.discrimination).toEqual({ index: 0.6, groupSize: 5, upperCorrectShare: 0.8, lowerCorrectShare: 0.2 });
  });

  it("shows them to organizers", async () => {
    const organizer = app.client();
    await organizer.login("bantochuc@demo.cchc.vn", DEMO_PASSWORD);
    const html = await (await organizer.get(`/quan-ly/cau-hoi/${questionId}/thong-ke`)).text();
    expect(html).toContain("45.0%");
    expect(html).toContain("0.60");
    expect(html).toContain("Phân loại tốt");
    expect(html).toContain("9 (45.0%)");
  });
});
