import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toVietnamDateTimeInput } from "~/text/vietnam-time";
import { DEMO_PASSWORD, startTestApp, type TestApp, type TestClient } from "../support/test-app";

let app: TestApp;
let organizer: TestClient;
let bankId: number;

beforeAll(async () => {
  app = await startTestApp();
  organizer = app.client();
  await organizer.login("bantochuc@demo.cchc.vn", DEMO_PASSWORD);
  bankId = (await app.db.selectFrom("question_banks").select("id").executeTakeFirstOrThrow()).id;
});
afterAll(() => app.close());

const post = (client: TestClient, path: string, fields: [string, string][]) =>
  client.request(path, { method: "POST", body: new URLSearchParams(fields), headers: { "Content-Type": "application/x-www-form-urlencoded" } });

async function newContest(slug: string) {
  const province = await app.db.selectFrom("units").select("id").where("code", "=", "MH").executeTakeFirstOrThrow();
  const response = await post(organizer, "/quan-ly/cuoc-thi", [
    ["title", "Cuộc thi qua giao diện"],
    ["slug", slug],
    ["rules", "Thể lệ của cuộc thi."],
    ["prizes", ""],
    ["ownerUnitId", String(province.id)],
  ]);
  expect(response.status).toBe(302);
  return Number(/\/quan-ly\/cuoc-thi\/(\d+)$/.exec(response.headers.get("location") ?? "")![1]);
}

/** A page's text as shown: the serialised loader data in its scripts left out, tags dropped. */
const visibleText = (html: string) =>
  html
    .replace(/<script[\s\S]*?<\/script>/g, "")
    .replace(/<!-- -->/g, "")
    .replace(/<[^>]+>/g, " ")
    .replace(/\s+/g, " ");

function roundFields(overrides: Record<string, string> = {}, lines: [string, string, string, string][] = [[String(bankId), "", "", "10"]]): [string, string][] {
  const now = Date.now();
  const base: Record<string, string> = {
    title: "Tuần 1",
    opensAt: toVietnamDateTimeInput(new Date(now - 3600_000)),
    closesAt: toVietnamDateTimeInput(new Date(now + 86_400_000)),
    timeLimitMinutes: "10",
    pointsPerQuestion: "10",
    maxEntries: "2",
    reviewPolicy: "after_close",
    predictionRule: "entries",
    predictionPrompt: "Bao nhiêu lượt?",
    shuffleQuestions: "on",
    ...overrides,
  };
  const fields: [string, string][] = Object.entries(base);
  for (const [bank, topic, difficulty, count] of lines) fields.push(["lineBankId", bank], ["lineTopic", topic], ["lineDifficulty", difficulty], ["lineCount", count]);
  return fields;
}

