import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAccount } from "~/accounts/accounts.server";
import { createContest, createRound, recordIncident, saveGroup, setContestPublished } from "~/contests/contest-admin.server";
import { myContests } from "~/contests/my-contests.server";
import { startEntry, submitEntry } from "~/entries/entries.server";
import { UserFacingError } from "~/http/user-facing-error";
import { insertUnitTree } from "~/units/units.server";
import { startTestApp, type TestApp, type TestClient } from "../support/test-app";

// "Cuộc thi của tôi" lists exactly the contests a person may enter: the same answer the start of an
// entry gives, for people inside a group's audience, outside every audience, admitted only by a
// group open to the public, and kept in the group fixed at their first entry when the audience
// changes afterwards. It reads them in a fixed number of queries however many contests there are.

const PASSWORD = "mat-khau-du-dai-2026";
let app: TestApp;
let bankId: number;
let organizerId: number;
const unit: Record<string, number> = {};
let people = 0;

async function person(unitCode: string) {
  people++;
  const email = `nguoi${people}@example.vn`;
  const { id } = await createAccount(app.db, { fullName: `Người dự thi ${people}`, login: { kind: "email", email }, password: PASSWORD, unitId: unit[unitCode] });
  const client = app.client();
  await client.login(email, PASSWORD);
  return { id, client };
}

async function contest(title: string, owner: string, options: { publish?: boolean; maxEntries?: number } = {}) {
  const slug = `cua-toi-${Math.random().toString(36).slice(2, 8)}`;
  const contestId = await createContest(app, { title, slug, rules: "Thể lệ.", prizes: "", ownerUnitId: unit[owner], actorId: organizerId });
  const roundId = await createRound(app, contestId, {
    title: "Tuần 1",
    opensAt: new Date(Date.now() - 60_000),
    closesAt: new Date(Date.now() + 86_400_000),
    timeLimitSeconds: 600,
    blueprint: [{ bankId, count: 5 }],
    pointsPerQuestion: 10,
    maxEntries: options.maxEntries ?? 2,
    shuffleQuestions: true,
    shuffleOptions: true,
    reviewPolicy: "after_close",
    predictionRule: "none",
    predictionPrompt: null,
    actorId: organizerId,
  });
  if (options.publish !== false) await setContestPublished(app, contestId, true, organizerId);
  return { contestId, roundId, slug, title };
}

type MyContestsPage = { contests: { slug: string; title: string; group: string; rounds: { id: number; used: number; allowed: number; inProgress: string | null }[] }[] };

async function myContestsPage(client: TestClient): Promise<MyContestsPage> {
  const response = await client.get(`/cuoc-thi-cua-toi?_data=${encodeURIComponent("routes/cuoc-thi-cua-toi")}`);
  expect(response.status).toBe(200);
  return (await response.json()) as MyContestsPage;
}

/** Whether starting an entry in the round admits the person (a refusal for any reason but the audience fails the test). */
async function startAdmits(roundId: number, userId: number): Promise<boolean> {
  try {
    await startEntry(app.db, { roundId, userId });
    return true;
  } catch (error) {
    if (error instanceof UserFacingError && error.code === "audience") return false;
    throw error;
  }
}

let snv: Awaited<ReturnType<typeof contest>>;
let communeWithPublic: Awaited<ReturnType<typeof contest>>;
let justice: Awaited<ReturnType<typeof contest>>;
let draft: Awaited<ReturnType<typeof contest>>;

beforeAll(async () => {
  app = await startTestApp();
  bankId = (await app.db.selectFrom("question_banks").select("id").executeTakeFirstOrThrow()).id;
  organizerId = (await app.db.selectFrom("users").select("id").where("email", "=", "bantochuc@demo.cchc.vn").executeTakeFirstOrThrow()).id;
  // A second tree: people of another province are outside every audience of Minh Hòa's contests.
  await insertUnitTree(app.db, { code: "KH", name: "Tỉnh Khác Hòa", kind: "province", headcount: 10 });
  for (const row of await app.db.selectFrom("units").select(["id", "code"]).execute()) unit[row.code] = row.id;

  snv = await contest("Tìm hiểu CCHC của Sở Nội vụ", "MH-SNV");
  communeWithPublic = await contest("Tìm hiểu CCHC xã Tân Phú", "MH-X-TPH");
  await saveGroup(app, communeWithPublic.contestId, null, { name: "Bảng người dân", openToPublic: true, unitIds: [], actorId: organizerId });
  justice = await contest("Tìm hiểu pháp luật của Sở Tư pháp", "MH-STP");
  draft = await contest("Cuộc thi chưa công bố", "MH-SNV", { publish: false });
});
afterAll(() => app.close());

