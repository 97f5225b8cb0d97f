import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAccount } from "~/accounts/accounts.server";
import { createContest, createRound, recordIncident, setContestPublished, type RoundFields } from "~/contests/contest-admin.server";
import { finaliseDueEntries, startEntry, submitEntry } from "~/entries/entries.server";
import { UserFacingError } from "~/http/user-facing-error";
import { createQuestion } from "~/questions/questions.server";
import { DEMO_PASSWORD, startTestApp, type TestApp, type TestClient } from "../support/test-app";

// The organizers' home page reads its counters from the tables the rankings keep, and they say what
// the entries say, after submissions, an expiry and a reopened entry. The contest preview draws its
// samples by the rules of a real entry: the blueprint's lines, approved questions only, none twice,
// the round's shuffles; and it says a blueprint cannot be filled exactly when a real start refuses.

let app: TestApp;
let organizer: TestClient;
let bankId: number;
let organizerId: number;
let people = 0;

async function person() {
  people++;
  const unit = await app.db.selectFrom("units").select("id").where("code", "=", "MH-SNV-CCHC").executeTakeFirstOrThrow();
  return (await createAccount(app.db, { fullName: `Người ${people}`, login: { kind: "email", email: `doc${people}@example.vn` }, password: "mat-khau-du-dai", unitId: unit.id })).id;
}

function roundFields(overrides: Partial<RoundFields> = {}): RoundFields {
  return {
    title: "Tuần 1",
    opensAt: new Date(Date.now() - 60_000),
    closesAt: new Date(Date.now() + 86_400_000),
    timeLimitSeconds: 600,
    blueprint: [{ bankId, count: 5 }],
    pointsPerQuestion: 10,
    maxEntries: 3,
    shuffleQuestions: true,
    shuffleOptions: true,
    reviewPolicy: "after_close",
    predictionRule: "none",
    predictionPrompt: null,
    ...overrides,
  };
}

async function newContest(title: string, rounds: Partial<RoundFields>[], publish = true) {
  const owner = await app.db.selectFrom("units").select("id").where("code", "=", "MH").executeTakeFirstOrThrow();
  const slug = `doc-${Math.random().toString(36).slice(2, 8)}`;
  const contestId = await createContest(app, { title, slug, rules: "Thể lệ.", prizes: "", ownerUnitId: owner.id, actorId: organizerId });
  const roundIds: number[] = [];
  for (const [i, round] of rounds.entries()) roundIds.push(await createRound(app, contestId, { ...roundFields({ title: `Tuần ${i + 1}`, ...round }), actorId: organizerId }));
  if (publish) await setContestPublished(app, contestId, true, organizerId);
  return { contestId, roundIds, slug };
}

async function data<T>(path: string, route: string): Promise<T> {
  const response = await organizer.get(`${path}?_data=${encodeURIComponent(route)}`);
  expect(response.status).toBe(200);
  return (await response.json()) as T;
}

beforeAll(async () => {
  app = await startTestApp();
  bankId = (await app.db.selectFrom("question_banks").select("id").executeTakeFirstOrThrow()).id;
  organizerId = (await app.db.selectFrom("users").select("id").where("email", "=", "bantochuc@demo.cchc.vn").executeTakeFirstOrThrow()).id;
  organizer = app.client();
  await organizer.login("bantochuc@demo.cchc.vn", DEMO_PASSWORD);
});
afterAll(() => app.close());

