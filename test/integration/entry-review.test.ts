import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answerKeyInDisplayOrder, demoRound, startEntryViaHttp } from "../support/entries";
import { startTestApp, type TestApp, type TestClient } from "../support/test-app";

// The prediction question's API, and the review (answers, explanations, legal basis) the
// entry page shows once an entry is final — only then, and only as the round's policy says.

let app: TestApp;
let round: { id: number; slug: string };
let unitId: number;

beforeAll(async () => {
  app = await startTestApp();
  round = await demoRound(app.db);
  unitId = (await app.db.selectFrom("units").select("id").where("code", "=", "MH-P-ANH").executeTakeFirstOrThrow()).id;
});
afterAll(() => app.close());

let counter = 0;
async function newContestant(): Promise<TestClient> {
  const client = app.client();
  counter++;
  const response = await client.postForm("/dang-ky", {
    fullName: `Người Dự Đoán ${counter}`,
    login: `du-doan-${counter}-${Date.now()}@example.vn`,
    password: "mat-khau-du-dai",
    confirmPassword: "mat-khau-du-dai",
    unitId,
  });
  expect(response.status).toBe(302);
  return client;
}

async function newEntry() {
  const client = await newContestant();
  const entryId = await startEntryViaHttp(client, round.slug, round.id);
  return { client, entryId };
}

const entryData = (client: TestClient, entryId: string) => client.get(`/bai-thi/${entryId}?_data=routes%2Fbai-thi.%24entryId`);
const entryHtml = async (client: TestClient, entryId: string) => (await client.get(`/bai-thi/${entryId}`)).text();
const predict = (client: TestClient, entryId: string, body: unknown) => client.postJson(`/api/entries/${entryId}/prediction`, body);
const saveAnswer = (client: TestClient, entryId: string, position: number, chosen: number[], revision: number) =>
  client.postJson(`/api/entries/${entryId}/answers`, { position, chosen, revision });
const submit = (client: TestClient, entryId: string) => client.postForm(`/bai-thi/${entryId}`, { intent: "submit" });
const storedEntry = (entryId: string) => app.db.selectFrom("entries").selectAll().where("id", "=", entryId).executeTakeFirstOrThrow();

/** How React writes text into HTML. */
const escapeHtml = (text: string) =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#x27;");

/** Anything that would reveal the answer key: correct flags, explanations, the legal basis, the version drawn. */
const KEY_MARKERS = /"correct"|"isCorrect"|"explanation"|"basis"|question_version_id|Giải thích:|Căn cứ:/;

