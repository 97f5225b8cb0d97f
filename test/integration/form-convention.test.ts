import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_CONTEST_SLUG } from "~/demo/seed-demo.server";
import { DEMO_PASSWORD, startTestApp, type TestApp, type TestClient } from "../support/test-app";

// A browser without JavaScript posts a form as a document (no `?_data`), urlencoded, from the
// app's own origin, and shows the page it gets back. When the form is refused, that page must
// carry what was typed back in the inputs (never a password), say why in Vietnamese, and nothing
// may have changed.

let app: TestApp;
let organizer: TestClient;

beforeAll(async () => {
  app = await startTestApp();
  organizer = app.client();
  await organizer.login("bantochuc@demo.cchc.vn", DEMO_PASSWORD);
});
afterAll(() => app.close());

/** A form post as a browser without JavaScript sends it. */
function documentPost(client: TestClient, path: string, fields: [string, string][]) {
  return client.request(path, {
    method: "POST",
    body: new URLSearchParams(fields),
    headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "text/html" },
  });
}

async function refusedPage(response: Response) {
  expect(response.status).toBe(400);
  expect(response.headers.get("content-type")).toMatch(/^text\/html/);
  return response.text();
}

describe("a refused form keeps what was typed, without JavaScript", () => {
  it("the contest details form", async () => {
    const contest = await app.db.selectFrom("contests").selectAll().where("slug", "=", DEMO_CONTEST_SLUG).executeTakeFirstOrThrow();
    const html = await refusedPage(
      await documentPost(organizer, `/quan-ly/cuoc-thi/${contest.id}?index`, [
        ["intent", "update"],
        ["title", "Tên mới của cuộc thi đang gõ"],
        ["slug", "Đường Dẫn Có Dấu"],
        ["rules", "Thể lệ mới: mỗi người thi tối đa hai lượt, lấy lượt điểm cao nhất."],
        ["prizes", "Một giải nhất, hai giải nhì"],
        ["ownerUnitId", String(contest.owner_unit_id)],
      ]),
    );
    expect(html).toContain("Vui lòng sửa các mục được đánh dấu.");
    expect(html).toContain("Đường dẫn chỉ gồm chữ thường không dấu, số và dấu gạch ngang");
    expect(html).toContain('value="Tên mới của cuộc thi đang gõ"');
    expect(html).toContain('value="Đường Dẫn Có Dấu"');
    expect(html).toContain(">Thể lệ mới: mỗi người thi tối đa hai lượt, lấy lượt điểm cao nhất.</textarea>");
    expect(html).toContain(">Một giải nhất, hai giải nhì</textarea>");
    // The ranking box was not ticked: it comes back unticked, not as saved.
    expect(html).not.toMatch(/name="rankingPublic" checked/);
    const after = await app.db.selectFrom("contests").selectAll().where("id", "=", contest.id).executeTakeFirstOrThrow();
    expect(after).toEqual(contest);
  });

  it("the question editor", async () => {
    const bank = await app.db.selectFrom("question_banks").select("id").orderBy("id").executeTakeFirstOrThrow();
    const count = async () => (await app.db.selectFrom("questions").select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow()).n;
    const before = await count();
    const html = await refusedPage(
      await documentPost(organizer, "/quan-ly/cau-hoi/moi", [
        ["intent", "create"],
        ["bankId", String(bank.id)],
        ["key", "go-do-001"],
        ["topic", ""],
        ["type", "single"],
        ["difficulty", "hard"],
        ["stem", "Cơ quan nào tiếp nhận hồ sơ theo cơ chế một cửa?"],
        ["option", "Bộ phận Một cửa"],
        ["option", "Văn thư"],
        ["option", ""],
        ["correct", "A"],
        ["explanation", "Giải thích đang viết dở."],
        ["basisDocument", "Nghị định số 61/2018/NĐ-CP"],
        ["basisIssuer", "Chính phủ"],
        ["basisDate", "2018-04-23"],
        ["basisArticle", ""],
        ["tags", "mot-cua"],
      ]),
    );
    expect(html).toContain("Vui lòng chọn chủ đề");
    expect(html).toContain('value="go-do-001"');
    expect(html).toContain(">Cơ quan nào tiếp nhận hồ sơ theo cơ chế một cửa?</textarea>");
    expect(html).toContain('value="Bộ phận Một cửa"');
    expect(html).toContain('value="Văn thư"');
    expect(html).toContain(">Giải thích đang viết dở.</textarea>");
    expect(html).toContain('value="Nghị định số 61/2018/NĐ-CP"');
    expect(html).toMatch(/<option value="hard" selected="">/);
    expect(await count()).toBe(before);
  });

  it("registration keeps the full name and the unit, never the password", async () => {
    const unit = await app.db.selectFrom("units").select("id").where("retired_at", "is", null).orderBy("id", "desc").executeTakeFirstOrThrow();
    const html = await refusedPage(
      await documentPost(app.client(), "/dang-ky", [
        ["fullName", "Trịnh Thị Gõ Lại"],
        ["login", "0912 34"],
        ["password", "Mat-khau-rat-bi-mat-2026"],
        ["confirmPassword", "Mat-khau-rat-bi-mat-2026"],
        ["unitId", String(unit.id)],
        ["redirectTo", "/"],
      ]),
    );
    expect(html).toContain("Email hoặc số điện thoại (10 chữ số) không hợp lệ");
    expect(html).toContain('value="Trịnh Thị Gõ Lại"');
    expect(html).toContain('value="0912 34"');
    expect(html).toContain(`<option value="${unit.id}" selected=""`);
    expect(html).not.toContain("Mat-khau-rat-bi-mat-2026");
    expect(await app.db.selectFrom("users").select("id").where("full_name", "=", "Trịnh Thị Gõ Lại").execute()).toEqual([]);
  });

  it("the unit form", async () => {
    const parent = await app.db.selectFrom("units").select("id").where("code", "=", "MH-SNV").executeTakeFirstOrThrow();
    const html = await refusedPage(
      await documentPost(organizer, "/quan-ly/don-vi/moi", [
        ["code", "MH-SNV-GÕ"],
        ["name", "Phòng Thử Gõ Lại"],
        ["kind", "department"],
        ["headcount", "12,5"],
        ["parentId", String(parent.id)],
      ]),
    );
    expect(html).toContain("Mã đơn vị chỉ gồm chữ cái không dấu");
    expect(html).toContain("Số biên chế phải là số nguyên");
    expect(html).toContain('value="MH-SNV-GÕ"');
    expect(html).toContain('value="Phòng Thử Gõ Lại"');
    expect(html).toContain('value="12,5"');
    expect(html).toMatch(/<option value="department" selected="">/);
    expect(html).toContain(`<option value="${parent.id}" selected=""`);
    expect(await app.db.selectFrom("units").select("id").where("name", "=", "Phòng Thử Gõ Lại").execute()).toEqual([]);
  });
});

