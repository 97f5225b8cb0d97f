import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD, startTestApp, type TestApp } from "../support/test-app";

let app: TestApp;
let unitId: number;

beforeAll(async () => {
  app = await startTestApp();
  unitId = (await app.db.selectFrom("units").select("id").where("code", "=", "MH-X-TPH").executeTakeFirstOrThrow()).id;
});
afterAll(() => app.close());

const validRegistration = () => ({
  fullName: "Phạm Văn Kiểm Thử",
  login: `kiemthu${Math.random().toString(36).slice(2, 8)}@example.vn`,
  password: "mat-khau-du-dai",
  confirmPassword: "mat-khau-du-dai",
  unitId,
  redirectTo: "/",
});

describe("registration", () => {
  it("creates a contestant in the chosen unit, logs them in and hashes the password", async () => {
    const client = app.client();
    const form = validRegistration();
    const response = await client.postForm("/dang-ky", form);
    expect(response.status).toBe(302);
    expect(client.hasSession()).toBe(true);
    const cookie = response.headers.getSetCookie().join(";");
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const user = await app.db.selectFrom("users").selectAll().where("email", "=", form.login).executeTakeFirstOrThrow();
    expect(user.role).toBe("contestant");
    expect(user.unit_id).toBe(unitId);
    expect(user.password_hash).toMatch(/^\$2[aby]\$10\$/);
    expect(user.password_hash).not.toContain(form.password);
    const home = await (await client.get("/")).text();
    expect(home).toContain("Phạm Văn Kiểm Thử");
  });

  it("accepts a phone number and normalises +84 to a leading 0", async () => {
    const client = app.client();
    const response = await client.postForm("/dang-ky", { ...validRegistration(), login: "+84 912 345 678" });
    expect(response.status).toBe(302);
    const user = await app.db.selectFrom("users").select("phone").where("phone", "=", "0912345678").executeTakeFirst();
    expect(user).toBeDefined();
    const other = app.client();
    expect((await other.postForm("/dang-nhap", { login: "0912 345 678", password: "mat-khau-du-dai" })).status).toBe(302);
  });

  it("refuses bad input with Vietnamese messages per field and creates nothing", async () => {
    const before = await countUsers();
    const client = app.client();
    const response = await client.postForm("/dang-ky", {
      fullName: "",
      login: "không-phải-email",
      password: "ngan",
      confirmPassword: "khac",
      unitId: "abc",
    });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain("Vui lòng nhập đầy đủ họ và tên");
    expect(html).toContain("Email hoặc số điện thoại (10 chữ số) không hợp lệ");
    expect(html).toContain("Mật khẩu cần ít nhất 8 ký tự");
    expect(html).toContain("Vui lòng chọn đơn vị công tác");
    expect(await countUsers()).toBe(before);
    expect(client.hasSession()).toBe(false);
  });

  it("gives back what was typed, never the password, when the form is refused", async () => {
    const response = await app.client().postForm("/dang-ky", { ...validRegistration(), fullName: "Hoàng Văn Gõ Lại", login: "sai-dinh-dang", password: "mat-khau-bi-mat" });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain('value="Hoàng Văn Gõ Lại"');
    expect(html).toContain('value="sai-dinh-dang"');
    expect(html).toContain(`<option value="${unitId}" selected=""`);
    expect(html).not.toContain("mat-khau-bi-mat");
    const login = await app.client().postForm("/dang-nhap", { login: "thisinh@demo.cchc.vn", password: "sai-mat-khau-nay" });
    const loginHtml = await login.text();
    expect(loginHtml).toContain('value="thisinh@demo.cchc.vn"');
    expect(loginHtml).not.toContain("sai-mat-khau-nay");
  });

  it("offers no unit until the person chooses one", async () => {
    const html = await (await app.client().get("/dang-ky")).text();
    const selected = [...html.matchAll(/<option value="([^"]*)" selected=""/g)].map((m) => m[1]);
    expect(selected).toEqual([""]);
    expect(html).toContain("— Chọn đơn vị —");
  });

  it("refuses a registration without a unit, says why and keeps what was typed", async () => {
    const before = await countUsers();
    const { unitId: _skipped, ...withoutUnit } = validRegistration();
    const client = app.client();
    const response = await client.postForm("/dang-ky", { ...withoutUnit, fullName: "Trần Thị Chưa Chọn" });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain("Vui lòng chọn đơn vị công tác");
    expect(html).toContain('value="Trần Thị Chưa Chọn"');
    expect(html).toContain(`value="${withoutUnit.login}"`);
    expect(html).not.toContain(withoutUnit.password);
    expect(await countUsers()).toBe(before);
    expect(client.hasSession()).toBe(false);
  });

  it("tells same-named units apart by their parents", async () => {
    const html = await (await app.client().get("/dang-ky")).text();
    const centres = [...html.matchAll(/<option value="\d+">(Trung tâm Phục vụ hành chính công[^<]*)<\/option>/g)].map((m) => m[1]);
    expect(centres.length).toBeGreaterThanOrEqual(5);
    expect(new Set(centres).size).toBe(centres.length);
    expect(centres).toContain("Trung tâm Phục vụ hành chính công — Xã Tân Phú");
    expect(centres).toContain("Trung tâm Phục vụ hành chính công — Phường Minh Hòa");
  });

  it("refuses a unit that does not exist", async () => {
    const response = await app.client().postForm("/dang-ky", { ...validRegistration(), unitId: 999999 });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("Đơn vị đã chọn không tồn tại.");
  });

  it("refuses an email already registered, whatever its case", async () => {
    const form = validRegistration();
    expect((await app.client().postForm("/dang-ky", form)).status).toBe(302);
    const again = await app.client().postForm("/dang-ky", { ...form, login: form.login.toUpperCase() });
    expect(again.status).toBe(409);
    expect(await again.text()).toContain("Email này đã được dùng để đăng ký.");
  });

  it("lets only one of two simultaneous registrations with the same email through", async () => {
    const form = validRegistration();
    const statuses = await Promise.all([app.client().postForm("/dang-ky", form), app.client().postForm("/dang-ky", form)]).then((r) =>
      r.map((x) => x.status).sort(),
    );
    expect(statuses).toEqual([302, 409]);
  });
});

