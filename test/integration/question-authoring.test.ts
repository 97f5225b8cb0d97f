import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAccount } from "~/accounts/accounts.server";
import { submitEntry } from "~/entries/entries.server";
import { fillMissingSearchText } from "~/questions/questions.server";
import { compareRelevance, listedBySearch, parseSearchQuery, questionSearchText, relevanceOf } from "~/questions/search-text";
import { answerKeyInDisplayOrder, demoRound, startEntryViaHttp } from "../support/entries";
import { DEMO_PASSWORD, startTestApp, type TestApp, type TestClient } from "../support/test-app";

let app: TestApp;
let organizer: TestClient;
let reviewer: TestClient;
let bankId: number;

beforeAll(async () => {
  app = await startTestApp();
  const unit = await app.db.selectFrom("units").select("id").where("code", "=", "MH-SNV-CCHC").executeTakeFirstOrThrow();
  await createAccount(app.db, { fullName: "Người Duyệt Thứ Hai", login: { kind: "email", email: "duyet@demo.cchc.vn" }, password: DEMO_PASSWORD, unitId: unit.id, role: "organizer" });
  organizer = app.client();
  await organizer.login("bantochuc@demo.cchc.vn", DEMO_PASSWORD);
  reviewer = app.client();
  await reviewer.login("duyet@demo.cchc.vn", DEMO_PASSWORD);
  bankId = (await app.db.selectFrom("question_banks").select("id").executeTakeFirstOrThrow()).id;
});
afterAll(() => app.close());

function questionForm(overrides: Record<string, string | string[]> = {}) {
  const fields: Record<string, string | string[]> = {
    intent: "create",
    bankId: String(bankId),
    key: "tthc-mot-cua-001",
    topic: "administrative-procedures",
    type: "single",
    difficulty: "medium",
    stem: "Bộ phận Một cửa tiếp nhận hồ sơ thủ tục hành chính theo cơ chế nào?",
    option: ["Cơ chế một cửa, một cửa liên thông", "Cơ chế xin – cho", "Cơ chế thẩm tra", "Cơ chế khoán"],
    correct: "A",
    explanation: "Giải thích thử.",
    basisDocument: "Nghị định số 61/2018/NĐ-CP",
    basisIssuer: "Chính phủ",
    basisDate: "2018-04-23",
    basisArticle: "",
    tags: "mot-cua, kiem-thu",
    ...overrides,
  };
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) for (const v of Array.isArray(value) ? value : [value]) body.append(name, v);
  return body;
}

const post = (client: TestClient, path: string, body: URLSearchParams) =>
  client.request(path, { method: "POST", body, headers: { "Content-Type": "application/x-www-form-urlencoded" } });

async function createViaForm(overrides: Record<string, string | string[]> = {}) {
  const response = await post(organizer, "/quan-ly/cau-hoi/moi", questionForm(overrides));
  expect(response.status).toBe(302);
  return Number(/\/quan-ly\/cau-hoi\/(\d+)/.exec(response.headers.get("location") ?? "")![1]);
}

async function status(id: number) {
  return (await app.db.selectFrom("questions").select("status").where("id", "=", id).executeTakeFirstOrThrow()).status;
}

const review = (client: TestClient, id: number, action: string, comment = "") =>
  post(client, `/quan-ly/cau-hoi/${id}`, new URLSearchParams({ intent: "review", action, comment }));

describe("creating a question in the app", () => {
  it("applies the bank-file rules to the form, field by field, and saves nothing when wrong", async () => {
    const before = await app.db.selectFrom("questions").select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow();
    const response = await post(
      organizer,
      "/quan-ly/cau-hoi/moi",
      questionForm({ key: "Mã Có Dấu", topic: "", option: ["Một", "", "Ba"], correct: [], basisDate: "2021-02-30", stem: "" }),
    );
    expect(response.status).toBe(400);
    const html = await response.text();
    for (const message of [
      "Mã câu hỏi chỉ gồm chữ thường không dấu",
      "Vui lòng chọn chủ đề",
      "Phương án không được để trống",
      "Vui lòng chọn đáp án đúng",
      "Ngày ban hành không phải là một ngày có thật",
      "Nội dung câu hỏi không được để trống",
    ]) {
      expect(html).toContain(message);
    }
    const after = await app.db.selectFrom("questions").select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });

  it("creates a draft with version 1, recorded in the history, and refuses a key already used", async () => {
    const id = await createViaForm({ key: "tao-moi-001" });
    expect(await status(id)).toBe("draft");
    const page = await (await organizer.get(`/quan-ly/cau-hoi/${id}`)).text();
    expect(page).toContain("Tạo câu hỏi");
    expect(page).toContain("Nguyễn Thị Tổ Chức");
    const again = await post(organizer, "/quan-ly/cau-hoi/moi", questionForm({ key: "tao-moi-001" }));
    expect(again.status).toBe(409);
    expect(await again.text()).toContain("đã có trong ngân hàng này");
  });
});

