import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_CONTEST_SLUG } from "~/demo/seed-demo.server";
import { accountsWorkbook, readPasswordFile, uploadAccounts, type PasswordListRow } from "../support/bulk-accounts";
import { DEMO_PASSWORD, startTestApp, type TestApp, type TestClient } from "../support/test-app";

let app: TestApp;
let accounts: PasswordListRow[];

beforeAll(async () => {
  app = await startTestApp();
  const organizer = app.client();
  await organizer.login("bantochuc@demo.cchc.vn", DEMO_PASSWORD);
  const rows = [
    ["Đỗ Thị Lần Đầu", "landau@example.vn", "MH-X-TPH", "Chuyên viên"],
    ["Vũ Văn Sai Mật Khẩu", "0933 444 555", "MH-X-TPH", null],
    ["Hoàng Thị Đăng Xuất", "dangxuat@example.vn", "MH-SNV-CCHC", null],
  ];
  const response = await uploadAccounts(organizer, "tai-khoan.xlsx", await accountsWorkbook(rows), "create");
  expect(response.status).toBe(200);
  accounts = (await readPasswordFile(await response.text())).rows;
  expect(accounts).toHaveLength(3);
});
afterAll(() => app.close());

const CHANGE = "/doi-mat-khau";
const flagOf = async (login: string) => {
  const user = await app.db
    .selectFrom("users")
    .select(["must_change_password", "password_hash"])
    .where((eb) => eb.or([eb("email", "=", login), eb("phone", "=", login)]))
    .executeTakeFirstOrThrow();
  return user;
};

async function loggedIn(account: PasswordListRow): Promise<TestClient> {
  const client = app.client();
  await client.login(account.login, account.password);
  return client;
}