describe("the organizers' home page", () => {
  type Home = { contests: { slug: string; rounds: { id: number; entries: number; people: number; inProgress: number }[] }[] };

  /** What the dashboard shows for a round, what the kept tables say, and what counting the entries says. */
  async function figures(slug: string, roundId: number) {
    const home = await data<Home>("/quan-ly", "routes/quan-ly._index");
    const shown = home.contests.find((c) => c.slug === slug)!.rounds.find((r) => r.id === roundId)!;
    const kept = await sql<{ people: string; finished: string }>`
      select coalesce(sum(participants), 0) as people, coalesce(sum(entries), 0) as finished from unit_round_stats where round_id = ${roundId}`.execute(app.db);
    const counted = await sql<{ entries: string; people: string; in_progress: string; running: string }>`
      select count(*) as entries, count(distinct user_id) filter (where status <> 'in_progress') as people,
             count(*) filter (where status = 'in_progress') as in_progress,
             count(*) filter (where status = 'in_progress' and deadline > now()) as running
      from entries where round_id = ${roundId}`.execute(app.db);
    const k = kept.rows[0];
    const c = counted.rows[0];
    return {
      shown,
      kept: { entries: Number(k.finished) + Number(c.in_progress), people: Number(k.people), inProgress: Number(c.running) },
      counted: { entries: Number(c.entries), people: Number(c.people), inProgress: Number(c.running) },
    };
  }

  it("shows each round's entries, people and entries in progress as the kept counters say, after submissions and a reopen", async () => {
    const { contestId, roundIds, slug } = await newContest("Bảng điều khiển", [{}, {}]);
    const [first, second] = roundIds;
    const [a, b, c] = [await person(), await person(), await person()];
    // a: two entries submitted; b: one submitted; c: one in progress; b also in the second round.
    for (const userId of [a, a, b]) {
      const { entryId } = await startEntry(app.db, { roundId: first, userId });
      await submitEntry(app.db, { entryId, userId });
    }
    await startEntry(app.db, { roundId: first, userId: c });
    const { entryId: secondRound } = await startEntry(app.db, { roundId: second, userId: b });
    await submitEntry(app.db, { entryId: secondRound, userId: b });

    let seen = await figures(slug, first);
    expect(seen.shown).toMatchObject({ id: first, ...seen.kept });
    expect(seen.kept).toEqual(seen.counted);
    expect(seen.kept).toEqual({ entries: 4, people: 2, inProgress: 1 });
    expect((await figures(slug, second)).shown).toMatchObject({ entries: 1, people: 1, inProgress: 0 });

    // An entry whose time ran out is finalised by the server: it leaves "in progress" and counts.
    await sql`update entries set deadline = now() - interval '1 minute' where round_id = ${first} and user_id = ${c}`.execute(app.db);
    await finaliseDueEntries(app.db);
    seen = await figures(slug, first);
    expect(seen.shown).toMatchObject({ id: first, ...seen.kept });
    expect(seen.kept).toEqual({ entries: 4, people: 3, inProgress: 0 });

    // Reopening b's only entry of the round: b no longer took part until it is submitted again.
    const bEntry = await app.db.selectFrom("entries").select("id").where("round_id", "=", first).where("user_id", "=", b).executeTakeFirstOrThrow();
    await recordIncident(app, contestId, { kind: "reopen_entry", entryId: bEntry.id, minutes: 5, reason: "Mất điện tại trụ sở, có biên bản xác nhận.", actorId: organizerId });
    seen = await figures(slug, first);
    expect(seen.shown).toMatchObject({ id: first, ...seen.kept });
    expect(seen.kept).toEqual(seen.counted);
    expect(seen.kept).toEqual({ entries: 4, people: 2, inProgress: 1 });

    // The contest's own page adds the rounds up the same way.
    const landing = await (await organizer.get(`/cuoc-thi/${slug}`)).text();
    expect(landing).toMatch(/data-testid="counter-entries">5</);
  });
});