describe("the prediction API", () => {
  it("saves a whole number, shows it back in the entry, and saving it again changes nothing", async () => {
    const { client, entryId } = await newEntry();
    const before = await (await entryData(client, entryId)).json();
    expect(before.prediction).toEqual({ prompt: "Theo bạn, đợt thi này sẽ có bao nhiêu lượt dự thi?", value: null, trueValue: null });

    const response = await predict(client, entryId, { prediction: 1500 });
    expect(response.status).toBe(200);
    const reply = await response.json();
    expect(reply.ok).toBe(true);
    expect(reply.remainingMs).toBeGreaterThan(14 * 60 * 1000);
    expect(reply.remainingMs).toBeLessThanOrEqual(15 * 60 * 1000);
    const saved = await storedEntry(entryId);
    expect(saved.prediction).toBe(1500);

    // The same save again (a retry after a lost reply): accepted, nothing changes.
    const again = await predict(client, entryId, { prediction: 1500 });
    expect(again.status).toBe(200);
    expect((await again.json()).ok).toBe(true);
    expect(await storedEntry(entryId)).toEqual(saved);

    // A changed mind replaces the value; zero is a valid guess.
    expect((await predict(client, entryId, { prediction: 0 })).status).toBe(200);
    expect((await storedEntry(entryId)).prediction).toBe(0);
    expect((await predict(client, entryId, { prediction: 2026 })).status).toBe(200);

    const view = await (await entryData(client, entryId)).json();
    expect(view.prediction.value).toBe(2026);
    // Reloading the page shows the saved value in the field.
    expect(await entryHtml(client, entryId)).toContain('value="2026"');
  });

  it("refuses fractions, negatives, strings and other shapes with a Vietnamese message, changing nothing", async () => {
    const { client, entryId } = await newEntry();
    expect((await predict(client, entryId, { prediction: 42 })).status).toBe(200);
    const before = await storedEntry(entryId);
    const bad: unknown[] = [
      { prediction: 1.5 },
      { prediction: -1 },
      { prediction: "1500" },
      { prediction: "abc" },
      { prediction: null },
      { prediction: 1e12 },
      {},
      [1500],
      1500,
    ];
    for (const body of bad) {
      const response = await predict(client, entryId, body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      const reply = await response.json();
      expect(reply.ok).toBe(false);
      expect(reply.message).toBe("Câu trả lời dự đoán phải là một số nguyên từ 0 đến 100.000.000.");
    }
    const notJson = await client.request(`/api/entries/${entryId}/prediction`, {
      method: "POST",
      body: "{prediction: 5",
      headers: { "Content-Type": "application/json" },
    });
    expect(notJson.status).toBe(400);
    expect((await notJson.json()).message).toBe("Dữ liệu gửi lên không đúng định dạng JSON.");
    expect(await storedEntry(entryId)).toEqual(before);
  });

  it("refuses other people's entries and anonymous requests", async () => {
    const { entryId } = await newEntry();
    const stranger = await newContestant();
    const theirs = await predict(stranger, entryId, { prediction: 7 });
    expect(theirs.status).toBe(404);
    expect((await theirs.json()).message).toBe("Không tìm thấy bài thi.");
    const anonymous = await predict(app.client(), entryId, { prediction: 7 });
    expect(anonymous.status).toBe(401);
    expect((await anonymous.json()).message).toMatch(/đăng nhập/);
    expect((await storedEntry(entryId)).prediction).toBeNull();
  });

  it("accepts within the network grace, refuses after the deadline and its grace", async () => {
    const { client, entryId } = await newEntry();
    await sql`update entries set deadline = now() - interval '2 seconds' where id = ${entryId}`.execute(app.db);
    const inGrace = await predict(client, entryId, { prediction: 10 });
    expect(inGrace.status).toBe(200);
    expect((await inGrace.json()).remainingMs).toBe(0);
    await sql`update entries set deadline = now() - interval '10 seconds' where id = ${entryId}`.execute(app.db);
    const late = await predict(client, entryId, { prediction: 11 });
    expect(late.status).toBe(409);
    const reply = await late.json();
    expect(reply).toMatchObject({ ok: false, code: "deadline_passed", message: "Đã hết giờ làm bài, câu trả lời này không được ghi nhận." });
    expect((await storedEntry(entryId)).prediction).toBe(10);
  });

  it("refuses after the entry is submitted, and the result shows the prediction given", async () => {
    const { client, entryId } = await newEntry();
    expect((await predict(client, entryId, { prediction: 1234 })).status).toBe(200);
    expect((await submit(client, entryId)).status).toBe(302);
    const late = await predict(client, entryId, { prediction: 99 });
    expect(late.status).toBe(409);
    expect(await late.json()).toMatchObject({ ok: false, code: "entry_final", message: "Bài thi đã được nộp, không thể thay đổi câu trả lời." });
    expect((await storedEntry(entryId)).prediction).toBe(1234);

    const view = await (await entryData(client, entryId)).json();
    expect(view.prediction).toMatchObject({ value: 1234, trueValue: null });
    const html = await entryHtml(client, entryId);
    expect(html).toContain("Bạn dự đoán");
    expect(html).toContain("1.234");
    expect(html).toContain("Công bố khi đợt thi kết thúc");
  });

  it("refuses when the round has no prediction question, and the entry page has no prediction field", async () => {
    const { client, entryId } = await newEntry();
    await sql`update rounds set prediction_rule = 'none' where id = ${round.id}`.execute(app.db);
    try {
      const response = await predict(client, entryId, { prediction: 5 });
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ ok: false, message: "Đợt thi này không có câu hỏi dự đoán." });
      expect((await storedEntry(entryId)).prediction).toBeNull();
      const view = await (await entryData(client, entryId)).json();
      expect(view.prediction).toBeNull();
      const html = await entryHtml(client, entryId);
      expect(html).not.toContain("prediction-input");
      expect(html).not.toContain("Câu hỏi dự đoán");
    } finally {
      await sql`update rounds set prediction_rule = 'entries' where id = ${round.id}`.execute(app.db);
    }
  });
});