describe("the review workflow", () => {
  it("goes draft → in review → sent back with a comment → in review → approved by someone else → retired", async () => {
    const id = await createViaForm({ key: "duyet-001" });
    expect((await review(organizer, id, "submit")).status).toBe(200);
    expect(await status(id)).toBe("in_review");

    // The author is not offered "Duyệt" where the bank wants another reviewer; the reviewer is.
    const offered = async (client: TestClient) =>
      ((await (await client.get(`/quan-ly/cau-hoi/${id}?_data=routes%2Fquan-ly.cau-hoi.%24id._index`)).json()) as { actions: string[] }).actions;
    expect(await offered(organizer)).toEqual(["return", "retire"]);
    expect(await offered(reviewer)).toEqual(["approve", "return", "retire"]);
    expect(await (await organizer.get(`/quan-ly/cau-hoi/${id}`)).text()).not.toMatch(/<button[^>]*>Duyệt<\/button>/);

    const selfApprove = await review(organizer, id, "approve");
    expect(selfApprove.status).toBe(409);
    expect(await selfApprove.text()).toContain("không thể tự duyệt câu hỏi mình soạn");
    expect(await status(id)).toBe("in_review");

    const noComment = await review(reviewer, id, "return");
    expect(noComment.status).toBe(409);
    expect(await noComment.text()).toContain("Vui lòng ghi nhận xét");
    expect((await review(reviewer, id, "return", "Phương án B chưa hợp lý")).status).toBe(200);
    expect(await status(id)).toBe("draft");

    await review(organizer, id, "submit");
    expect((await review(reviewer, id, "approve")).status).toBe(200);
    expect(await status(id)).toBe("approved");
    expect((await review(reviewer, id, "approve")).status).toBe(409);

    await review(organizer, id, "retire");
    expect(await status(id)).toBe("retired");
    const events = await app.db.selectFrom("question_events").select(["action", "comment"]).where("question_id", "=", id).orderBy("id").execute();
    expect(events.map((e) => e.action)).toEqual(["created", "submitted", "returned", "submitted", "approved", "retired"]);
    expect(events[2].comment).toBe("Phương án B chưa hợp lý");
    const history = await (await organizer.get(`/quan-ly/cau-hoi/${id}`)).text();
    expect(history).toContain("Phương án B chưa hợp lý");
    expect(history).toContain("Người Duyệt Thứ Hai");
  });

  it("refuses an unknown review action", async () => {
    const id = await createViaForm({ key: "duyet-002" });
    const response = await review(organizer, id, "publish");
    expect(response.status).toBe(400);
    expect(await status(id)).toBe("draft");
  });
});