describe("the contest preview", () => {
  type Preview = { samples: { roundId: number; title: string; questions: { stem: string; options: string[] }[] | null }[] };

  async function versionsByStem(stems: string[]) {
    const rows = await app.db
      .selectFrom("questions")
      .innerJoin("question_versions as v", "v.id", "questions.current_version_id")
      .select(["v.stem", "v.options", "v.difficulty", "v.type", "questions.status"])
      .where("v.stem", "in", stems)
      .execute();
    return new Map(rows.map((r) => [r.stem, r]));
  }

  it("draws a sample per round by the round's blueprint and shuffles, as a real entry is drawn", async () => {
    // A draft hard question: never drawn, in a sample or an entry.
    const draftStem = "Câu hỏi nháp chưa duyệt, không bao giờ được rút?";
    await createQuestion(app.db, {
      bankId,
      actorId: null,
      status: "draft",
      content: {
        key: "nhap-xem-truoc",
        topic: "institutional",
        type: "single",
        difficulty: "hard",
        stem: draftStem,
        options: ["Một", "Hai", "Ba", "Bốn"],
        correct: [0],
        explanation: "Giải thích.",
        basis: { document: "Văn bản kiểm thử", issuer: "Ban kiểm thử", date: "2021-07-15" },
        tags: [],
      },
    });
    const ordered = [
      { bankId, difficulty: "hard" as const, count: 4 },
      { bankId, difficulty: "easy" as const, count: 3 },
    ];
    const { contestId, roundIds } = await newContest(
      "Xem trước",
      [
        { blueprint: ordered, shuffleQuestions: false, shuffleOptions: false },
        { blueprint: [{ bankId, difficulty: "hard", count: 6 }, { bankId, difficulty: "easy", count: 6 }], shuffleQuestions: true, shuffleOptions: true },
      ],
      false,
    );
    const stemsSeen = new Set<string>();
    let questionsShuffled = false;
    let optionsShuffled = false;
    for (let load = 0; load < 5; load++) {
      const { samples } = await data<Preview>(`/quan-ly/cuoc-thi/${contestId}/xem-truoc`, "routes/quan-ly.cuoc-thi.$id.xem-truoc");
      expect(samples.map((s) => s.roundId)).toEqual(roundIds);
      const [inOrder, shuffled] = samples;

      // Unshuffled: the lines in order (4 hard, then 3 easy), options as written.
      const versions = await versionsByStem([...inOrder.questions!, ...shuffled.questions!].map((q) => q.stem));
      expect(inOrder.questions!.map((q) => versions.get(q.stem)?.difficulty)).toEqual(["hard", "hard", "hard", "hard", "easy", "easy", "easy"]);
      for (const q of inOrder.questions!) expect(q.options).toEqual(versions.get(q.stem)!.options);

      // Shuffled: 6 hard and 6 easy in any order, none twice, options a permutation (true/false kept as written).
      const difficulties = shuffled.questions!.map((q) => versions.get(q.stem)?.difficulty);
      expect([...difficulties].sort()).toEqual([...Array(6).fill("easy"), ...Array(6).fill("hard")]);
      expect(new Set(shuffled.questions!.map((q) => q.stem)).size).toBe(12);
      if (difficulties.slice(0, 6).some((d) => d !== "hard")) questionsShuffled = true;
      for (const q of shuffled.questions!) {
        const version = versions.get(q.stem)!;
        expect([...q.options].sort()).toEqual([...version.options].sort());
        if (version.type === "true_false") expect(q.options).toEqual(version.options);
        else if (q.options.some((o, i) => o !== version.options[i])) optionsShuffled = true;
      }
      for (const q of [...inOrder.questions!, ...shuffled.questions!]) {
        expect(versions.get(q.stem)?.status).toBe("approved");
        stemsSeen.add(q.stem);
      }
    }
    expect(stemsSeen.has(draftStem)).toBe(false);
    // Over five samples of 12 the round's shuffles show: all five in line order by chance is (1/924)^5.
    expect(questionsShuffled).toBe(true);
    expect(optionsShuffled).toBe(true);
    // Nothing was stored: a preview is not an entry.
    expect(await app.db.selectFrom("entries").select("id").where("round_id", "in", roundIds).execute()).toEqual([]);
  });

  it("says a blueprint can no longer be filled exactly when starting an entry refuses", async () => {
    for (let i = 1; i <= 3; i++) {
      await createQuestion(app.db, {
        bankId,
        actorId: null,
        status: "approved",
        content: {
          key: `chi-so-xem-truoc-${i}`,
          topic: "indices",
          type: "single",
          difficulty: "medium",
          stem: `Câu hỏi chỉ số dùng cho bản xem trước số ${i}?`,
          options: ["Một", "Hai", "Ba"],
          correct: [0],
          explanation: "Giải thích.",
          basis: { document: "Văn bản kiểm thử", issuer: "Ban kiểm thử", date: "2021-07-15" },
          tags: [],
        },
      });
    }
    const { contestId, roundIds } = await newContest("Thiếu câu sau khi tạo", [{ blueprint: [{ bankId, topic: "indices", count: 3 }] }]);
    const preview = async () => (await data<Preview>(`/quan-ly/cuoc-thi/${contestId}/xem-truoc`, "routes/quan-ly.cuoc-thi.$id.xem-truoc")).samples[0];
    expect((await preview()).questions).toHaveLength(3);
    // One of the three is retired after the round was made: neither a sample nor an entry can be drawn.
    await app.db.updateTable("questions").set({ status: "retired" }).where("key", "=", "chi-so-xem-truoc-2").execute();
    expect((await preview()).questions).toBeNull();
    const html = await (await organizer.get(`/quan-ly/cuoc-thi/${contestId}/xem-truoc`)).text();
    expect(html).toContain("Cấu trúc đề của đợt này chưa đủ câu hỏi đã duyệt.");
    const refusal = await startEntry(app.db, { roundId: roundIds[0], userId: await person() }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(refusal).toBeInstanceOf(UserFacingError);
    expect((refusal as UserFacingError).code).toBe("blueprint");
  });
});