describe("the review after an entry is final", () => {
  /** Answers the first `right` questions right, the next one wrong, and leaves the rest unanswered. */
  async function answerSome(client: TestClient, entryId: string, right: number) {
    const key = await answerKeyInDisplayOrder(app.db, entryId);
    let revision = 1;
    for (const q of key.slice(0, right)) expect((await saveAnswer(client, entryId, q.position, q.correctDisplay, revision++)).status).toBe(200);
    const wrong = key[right];
    expect((await saveAnswer(client, entryId, wrong.position, [wrong.wrongDisplay[0]], revision++)).status).toBe(200);
    return key;
  }

  it("never reaches the browser while the entry is in progress: no explanations, no correct flags, in the data or the page", async () => {
    const { client, entryId } = await newEntry();
    const key = await answerSome(client, entryId, 5);
    expect((await predict(client, entryId, { prediction: 300 })).status).toBe(200);
    const dataText = await (await entryData(client, entryId)).text();
    const html = await entryHtml(client, entryId);
    const data = JSON.parse(dataText);
    expect(data.status).toBe("in_progress");
    expect(data.review).toBeNull();
    expect(data.prediction.trueValue).toBeNull();
    for (const text of [dataText, html]) {
      expect(text).not.toMatch(KEY_MARKERS);
      for (const q of key) {
        expect(text).not.toContain(q.explanation);
        expect(text).not.toContain(escapeHtml(q.explanation));
      }
    }
    expect(Object.keys(data.questions[0]).sort()).toEqual(["options", "position", "stem", "type"]);
    // The in-progress page does carry the navigator and the prediction field.
    expect(html).toContain("Câu 1, đã trả lời");
    expect(html).toContain("Câu 20, chưa trả lời");
    expect(html).toMatch(/inputmode="numeric"/i);
  });

  it("'after_submit': every question with the choice, the correct options, the explanation and its basis", async () => {
    const { client, entryId } = await newEntry();
    const key = await answerSome(client, entryId, 7);
    expect((await submit(client, entryId)).status).toBe(302);

    const view = await (await entryData(client, entryId)).json();
    expect(view.status).toBe("submitted");
    expect(view.result).toMatchObject({ correctCount: 7, score: 35 });
    expect(view.review.available).toBe(true);
    expect(view.review.questions).toHaveLength(20);
    key.forEach((q, i) => {
      const reviewed = view.review.questions[i];
      expect(reviewed.position).toBe(q.position);
      expect(reviewed.correct).toEqual(q.correctDisplay);
      expect(reviewed.explanation).toBe(q.explanation);
      expect(reviewed.options).toHaveLength(q.optionCount);
      expect(reviewed.basis.document).toBeTruthy();
      if (i < 7) expect(reviewed).toMatchObject({ chosen: q.correctDisplay, isCorrect: true });
      else if (i === 7) expect(reviewed).toMatchObject({ chosen: [q.wrongDisplay[0]], isCorrect: false });
      else expect(reviewed).toMatchObject({ chosen: [], isCorrect: false });
    });

    const html = await entryHtml(client, entryId);
    expect(html).toContain("Đáp án và giải thích");
    expect(html).toContain("Giải thích:");
    expect(html.match(/Căn cứ: /g)?.length).toBe(20);
    for (const q of key) expect(html).toContain(escapeHtml(q.explanation));
    expect(html).toContain("Đáp án đúng");
    expect(html).toContain("Bạn chọn");
  });

  it("'Chỉ câu sai' (?loc=sai) shows only the questions not answered right, and the number grid jumps to any question", async () => {
    const { client, entryId } = await newEntry();
    const key = await answerSome(client, entryId, 7);
    expect((await submit(client, entryId)).status).toBe(302);
    const cards = (html: string) => [...html.matchAll(/<li id="cau-(\d+)"[^>]*data-testid="review-question"/g)].map((m) => Number(m[1]));

    const all = await entryHtml(client, entryId);
    expect(cards(all)).toEqual(key.map((_, i) => i + 1));
    expect(all).toContain("Tất cả (20)");
    expect(all).toContain("Chỉ câu sai (13)");
    expect(all).toMatch(/aria-current="page"[^>]*>Tất cả \(20\)/);

    // Works as a plain page load: no JavaScript needed to filter.
    const wrongOnly = await (await client.get(`/bai-thi/${entryId}?loc=sai`)).text();
    expect(cards(wrongOnly)).toEqual(key.slice(7).map((_, i) => i + 8));
    expect(wrongOnly).toMatch(/aria-current="page"[^>]*>Chỉ câu sai \(13\)/);

    // The grid lists every number with its state in words (not by colour only); a right answer,
    // hidden by the filter, links back to the full list at its anchor.
    for (const html of [all, wrongOnly]) {
      expect(html.match(/aria-label="Câu \d+: đúng"/g)?.length).toBe(7);
      expect(html.match(/aria-label="Câu \d+: sai"/g)?.length).toBe(1);
      expect(html.match(/aria-label="Câu \d+: chưa trả lời"/g)?.length).toBe(12);
    }
    expect(all).toContain('href="#cau-1"');
    expect(wrongOnly).toContain(`href="/bai-thi/${entryId}#cau-1"`);
    expect(wrongOnly).toContain('href="#cau-8"');
  });

  it("'Chỉ câu sai' says so when every answer was right", async () => {
    const { client, entryId } = await newEntry();
    const key = await answerKeyInDisplayOrder(app.db, entryId);
    let revision = 1;
    for (const q of key) expect((await saveAnswer(client, entryId, q.position, q.correctDisplay, revision++)).status).toBe(200);
    expect((await submit(client, entryId)).status).toBe(302);
    const html = await (await client.get(`/bai-thi/${entryId}?loc=sai`)).text();
    expect(html).toContain("Không có câu nào trả lời chưa đúng.");
    expect(html).not.toContain('data-testid="review-question"');
  });

  it("'never': no answers even after the submit, with the reason", async () => {
    await sql`update rounds set review_policy = 'never' where id = ${round.id}`.execute(app.db);
    try {
      const { client, entryId } = await newEntry();
      const key = await answerSome(client, entryId, 3);
      expect((await submit(client, entryId)).status).toBe(302);
      const dataText = await (await entryData(client, entryId)).text();
      const view = JSON.parse(dataText);
      expect(view.status).toBe("submitted");
      expect(view.review).toEqual({ available: false, reason: "Ban tổ chức không công bố đáp án của đợt thi này." });
      const html = await entryHtml(client, entryId);
      expect(html).toContain("Ban tổ chức không công bố đáp án của đợt thi này.");
      for (const text of [dataText, html]) {
        expect(text).not.toMatch(KEY_MARKERS);
        for (const q of key) expect(text).not.toContain(escapeHtml(q.explanation));
      }
    } finally {
      await sql`update rounds set review_policy = 'after_submit' where id = ${round.id}`.execute(app.db);
    }
  });

  it("'after_close': absent until the round closes, then present", async () => {
    await sql`update rounds set review_policy = 'after_close' where id = ${round.id}`.execute(app.db);
    try {
      const { client, entryId } = await newEntry();
      const key = await answerSome(client, entryId, 4);
      expect((await submit(client, entryId)).status).toBe(302);

      const beforeText = await (await entryData(client, entryId)).text();
      expect(JSON.parse(beforeText).review).toEqual({ available: false, reason: "Đáp án và giải thích sẽ được công bố sau khi đợt thi kết thúc." });
      const beforeHtml = await entryHtml(client, entryId);
      expect(beforeHtml).toContain("Đáp án và giải thích sẽ được công bố sau khi đợt thi kết thúc.");
      for (const text of [beforeText, beforeHtml]) {
        expect(text).not.toMatch(KEY_MARKERS);
        for (const q of key) expect(text).not.toContain(escapeHtml(q.explanation));
      }

      await sql`update rounds set closes_at = now() - interval '1 second' where id = ${round.id}`.execute(app.db);
      const after = await (await entryData(client, entryId)).json();
      expect(after.review.available).toBe(true);
      expect(after.review.questions.map((q: { explanation: string }) => q.explanation)).toEqual(key.map((q) => q.explanation));
      expect(after.review.questions.slice(0, 4).every((q: { isCorrect: boolean }) => q.isCorrect)).toBe(true);
      const afterHtml = await entryHtml(client, entryId);
      for (const q of key) expect(afterHtml).toContain(escapeHtml(q.explanation));
    } finally {
      await sql`update rounds set review_policy = 'after_submit', closes_at = now() + interval '365 days' where id = ${round.id}`.execute(app.db);
    }
  });
});
