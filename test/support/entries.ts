import { expect } from "vitest";
import type { DB } from "~/database/connection.server";
import type { TestClient } from "./test-app";

export async function demoRound(db: DB) {
  return db
    .selectFrom("rounds")
    .innerJoin("contests", "contests.id", "rounds.contest_id")
    .select(["rounds.id", "contests.slug"])
    .where("rounds.number", "=", 1)
    .executeTakeFirstOrThrow();
}

/** Starts an entry through the contest page's form, as the browser does; returns its id. */
export async function startEntryViaHttp(client: TestClient, slug: string, roundId: number): Promise<string> {
  const response = await client.postForm(`/cuoc-thi/${slug}`, { intent: "start", roundId });
  expect(response.status).toBe(302);
  const location = response.headers.get("location") ?? "";
  const match = /^\/bai-thi\/(\d+)$/.exec(location);
  expect(match, `expected a redirect to the entry, got ${location}`).not.toBeNull();
  return match![1];
}

/** Display indices of the correct options of each question of an entry, read from the database (the test knows the key; the browser never does). */
export async function answerKeyInDisplayOrder(db: DB, entryId: string) {
  const rows = await db
    .selectFrom("entry_questions")
    .innerJoin("question_versions", "question_versions.id", "entry_questions.question_version_id")
    .select(["entry_questions.position", "entry_questions.option_order", "question_versions.correct", "question_versions.options", "question_versions.explanation"])
    .where("entry_id", "=", entryId)
    .orderBy("position")
    .execute();
  return rows.map((row) => ({
    position: row.position,
    correctDisplay: row.correct.map((original) => row.option_order.indexOf(original)).sort((a, b) => a - b),
    wrongDisplay: row.option_order.map((_, display) => display).filter((d) => !row.correct.includes(row.option_order[d])),
    optionCount: row.option_order.length,
    correctTexts: row.correct.map((i) => row.options[i]),
    explanation: row.explanation,
  }));
}