describe("versions", () => {
  it("keeps an old entry graded and shown with the version it drew after the question is edited", async () => {
    const { id: roundId, slug } = await demoRound(app.db);
    const contestant = app.client();
    await contestant.login("thisinh@demo.cchc.vn", DEMO_PASSWORD);
    const entryId = await startEntryViaHttp(contestant, slug, roundId);
    const [first] = await answerKeyInDisplayOrder(app.db, entryId);
    await contestant.postJson(`/api/entries/${entryId}/answers`, { position: first.position, chosen: first.correctDisplay, revision: 1 });
    const drawn = await app.db
      .selectFrom("entry_questions")
      .innerJoin("question_versions as v", "v.id", "entry_questions.question_version_id")
      .innerJoin("questions as q", "q.id", "v.question_id")
      .select(["q.id", "v.id as version_id", "v.stem", "v.correct", "v.options"])
      .where("entry_questions.entry_id", "=", entryId)
      .where("entry_questions.position", "=", first.position)
      .executeTakeFirstOrThrow();

    // An organizer changes the stem and moves the correct answer to another option.
    const newCorrect = drawn.options.findIndex((_, i) => !drawn.correct.includes(i));
    const page = await (await organizer.get(`/quan-ly/cau-hoi/${drawn.id}?_data=routes%2Fquan-ly.cau-hoi.%24id._index`)).json();
    const values = page.formValues;
    const edit = new URLSearchParams({
      intent: "edit",
      expectedVersionId: String(page.currentVersionId),
      key: values.key,
      topic: values.topic,
      type: "single",
      difficulty: values.difficulty,
      stem: `${values.stem} (đã sửa)`,
      explanation: values.explanation,
      basisDocument: values.basisDocument,
      basisIssuer: values.basisIssuer,
      basisDate: values.basisDate,
      basisArticle: values.basisArticle,
      tags: values.tags,
      correct: "ABCDEF"[newCorrect],
    });
    for (const option of values.options) edit.append("option", option);
    edit.set("reason", "Sửa đáp án theo văn bản mới");

    // The question is approved and drawn into entries: a save without the tick is refused, says
    // what would happen, keeps what was typed and changes nothing.
    const unticked = await post(organizer, `/quan-ly/cau-hoi/${drawn.id}`, edit);
    expect(unticked.status).toBe(409);
    const refusedPage = await unticked.text();
    expect(refusedPage).toContain("không được rút vào đề nữa cho đến khi được duyệt lại");
    expect(refusedPage).toContain(`${values.stem} (đã sửa)`);
    expect(refusedPage).toContain("Sửa đáp án theo văn bản mới");
    const untouched = await app.db.selectFrom("questions").select(["current_version_id", "status"]).where("id", "=", drawn.id).executeTakeFirstOrThrow();
    expect(untouched).toEqual({ current_version_id: drawn.version_id, status: "approved" });

    edit.set("confirmLeavingPool", "on");
    const saved = await post(organizer, `/quan-ly/cau-hoi/${drawn.id}`, edit);
    expect(saved.status).toBe(200);
    expect(await saved.text()).toContain("Đã lưu phiên bản mới");
    const question = await app.db.selectFrom("questions").select(["current_version_id", "status"]).where("id", "=", drawn.id).executeTakeFirstOrThrow();
    expect(question.current_version_id).not.toBe(drawn.version_id);
    expect(question.status).toBe("draft");
    // The author's note is the history entry's, with who saved it.
    const logged = await app.db
      .selectFrom("question_events")
      .select(["action", "comment", "actor_id", "from_status", "to_status"])
      .where("question_id", "=", drawn.id)
      .where("version_id", "=", question.current_version_id)
      .execute();
    expect(logged).toEqual([{ action: "edited", comment: "Sửa đáp án theo văn bản mới", actor_id: expect.any(Number), from_status: "approved", to_status: "draft" }]);

    // A second save from the stale page is refused rather than silently overwriting.
    const stale = await post(organizer, `/quan-ly/cau-hoi/${drawn.id}`, edit);
    expect(stale.status).toBe(409);
    expect(await stale.text()).toContain("vừa được người khác sửa");

    // The running entry still shows the old stem, and is graded with the old key.
    const view = await (await contestant.get(`/bai-thi/${entryId}?_data=routes%2Fbai-thi.%24entryId`)).json();
    expect(view.questions.find((q: { position: number }) => q.position === first.position).stem).toBe(drawn.stem);
    const user = await app.db.selectFrom("users").select("id").where("email", "=", "thisinh@demo.cchc.vn").executeTakeFirstOrThrow();
    const result = await submitEntry(app.db, { entryId, userId: user.id });
    expect(result.correctCount).toBe(1);
  });
});

describe("only approved questions are drawn", () => {
  it("never draws a draft, a question in review or a retired one", async () => {
    const { id: roundId, slug } = await demoRound(app.db);
    const notApproved = await app.db
      .updateTable("questions")
      .set({ status: "retired" })
      .where("key", "in", ["test-001", "test-002", "test-003", "test-004"])
      .returning("id")
      .execute();
    await app.db.updateTable("questions").set({ status: "draft" }).where("key", "in", ["test-005", "test-006"]).execute();
    await app.db.updateTable("questions").set({ status: "in_review" }).where("key", "in", ["test-007"]).execute();
    const excluded = new Set([
      ...notApproved.map((q) => q.id),
      ...(await app.db.selectFrom("questions").select("id").where("key", "in", ["test-005", "test-006", "test-007"]).execute()).map((q) => q.id),
    ]);
    await sql`update rounds set max_entries = 100 where id = ${roundId}`.execute(app.db);
    const contestant = app.client();
    await contestant.login("thisinh@demo.cchc.vn", DEMO_PASSWORD);
    for (let i = 0; i < 5; i++) {
      const entryId = await startEntryViaHttp(contestant, slug, roundId);
      const drawn = await app.db
        .selectFrom("entry_questions")
        .innerJoin("question_versions as v", "v.id", "entry_questions.question_version_id")
        .select("v.question_id")
        .where("entry_id", "=", entryId)
        .execute();
      expect(drawn.filter((d) => excluded.has(d.question_id))).toEqual([]);
      await contestant.postForm(`/bai-thi/${entryId}`, { intent: "submit" });
    }
    // With too few approved questions left, starting is refused with a clear message.
    await app.db.updateTable("questions").set({ status: "retired" }).where("key", "like", "test-01%").execute();
    const refused = await contestant.postForm(`/cuoc-thi/${slug}`, { intent: "start", roundId });
    expect(refused.status).toBe(409);
    expect(await refused.text()).toContain("chưa đủ câu hỏi đã duyệt");
    await app.db.updateTable("questions").set({ status: "approved" }).where("key", "like", "test-%").execute();
  });
});