describe("the first login with an initial password", () => {
  it("is sent to the change-password page from any page, and the answers API answers 403", async () => {
    const client = await loggedIn(accounts[0]);
    const pages = ["/", `/cuoc-thi/${DEMO_CONTEST_SLUG}`, `/cuoc-thi/${DEMO_CONTEST_SLUG}/xep-hang`, "/quan-ly", "/lanh-dao", "/bai-thi/1", "/dang-nhap", "/quan-ly/tai-khoan/nhap?a=1"];
    for (const page of pages) {
      const response = await client.get(page);
      expect({ page, status: response.status, location: response.headers.get("location") }).toEqual({
        page,
        status: 302,
        location: `${CHANGE}?redirectTo=${encodeURIComponent(page)}`,
      });
    }
    // A client-side navigation (Remix data request) is redirected too, without the _data parameter in the way back.
    const data = await client.get(`/cuoc-thi/${DEMO_CONTEST_SLUG}?_data=${encodeURIComponent("routes/cuoc-thi.$slug._index")}`);
    expect(data.headers.get("x-remix-redirect")).toBe(`${CHANGE}?redirectTo=${encodeURIComponent(`/cuoc-thi/${DEMO_CONTEST_SLUG}`)}`);
    // Actions too: starting an entry is refused the same way.
    const round = await app.db
      .selectFrom("rounds")
      .innerJoin("contests", "contests.id", "rounds.contest_id")
      .select("rounds.id")
      .where("contests.slug", "=", DEMO_CONTEST_SLUG)
      .executeTakeFirstOrThrow();
    const start = await client.postForm(`/cuoc-thi/${DEMO_CONTEST_SLUG}`, { intent: "start", roundId: round.id });
    expect(start.status).toBe(302);
    expect(start.headers.get("location")).toMatch(/^\/doi-mat-khau\?redirectTo=/);
    expect(await app.db.selectFrom("entries").select("id").execute()).toEqual([]);

    const api = await client.postJson("/api/entries/1/answers", { position: 0, chosen: [0], revision: 1 });
    expect(api.status).toBe(403);
    expect(await api.json()).toEqual({
      ok: false,
      code: "must_change_password",
      message: "Bạn cần đổi mật khẩu ban đầu trước khi tiếp tục. Hãy mở trang Đổi mật khẩu.",
    });

    const page = await client.get(`${CHANGE}?redirectTo=%2F`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("Tài khoản của bạn đang dùng mật khẩu ban đầu do ban tổ chức cấp.");
    expect(html).toContain("Mật khẩu hiện tại");
    expect(html).toContain('href="/tai-khoan"');
  });

  it("refuses a wrong current password and other bad input with messages, changing nothing", async () => {
    const account = accounts[1];
    const client = await loggedIn(account);
    const before = await flagOf(account.login);
    const cases: [Record<string, string>, number, string][] = [
      [{ currentPassword: "sai-mat-khau-hien-tai", newPassword: "Sen-no-giua-ho-1", confirmPassword: "Sen-no-giua-ho-1" }, 400, "Mật khẩu hiện tại không đúng."],
      [{ currentPassword: account.password, newPassword: "ngan", confirmPassword: "ngan" }, 400, "Mật khẩu cần ít nhất 8 ký tự"],
      [{ currentPassword: account.password, newPassword: "Sen-no-giua-ho-1", confirmPassword: "mat-khau-khac" }, 400, "Mật khẩu nhập lại không khớp"],
      [{ currentPassword: account.password, newPassword: account.password, confirmPassword: account.password }, 400, "Mật khẩu mới phải khác mật khẩu hiện tại"],
      [{ currentPassword: "", newPassword: "Sen-no-giua-ho-1", confirmPassword: "Sen-no-giua-ho-1" }, 400, "Vui lòng nhập mật khẩu hiện tại"],
    ];
    for (const [fields, status, message] of cases) {
      const response = await client.postForm(CHANGE, { ...fields, redirectTo: "/" });
      expect(response.status, message).toBe(status);
      expect(await response.text()).toContain(message);
    }
    expect(await flagOf(account.login)).toEqual(before);
    expect((await client.get("/")).status).toBe(302);
  });

  it("lets the user log out before changing the password", async () => {
    const client = await loggedIn(accounts[2]);
    const response = await client.postForm("/dang-xuat", {});
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/");
    expect(client.hasSession()).toBe(false);
    expect((await client.get("/")).status).toBe(200);
  });

  it("after the change, reaches pages normally, goes back where it was going, and the old password no longer works", async () => {
    const account = accounts[0];
    const client = await loggedIn(account);
    const back = `/cuoc-thi/${DEMO_CONTEST_SLUG}`;
    const response = await client.postForm(CHANGE, {
      currentPassword: account.password,
      newPassword: "Mat-khau-rieng-2026",
      confirmPassword: "Mat-khau-rieng-2026",
      redirectTo: back,
    });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe(back);
    const user = await flagOf(account.login);
    expect(user.must_change_password).toBe(false);
    expect(user.password_hash).toMatch(/^\$2[aby]\$10\$/);

    for (const page of ["/", back, `${back}/xep-hang`]) expect((await client.get(page)).status, page).toBe(200);
    expect(await (await client.get("/")).text()).toContain("Đỗ Thị Lần Đầu");
    expect((await client.get("/quan-ly")).status).toBe(403);
    const api = await client.postJson("/api/entries/999999/answers", { position: 0, chosen: [0], revision: 1 });
    expect(api.status).not.toBe(403);

    const old = await app.client().postForm("/dang-nhap", { login: account.login, password: account.password });
    expect(old.status).toBe(401);
    expect(await old.text()).toContain("Email/số điện thoại hoặc mật khẩu không đúng.");
    const fresh = app.client();
    await fresh.login(account.login, "Mat-khau-rieng-2026");
    expect((await fresh.get("/")).status).toBe(200);
  });

  it("never sends the user back to another site or to the change page itself", async () => {
    const account = accounts[1];
    const client = await loggedIn(account);
    const response = await client.postForm(CHANGE, {
      currentPassword: account.password,
      newPassword: "Mat-khau-rieng-2027",
      confirmPassword: "Mat-khau-rieng-2027",
      redirectTo: "//evil.example/",
    });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/");
  });
});

describe("changing the password voluntarily", () => {
  it("is offered from the account page in the header to every logged-in user and confirms on the page", async () => {
    const client = app.client();
    await client.login("thisinh@demo.cchc.vn", DEMO_PASSWORD);
    const home = await (await client.get("/")).text();
    expect(home).toContain('href="/tai-khoan"');
    const account = await (await client.get("/tai-khoan")).text();
    expect(account).toContain('href="/doi-mat-khau"');
    expect(account).toContain("Đổi mật khẩu");
    const page = await client.get(CHANGE);
    expect(page.status).toBe(200);
    expect(await page.text()).not.toContain("mật khẩu ban đầu do ban tổ chức cấp");

    const wrong = await client.postForm(CHANGE, { currentPassword: "khong-dung-dau", newPassword: "Sen-no-giua-ho-2026", confirmPassword: "Sen-no-giua-ho-2026" });
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toContain("Mật khẩu hiện tại không đúng.");

    const done = await client.postForm(CHANGE, { currentPassword: DEMO_PASSWORD, newPassword: "Sen-no-giua-ho-2026", confirmPassword: "Sen-no-giua-ho-2026" });
    expect(done.status).toBe(200);
    expect(await done.text()).toContain("Đã đổi mật khẩu.");
    expect((await app.client().postForm("/dang-nhap", { login: "thisinh@demo.cchc.vn", password: DEMO_PASSWORD })).status).toBe(401);
    await app.client().login("thisinh@demo.cchc.vn", "Sen-no-giua-ho-2026");
  });

  it("sends anonymous visitors to the login page", async () => {
    const response = await app.client().get(CHANGE);
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe(`/dang-nhap?redirectTo=${encodeURIComponent(CHANGE)}`);
  });
});