describe("login and logout", () => {
  it("logs in with the right password and out again", async () => {
    const client = app.client();
    await client.login("thisinh@demo.cchc.vn", DEMO_PASSWORD);
    expect(await (await client.get("/")).text()).toContain("Lê Thị Thí Sinh");
    const logout = await client.postForm("/dang-xuat", {});
    expect(logout.status).toBe(302);
    expect(client.hasSession()).toBe(false);
    expect(await (await client.get("/")).text()).not.toContain("Lê Thị Thí Sinh");
  });

  it("refuses a wrong password or an unknown login with the same message", async () => {
    for (const [login, password] of [
      ["thisinh@demo.cchc.vn", "sai-mat-khau"],
      ["khongco@demo.cchc.vn", DEMO_PASSWORD],
    ]) {
      const client = app.client();
      const response = await client.postForm("/dang-nhap", { login, password });
      expect(response.status).toBe(401);
      expect(await response.text()).toContain("Email/số điện thoại hoặc mật khẩu không đúng.");
      expect(client.hasSession()).toBe(false);
    }
  });

  it("returns to the page that asked for a login, but never to another site", async () => {
    const client = app.client();
    const response = await client.postForm("/dang-nhap", { login: "thisinh@demo.cchc.vn", password: DEMO_PASSWORD, redirectTo: "/cuoc-thi/x" });
    expect(response.headers.get("location")).toBe("/cuoc-thi/x");
    const evil = await app.client().postForm("/dang-nhap", { login: "thisinh@demo.cchc.vn", password: DEMO_PASSWORD, redirectTo: "//evil.example" });
    expect(evil.headers.get("location")).toBe("/");
  });

  it("ignores a forged session cookie", async () => {
    const response = await fetch(new URL("/quan-ly", app.baseUrl), {
      headers: { Cookie: "__session=eyJ1c2VySWQiOjF9.forged" },
      redirect: "manual",
    });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toMatch(/^\/dang-nhap/);
  });
});

describe("role checks on the server", () => {
  const pages = [
    { path: "/quan-ly", allowed: ["organizer", "admin"] },
    { path: "/lanh-dao", allowed: ["leader", "organizer", "admin"] },
    { path: "/quan-tri/nguoi-dung", allowed: ["admin"] },
  ];
  const accounts = {
    contestant: "thisinh@demo.cchc.vn",
    organizer: "bantochuc@demo.cchc.vn",
    leader: "lanhdao@demo.cchc.vn",
    admin: "quantri@demo.cchc.vn",
  } as const;

  it("sends anonymous visitors to the login page", async () => {
    for (const page of pages) {
      const response = await app.client().get(page.path);
      expect(response.status).toBe(302);
      expect(response.headers.get("location")).toBe(`/dang-nhap?redirectTo=${encodeURIComponent(page.path)}`);
    }
  });

  it("lets each role reach exactly its pages", async () => {
    for (const [role, email] of Object.entries(accounts)) {
      const client = app.client();
      await client.login(email, DEMO_PASSWORD);
      for (const page of pages) {
        const response = await client.get(page.path);
        expect({ role, path: page.path, status: response.status }).toEqual({
          role,
          path: page.path,
          status: page.allowed.includes(role) ? 200 : 403,
        });
        if (!page.allowed.includes(role)) expect(await response.text()).toContain("Bạn không có quyền truy cập trang này.");
      }
    }
  });

  it("lets an admin change a role, which takes effect on the next request", async () => {
    const admin = app.client();
    await admin.login(accounts.admin, DEMO_PASSWORD);
    const person = app.client();
    const form = validRegistration();
    await person.postForm("/dang-ky", form);
    expect((await person.get("/quan-ly")).status).toBe(403);
    const { id } = await app.db.selectFrom("users").select("id").where("email", "=", form.login).executeTakeFirstOrThrow();
    const change = await admin.postForm("/quan-tri/nguoi-dung", { intent: "set-role", userId: id, role: "organizer" });
    expect(change.status).toBe(200);
    expect((await person.get("/quan-ly")).status).toBe(200);
  });

  it("does not let a contestant change roles", async () => {
    const client = app.client();
    await client.login(accounts.contestant, DEMO_PASSWORD);
    const { id } = await app.db.selectFrom("users").select("id").where("email", "=", accounts.contestant).executeTakeFirstOrThrow();
    const response = await client.postForm("/quan-tri/nguoi-dung", { intent: "set-role", userId: id, role: "admin" });
    expect(response.status).toBe(403);
    const user = await app.db.selectFrom("users").select("role").where("id", "=", id).executeTakeFirstOrThrow();
    expect(user.role).toBe("contestant");
  });
});

async function countUsers() {
  const { n } = await app.db.selectFrom("users").select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow();
  return Number(n);
}