describe("search", () => {
  const list = async (query: string, extra = "") =>
    (await (await organizer.get(`/quan-ly/cau-hoi?q=${encodeURIComponent(query)}${extra}&_data=routes%2Fquan-ly.cau-hoi._index`)).json()) as {
      total: number;
      search: { phrase: number; allWords: number; someWords: number } | null;
      rows: { key: string; stem: string; stemMatches: [number, number][] }[];
    };

  it("finds questions with or without diacritics and in any case, using the words index", async () => {
    await createViaForm({ key: "tim-kiem-001", stem: "Thủ tục hành chính được giải quyết theo cơ chế một cửa tại đâu?" });
    for (const query of ["thu tuc hanh chinh duoc giai quyet", "THỦ TỤC HÀNH CHÍNH ĐƯỢC", "Thủ tục  hành chính", "tim-kiem-001", "thu tuc mot cua"]) {
      const data = await list(query);
      expect(data.rows.map((r) => r.key), query).toContain("tim-kiem-001");
    }
    expect((await list("xyzzy khongtontai")).total).toBe(0);
    // Wildcards typed by a user are nothing to search for: the whole list, unfiltered.
    const percent = await list("%%%");
    expect(percent.search).toBeNull();
    expect(percent.total).toBeGreaterThan(0);

    await sql`set enable_seqscan = off`.execute(app.db);
    const forced = await sql<{ "QUERY PLAN": string }>`explain select id from questions where search_words @@ to_tsquery('simple', 'thu & tuc & mot & cua')`.execute(app.db);
    await sql`reset enable_seqscan`.execute(app.db);
    expect(forced.rows.map((r) => r["QUERY PLAN"]).join("\n")).toContain("questions_search_words");
  });

  it("matches whole words, ranks the phrase first, lists some words only when no question has them all, and marks the words in each stem", async () => {
    const { id: searchBank } = await app.db.insertInto("question_banks").values({ key: "tim-kiem", title: "Tìm kiếm" }).returning("id").executeTakeFirstOrThrow();
    const stems: Record<string, string> = {
      "tk-1": "Thứ tự các bước tiếp nhận hồ sơ của tổ chức là gì?",
      "tk-2": "Tiếp tục thực hiện cải cách thủ tục hành chính của tỉnh như thế nào?",
      "tk-3": "Bộ phận Một cửa của Ủy ban nhân dân cấp xã do ai thành lập?",
      "tk-4": "Thủ tục hành chính được giải quyết theo cơ chế một cửa tại đâu?",
      "tk-5": "Thủ tục một cửa liên thông áp dụng khi nào?",
      "tk-6": "Thuộc tính thực thể trong hồ sơ điện tử là gì?",
    };
    for (const [key, stem] of Object.entries(stems)) {
      await createViaForm({ bankId: String(searchBank), key, stem, option: ["Có", "Không"], explanation: "Giải thích.", basisDocument: "Văn bản số 9", basisIssuer: "Cơ quan", tags: "" });
    }
    /** The keys the pure rule (search-text.ts) lists for `query`, in its order. */
    const expected = (query: string) => {
      const search = parseSearchQuery(query)!;
      const scored = Object.entries(stems).map(([key, stem]) => ({
        key,
        ...relevanceOf({ stem, text: questionSearchText({ key, stem, options: ["Có", "Không"], explanation: "Giải thích.", basis: { document: "Văn bản số 9", issuer: "Cơ quan" } }) }, search),
      }));
      return listedBySearch(scored).sort(compareRelevance).map((r) => r.key);
    };
    const data = await list("thu tuc mot cua", `&nganHang=${searchBank}`);
    // The phrase, then every word; "Thứ tự … của", "tiếp tục … của" hold only some words, "thuộc", "thực" none.
    expect(data.rows.map((r) => r.key)).toEqual(["tk-5", "tk-4"]);
    expect(data.rows.map((r) => r.key)).toEqual(expected("thu tuc mot cua"));
    expect(data.total).toBe(2);
    expect(data.search).toEqual({ phrase: 1, allWords: 1, someWords: 0 });
    const marked = (rows: typeof data.rows, key: string) => {
      const row = rows.find((r) => r.key === key)!;
      return row.stemMatches.map(([start, end]) => row.stem.slice(start, end));
    };
    expect(marked(data.rows, "tk-5")).toEqual(["Thủ tục một cửa"]);
    expect(marked(data.rows, "tk-4")).toEqual(["Thủ tục", "một cửa"]);

    // No question holds every word of this one: those with some are listed, by the same rule.
    const some = await list("một cửa điện tử", `&nganHang=${searchBank}`);
    expect(some.rows.map((r) => r.key)).toEqual(expected("một cửa điện tử"));
    expect(some.rows.map((r) => r.key).slice(0, 3)).toEqual(["tk-3", "tk-4", "tk-5"]);
    expect(some.search).toEqual({ phrase: 0, allWords: 0, someWords: some.total });
    expect(marked(some.rows, "tk-1")).toEqual(["tự", "của"]);

    // The stem's folded copy: as the app folds it, as the migration's SQL folded existing rows, and refilled when missing.
    const folded = await sql<{ key: string; search_stem: string; sql_fold: string }>`
      select q.key, q.search_stem, fold_text(v.stem) as sql_fold from questions q join question_versions v on v.id = q.current_version_id`.execute(app.db);
    expect(folded.rows.filter((r) => r.search_stem !== r.sql_fold)).toEqual([]);
    await app.db.updateTable("questions").set({ search_stem: "" }).where("key", "=", "tk-5").execute();
    expect(await fillMissingSearchText(app.db)).toBe(1);
    expect((await list("thu tuc mot cua", `&nganHang=${searchBank}`)).rows.map((r) => r.key)).toEqual(["tk-5", "tk-4"]);

    // The page marks them and says what was found.
    const html = await (await organizer.get(`/quan-ly/cau-hoi?q=thu+tuc+mot+cua&nganHang=${searchBank}`)).text();
    expect(html).toContain("<mark>Thủ tục một cửa</mark> liên thông");
    expect(html).toContain("1 câu có đúng cụm từ, 1 câu có đủ các từ");
  });

  it("filters by bank, topic, difficulty, status and type, and ignores malformed filters", async () => {
    const data = await (
      await organizer.get(`/quan-ly/cau-hoi?chuDe=institutional&doKho=easy&trangThai=approved&loai=single&nganHang=${bankId}&_data=routes%2Fquan-ly.cau-hoi._index`)
    ).json();
    expect(data.total).toBeGreaterThan(0);
    const rows = await app.db
      .selectFrom("questions")
      .innerJoin("question_versions as v", "v.id", "questions.current_version_id")
      .select("questions.key")
      .where("questions.topic", "=", "institutional")
      .where("v.difficulty", "=", "easy")
      .where("questions.status", "=", "approved")
      .where("v.type", "=", "single")
      .execute();
    expect(data.total).toBe(rows.length);
    const junk = await organizer.get(`/quan-ly/cau-hoi?chuDe=zzz&trang=-5&loai=1`);
    expect(junk.status).toBe(200);
  });
});

describe("who may see the bank", () => {
  it("keeps contestants and leaders out of the bank, its answers and its statistics", async () => {
    const anyQuestion = await app.db.selectFrom("questions").select("id").executeTakeFirstOrThrow();
    for (const email of ["thisinh@demo.cchc.vn", "lanhdao@demo.cchc.vn"]) {
      const client = app.client();
      await client.login(email, DEMO_PASSWORD);
      for (const path of ["/quan-ly/cau-hoi", "/quan-ly/cau-hoi/moi", `/quan-ly/cau-hoi/${anyQuestion.id}`, `/quan-ly/cau-hoi/${anyQuestion.id}/thong-ke`]) {
        const response = await client.get(path);
        expect({ email, path, status: response.status }).toEqual({ email, path, status: 403 });
      }
      const write = await post(client, "/quan-ly/cau-hoi/moi", questionForm({ key: "xam-nhap-001" }));
      expect(write.status).toBe(403);
      const approve = await review(client, anyQuestion.id, "retire");
      expect(approve.status).toBe(403);
    }
    expect(await app.db.selectFrom("questions").select("id").where("key", "=", "xam-nhap-001").executeTakeFirst()).toBeUndefined();
  });
});