describe("ids typed into forms", () => {
  it("a contest page refuses a round id that names no round of the contest, in Vietnamese, starting nothing", async () => {
    const contestant = app.client();
    await contestant.login("thisinh@demo.cchc.vn", DEMO_PASSWORD);
    const user = await app.db.selectFrom("users").select("id").where("email", "=", "thisinh@demo.cchc.vn").executeTakeFirstOrThrow();
    const entries = async () => (await app.db.selectFrom("entries").select("id").where("user_id", "=", user.id).execute()).length;
    const before = await entries();
    const otherContest = await app.db
      .selectFrom("rounds")
      .innerJoin("contests", "contests.id", "rounds.contest_id")
      .select("rounds.id")
      .where("contests.slug", "!=", DEMO_CONTEST_SLUG)
      .executeTakeFirst();
    const garbage = ["abc", "", "0", "-1", "1e3", "0x10", "1.0", "007", "2147483648", "99999999999", ...(otherContest ? [String(otherContest.id)] : [])];
    for (const roundId of garbage) {
      const response = await documentPost(contestant, `/cuoc-thi/${DEMO_CONTEST_SLUG}`, [["intent", "start"], ["roundId", roundId]]);
      expect({ roundId, status: response.status }).toEqual({ roundId, status: 400 });
      expect(await response.text()).toContain("Yêu cầu không hợp lệ: không tìm thấy đợt thi.");
    }
    expect(await entries()).toBe(before);
  });

  it("an unknown intent changes nothing", async () => {
    const contest = await app.db.selectFrom("contests").selectAll().where("slug", "=", DEMO_CONTEST_SLUG).executeTakeFirstOrThrow();
    const response = await documentPost(organizer, `/quan-ly/cuoc-thi/${contest.id}?index`, [["intent", "delete-everything"]]);
    expect(response.status).toBe(400);
    expect(await app.db.selectFrom("contests").selectAll().where("id", "=", contest.id).executeTakeFirstOrThrow()).toEqual(contest);
  });
});