describe("Cuộc thi của tôi", () => {
  it("lists exactly the contests whose entry would start, with the group the person joins", async () => {
    // The open round of every published contest (the demo contest's included).
    const open = await app.db
      .selectFrom("rounds")
      .innerJoin("contests", "contests.id", "rounds.contest_id")
      .select(["rounds.id as roundId", "contests.slug"])
      .where("contests.status", "=", "published")
      .where("rounds.opens_at", "<=", new Date())
      .where("rounds.closes_at", ">", new Date())
      .execute();
    expect(new Set(open.map((r) => r.slug)).size).toBe(open.length);
    const expectedGroups: Record<string, Record<string, string>> = {
      // Inside Sở Nội vụ: its own contest, the demo contest (the whole province), the commune's through its public group.
      "MH-SNV-CCHC": { [snv.slug]: "Bảng chung", [communeWithPublic.slug]: "Bảng người dân" },
      // Another province: only the group open to the public admits them.
      KH: { [communeWithPublic.slug]: "Bảng người dân" },
    };
    for (const [unitCode, groups] of Object.entries(expectedGroups)) {
      const { id, client } = await person(unitCode);
      const listed = (await myContestsPage(client)).contests;
      for (const [slug, group] of Object.entries(groups)) expect(listed.find((c) => c.slug === slug)?.group, `${unitCode} in ${slug}`).toBe(group);
      expect(listed.some((c) => c.slug === justice.slug), unitCode).toBe(false);
      expect(listed.some((c) => c.slug === draft.slug), unitCode).toBe(false);
      // The page and the start of an entry give the same answer for every published contest.
      const admitted: { roundId: number; slug: string }[] = [];
      for (const round of open) if (await startAdmits(round.roundId, id)) admitted.push(round);
      expect(listed.map((c) => c.slug).sort(), unitCode).toEqual(admitted.map((r) => r.slug).sort());
      // Once entered, the contests are listed the same way, with the entry to resume.
      const after = (await myContestsPage(client)).contests;
      expect(after.map((c) => [c.slug, c.group]).sort()).toEqual(listed.map((c) => [c.slug, c.group]).sort());
      for (const { roundId, slug } of admitted) {
        expect(after.find((c) => c.slug === slug)?.rounds.find((r) => r.id === roundId)).toMatchObject({ used: 1, inProgress: expect.any(String) });
      }
    }
  });

  it("keeps a person in the group fixed at their first entry when the audience changes", async () => {
    const moved = await contest("Cuộc thi đổi đối tượng", "MH-SNV");
    const { id, client } = await person("MH-SNV-TCBC");
    const { entryId } = await startEntry(app.db, { roundId: moved.roundId, userId: id });
    await submitEntry(app.db, { entryId, userId: id });
    const group = await app.db.selectFrom("contest_groups").select("id").where("contest_id", "=", moved.contestId).executeTakeFirstOrThrow();
    // The group is now for Sở Tư pháp only: a newcomer from Sở Nội vụ is refused, the person already in it is not.
    await saveGroup(app, moved.contestId, group.id, { name: "Bảng chung", openToPublic: false, unitIds: [unit["MH-STP"]], actorId: organizerId });
    const newcomer = await person("MH-SNV-TCBC");
    expect((await myContestsPage(newcomer.client)).contests.some((c) => c.slug === moved.slug)).toBe(false);
    expect(await startAdmits(moved.roundId, newcomer.id)).toBe(false);
    expect((await myContestsPage(client)).contests.find((c) => c.slug === moved.slug)?.group).toBe("Bảng chung");
    expect(await startAdmits(moved.roundId, id)).toBe(true);
  });

  it("counts an extra entry granted to the person, as the start of an entry does", async () => {
    const single = await contest("Cuộc thi một lượt", "MH-SNV", { maxEntries: 1 });
    const { id, client } = await person("MH-SNV-CCVC");
    const { entryId } = await startEntry(app.db, { roundId: single.roundId, userId: id });
    await submitEntry(app.db, { entryId, userId: id });
    const roundOf = async () => (await myContestsPage(client)).contests.find((c) => c.slug === single.slug)!.rounds[0];
    expect(await roundOf()).toMatchObject({ used: 1, allowed: 1 });
    await expect(startEntry(app.db, { roundId: single.roundId, userId: id })).rejects.toThrow("Bạn đã dùng hết 1 lượt thi của đợt này.");
    await recordIncident(app, single.contestId, { kind: "extra_entry", userId: id, roundId: single.roundId, reason: "Lỗi đường truyền đã được xác minh.", actorId: organizerId });
    expect(await roundOf()).toMatchObject({ used: 1, allowed: 2 });
    // The contest's own page offers the extra entry too.
    const landing = await (await client.get(`/cuoc-thi/${single.slug}`)).text();
    expect(landing).toContain("Thi lượt 2");
    await startEntry(app.db, { roundId: single.roundId, userId: id });
  });

  it("reads in a fixed number of queries, however many contests there are", async () => {
    const { id } = await person("MH-SNV-CCHC");
    let queries = 0;
    const counting = app.db.withPlugin({
      transformQuery: (args) => {
        queries++;
        return args.node;
      },
      transformResult: async (args) => args.result,
    });
    await myContests(counting, id);
    const before = queries;
    expect(before).toBeGreaterThan(3);
    for (let i = 0; i < 4; i++) await contest(`Cuộc thi thêm ${i}`, "MH-SNV");
    queries = 0;
    const listed = await myContests(counting, id);
    expect(listed.length).toBeGreaterThanOrEqual(7);
    expect(queries).toBe(before);
  });
});