describe("contest administration over HTTP", () => {
  it("refuses bad contest and round forms field by field, writing nothing", async () => {
    const bad = await post(organizer, "/quan-ly/cuoc-thi", [["title", "x"], ["slug", "Có Dấu"], ["rules", ""], ["ownerUnitId", "abc"]]);
    expect(bad.status).toBe(400);
    const html = await bad.text();
    for (const message of ["Vui lòng nhập tên cuộc thi", "Đường dẫn chỉ gồm chữ thường không dấu", "Vui lòng nhập thể lệ cuộc thi", "Vui lòng chọn đơn vị tổ chức"]) expect(html).toContain(message);

    const contestId = await newContest("qua-giao-dien");
    const badRound = await post(
      organizer,
      `/quan-ly/cuoc-thi/${contestId}/dot/moi`,
      roundFields({ opensAt: "2026-13-01T08:00", timeLimitMinutes: "0", maxEntries: "x" }, [[String(bankId), "", "", "0"]]),
    );
    expect(badRound.status).toBe(400);
    const roundHtml = await badRound.text();
    for (const message of ["Vui lòng nhập thời điểm mở", "Thời gian làm bài ít nhất 1 phút", "Số lượt thi phải là số", "Số câu phải là số nguyên từ 1 đến 200"]) expect(roundHtml).toContain(message);

    const reversed = await post(organizer, `/quan-ly/cuoc-thi/${contestId}/dot/moi`, roundFields({ closesAt: toVietnamDateTimeInput(new Date(Date.now() - 86_400_000)) }));
    expect(await reversed.text()).toContain("Thời điểm đóng phải sau thời điểm mở");

    const short = await post(organizer, `/quan-ly/cuoc-thi/${contestId}/dot/moi`, roundFields({}, [[String(bankId), "indices", "hard", "50"]]));
    expect(short.status).toBe(409);
    expect(await short.text()).toContain("thiếu 50 câu");
    expect(await app.db.selectFrom("rounds").select("id").where("contest_id", "=", contestId).execute()).toEqual([]);
  });

  it("the round form totals questions and points from what was saved or typed, and says a shortfall once", async () => {
    const contestId = await newContest("tong-so-cau");
    const blank = await organizer.get(`/quan-ly/cuoc-thi/${contestId}/dot/moi`);
    // The new round's default: one line of 20 questions at 5 points.
    expect(visibleText(await blank.text())).toContain("Tổng: 20 câu hỏi mỗi lượt · 100 điểm tối đa");

    const refused = await post(
      organizer,
      `/quan-ly/cuoc-thi/${contestId}/dot/moi`,
      roundFields({ title: "" }, [
        [String(bankId), "", "", "6"],
        [String(bankId), "", "", ""],
        [String(bankId), "", "", "4"],
        [String(bankId), "", "", "x"],
      ]),
    );
    expect(refused.status).toBe(400);
    expect(visibleText(await refused.text())).toContain("Tổng: 10 câu hỏi mỗi lượt · 100 điểm tối đa — chưa tính dòng 4 (số câu chưa hợp lệ)");

    const short = await post(organizer, `/quan-ly/cuoc-thi/${contestId}/dot/moi`, roundFields({}, [[String(bankId), "indices", "hard", "50"]]));
    expect(short.status).toBe(409);
    const page = visibleText(await short.text());
    expect(page.match(/thiếu 50 câu/g)).toHaveLength(1);
    expect(page).toContain("Vui lòng sửa các mục được đánh dấu.");
    expect(page).toContain("Tổng: 50 câu hỏi mỗi lượt · 500 điểm tối đa");

    await post(organizer, `/quan-ly/cuoc-thi/${contestId}/dot/moi`, roundFields({ pointsPerQuestion: "4" }, [[String(bankId), "", "", "3"], [String(bankId), "", "", "2"]]));
    const round = await app.db.selectFrom("rounds").select("id").where("contest_id", "=", contestId).executeTakeFirstOrThrow();
    const saved = visibleText(await (await organizer.get(`/quan-ly/cuoc-thi/${contestId}/dot/${round.id}`)).text());
    expect(saved).toContain("Tổng: 5 câu hỏi mỗi lượt · 20 điểm tối đa");
  });

  it("stores round times typed in Vietnam time", async () => {
    const contestId = await newContest("gio-viet-nam");
    const response = await post(organizer, `/quan-ly/cuoc-thi/${contestId}/dot/moi`, roundFields({ opensAt: "2027-01-04T08:00", closesAt: "2027-01-10T17:00" }));
    expect(response.status).toBe(302);
    const round = await app.db.selectFrom("rounds").select(["opens_at", "closes_at", "question_count", "time_limit_seconds"]).where("contest_id", "=", contestId).executeTakeFirstOrThrow();
    expect(round.opens_at.toISOString()).toBe("2027-01-04T01:00:00.000Z");
    expect(round.closes_at.toISOString()).toBe("2027-01-10T10:00:00.000Z");
    expect(round.question_count).toBe(10);
    expect(round.time_limit_seconds).toBe(600);
  });

  it("requires a reason for incidents and refuses a banner that is not an image", async () => {
    const contestId = await newContest("su-co");
    const incident = await post(organizer, `/quan-ly/cuoc-thi/${contestId}`, [["intent", "incident"], ["kind", "extra_entry"], ["login", "thisinh@demo.cchc.vn"], ["roundId", "1"], ["reason", "ngắn"]]);
    expect(incident.status).toBeGreaterThanOrEqual(400);
    const form = new FormData();
    form.append("banner", new Blob(["không phải ảnh"]), "anh.png");
    const banner = await organizer.request(`/quan-ly/cuoc-thi/${contestId}/anh-bia`, { method: "POST", body: form });
    expect(banner.status).toBe(400);
    expect(await banner.text()).toContain("Tệp không phải ảnh PNG, JPEG hoặc WebP.");
    const png = new FormData();
    png.append("banner", new Blob([new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0])]), "anh.png");
    expect((await organizer.request(`/quan-ly/cuoc-thi/${contestId}/anh-bia`, { method: "POST", body: png })).status).toBe(302);
    const stored = await app.db.selectFrom("contests").select("banner_type").where("id", "=", contestId).executeTakeFirstOrThrow();
    expect(stored.banner_type).toBe("image/png");
  });

  it("keeps contestants and leaders out of contest administration", async () => {
    for (const email of ["thisinh@demo.cchc.vn", "lanhdao@demo.cchc.vn"]) {
      const client = app.client();
      await client.login(email, DEMO_PASSWORD);
      for (const path of ["/quan-ly/cuoc-thi", "/quan-ly/cuoc-thi/1", "/quan-ly/cuoc-thi/1/dot/moi", "/quan-ly/cuoc-thi/1/xem-truoc", "/quan-ly/cuoc-thi/1/anh-bia"]) {
        expect({ email, path, status: (await client.get(path)).status }).toEqual({ email, path, status: 403 });
      }
      expect((await post(client, "/quan-ly/cuoc-thi/1", [["intent", "publish"]])).status).toBe(403);
    }
  });

  it("does not show a draft contest to the public", async () => {
    await newContest("ban-nhap");
    expect((await app.client().get("/cuoc-thi/ban-nhap")).status).toBe(404);
    expect((await organizer.get(`/quan-ly/cuoc-thi`)).status).toBe(200);
  });
});