describe("starting an entry from the contest page", () => {
  const entriesOf = async (userId: number, roundId: number) =>
    app.db.selectFrom("entries").select(["id", "attempt_no"]).where("user_id", "=", userId).where("round_id", "=", roundId).orderBy("attempt_no").execute();
  const confirmStart = async (client: TestClient, slug: string, roundId: number, attempt: number) => {
    const response = await client.postForm(`/cuoc-thi/${slug}`, { intent: "start", roundId, attempt });
    expect(response.status).toBe(302);
    return response.headers.get("location");
  };

  it("shows the attempts left and asks to confirm before an attempt is spent", async () => {
    const { id, client } = await person("MH-SNV-CCHC");
    const landing = await (await client.get(`/cuoc-thi/${snv.slug}`)).text();
    expect(landing).toContain("Bạn còn 2 lượt thi");
    expect(landing).toContain(`href="/cuoc-thi/${snv.slug}?bat-dau=${snv.roundId}#xac-nhan-bat-dau"`);
    // The page itself starts nothing: only the confirm step carries the start form.
    expect(landing).not.toContain('value="start"');
    const confirm = await (await client.get(`/cuoc-thi/${snv.slug}?bat-dau=${snv.roundId}`)).text();
    expect(confirm).toContain("Xác nhận bắt đầu");
    expect(confirm).toContain("Bạn còn 2 lượt thi");
    expect(confirm).toContain('name="attempt" value="1"');
    expect(await entriesOf(id, snv.roundId)).toEqual([]);
  });

  it("does not spend two attempts when the confirm is sent twice, even after the entry was submitted", async () => {
    const { id, client } = await person("MH-SNV-CCHC");
    const first = await confirmStart(client, snv.slug, snv.roundId, 1);
    expect(first).toMatch(/^\/bai-thi\/\d+$/);
    expect(await confirmStart(client, snv.slug, snv.roundId, 1)).toBe(first);
    const [entry] = await entriesOf(id, snv.roundId);
    await submitEntry(app.db, { entryId: entry.id, userId: id });
    // The back button and the same confirm again: the submitted entry, not a second attempt.
    expect(await confirmStart(client, snv.slug, snv.roundId, 1)).toBe(first);
    expect(await entriesOf(id, snv.roundId)).toHaveLength(1);
    const landing = await (await client.get(`/cuoc-thi/${snv.slug}`)).text();
    expect(landing).toContain("Bạn còn 1 lượt thi");
    expect(landing).toContain("Thi lượt 2");
    // Confirming the second attempt does start it.
    const second = await confirmStart(client, snv.slug, snv.roundId, 2);
    expect(second).not.toBe(first);
    expect((await entriesOf(id, snv.roundId)).map((e) => e.attempt_no)).toEqual([1, 2]);
  });

  it("tells someone outside the audience why they cannot take part, and refuses their start", async () => {
    const { id, client } = await person("MH-SNV-CCHC");
    for (const path of [`/cuoc-thi/${justice.slug}`, `/cuoc-thi/${justice.slug}?bat-dau=${justice.roundId}`]) {
      const page = await (await client.get(path)).text();
      expect(page).toContain("đơn vị của bạn không thuộc đối tượng dự thi");
      expect(page).not.toContain("Bắt đầu làm bài");
      expect(page).not.toContain("Xác nhận bắt đầu");
    }
    const refused = await client.postForm(`/cuoc-thi/${justice.slug}`, { intent: "start", roundId: justice.roundId, attempt: 1 });
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain("đơn vị của bạn không thuộc đối tượng dự thi");
    expect(await entriesOf(id, justice.roundId)).toEqual([]);
  });

  it("offers on “Cuộc thi của tôi” what the person can do next in each round", async () => {
    const { id, client } = await person("MH-SNV-CCHC");
    const rowOf = async () => {
      const html = await (await client.get("/cuoc-thi-cua-toi")).text();
      const section = html.slice(html.indexOf(snv.title));
      return section.slice(0, section.indexOf("</section>"));
    };
    expect(await rowOf()).toContain(`href="/cuoc-thi/${snv.slug}?bat-dau=${snv.roundId}#xac-nhan-bat-dau">Vào thi</a>`);
    const entry = (await confirmStart(client, snv.slug, snv.roundId, 1))!;
    const running = await rowOf();
    expect(running).toContain(`href="${entry}">Tiếp tục làm bài</a>`);
    expect(running).not.toContain("Vào thi");
    await submitEntry(app.db, { entryId: entry.split("/").pop()!, userId: id });
    const done = await rowOf();
    expect(done).toContain(`href="${entry}">Xem kết quả</a>`);
    expect(done).toContain(`href="/cuoc-thi/${snv.slug}?bat-dau=${snv.roundId}#xac-nhan-bat-dau">Thi lượt 2</a>`);
    expect(done).not.toContain("Tiếp tục làm bài");
  });
});
