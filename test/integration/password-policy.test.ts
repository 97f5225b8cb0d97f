import fs from "node:fs";
import path from "node:path";
import { dictionary } from "@zxcvbn-ts/language-common";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TOP_COMMON_PASSWORDS } from "~/accounts/common-passwords-top";
import { verifyPassword } from "~/auth/password.server";
import { prepareDatabase } from "~/server/prepare-database.server";
import { createTestDatabase } from "../support/database";
import { DEMO_PASSWORD, FIXTURE_BANKS, startTestApp, type TestApp } from "../support/test-app";

let app: TestApp;
let unitId: number;

beforeAll(async () => {
  app = await startTestApp();
  unitId = (await app.db.selectFrom("units").select("id").where("code", "=", "MH-X-TPH").executeTakeFirstOrThrow()).id;
});
afterAll(() => app.close());

const COMMON = "Mật khẩu này quá phổ biến, rất dễ bị đoán. Vui lòng chọn mật khẩu khác, ví dụ ghép vài từ thành một câu dễ nhớ.";
const PATTERN = "Mật khẩu chỉ gồm ký tự lặp lại hoặc liên tiếp (như 11111111, 12345678, abcdefgh), rất dễ bị đoán. Vui lòng chọn mật khẩu khác.";

let people = 0;
function registration(password: string, overrides: Record<string, string> = {}) {
  people++;
  return { fullName: "Đinh Thị Kiểm Tra", login: `matkhau.kiemtra${people}@example.vn`, password, confirmPassword: password, unitId, redirectTo: "/", ...overrides };
}

async function userWith(email: string) {
  return app.db.selectFrom("users").select(["id", "password_hash"]).where("email", "=", email).executeTakeFirst();
}

describe("registering with a weak password", () => {
  it("refuses 12345678, password and matkhau123 with the reason under the password, creating no user and no session", async () => {
    for (const [password, message] of [
      ["12345678", PATTERN],
      ["password", COMMON],
      ["matkhau123", COMMON],
      ["Mật khẩu 123", COMMON],
      ["Demo@2026", COMMON],
    ]) {
      const client = app.client();
      const form = registration(password);
      const response = await client.postForm("/dang-ky", form);
      expect({ password, status: response.status }).toEqual({ password, status: 400 });
      const html = await response.text();
      expect(html, password).toContain(message);
      expect(html).toContain('aria-invalid="true"');
      // What was typed comes back, the password never does.
      expect(html).toContain(`value="${form.login}"`);
      expect(html).not.toContain(`value="${password}"`);
      expect(await userWith(form.login)).toBeUndefined();
      expect(client.hasSession()).toBe(false);
    }
  });

  it("refuses a password made of the person's own email, phone number or name", async () => {
    const cases = [
      { form: registration("Hoa.Mai.Nguyen-2026", { login: "hoa.mai.nguyen@example.vn" }), message: "Mật khẩu không được chứa email hoặc số điện thoại dùng để đăng nhập." },
      { form: registration("sdt 0977 123 456 nhe", { login: "0977 123 456" }), message: "Mật khẩu không được chứa email hoặc số điện thoại dùng để đăng nhập." },
      { form: registration("Đinh Thị Kiểm Tra 1990"), message: "Mật khẩu không được chứa họ và tên của bạn." },
    ];
    for (const { form, message } of cases) {
      const response = await app.client().postForm("/dang-ky", form);
      expect(response.status).toBe(400);
      expect(await response.text()).toContain(message);
    }
    expect(await userWith("hoa.mai.nguyen@example.vn")).toBeUndefined();
    expect(await app.db.selectFrom("users").select("id").where("phone", "=", "0977123456").executeTakeFirst()).toBeUndefined();
  });

  it("refuses a password over 72 bytes, though under 72 characters", async () => {
    const long = "Chiều chiều ra đứng ngõ sau, trông về quê mẹ ruột đau chín chiều";
    const response = await app.client().postForm("/dang-ky", registration(long));
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("Mật khẩu quá dài: tối đa 72 ký tự không dấu");
  });

  it("accepts a good password, and the person logs in with it", async () => {
    const form = registration("Trâu ơi ta bảo trâu này");
    const client = app.client();
    const response = await client.postForm("/dang-ky", form);
    expect(response.status).toBe(302);
    expect(client.hasSession()).toBe(true);
    expect(await userWith(form.login)).toBeDefined();
    await app.client().login(form.login, "Trâu ơi ta bảo trâu này");
  });
});

describe("changing to a weak password", () => {
  async function newPerson() {
    const form = registration("Gió đưa cành trúc la đà");
    const client = app.client();
    expect((await client.postForm("/dang-ky", form)).status).toBe(302);
    return { client, form, before: (await userWith(form.login))!.password_hash };
  }

  it("refuses a common password or the person's own data, changing nothing", async () => {
    const { client, form, before } = await newPerson();
    for (const [newPassword, message] of [
      ["iloveyou", COMMON],
      ["matkhau123", COMMON],
      ["Password2026!", "Mật khẩu này chỉ là một mật khẩu phổ biến thêm vài chữ số hoặc ký hiệu, rất dễ bị đoán."],
      ["11111111", PATTERN],
      [`${form.login.split("@")[0]}!`, "Mật khẩu không được chứa email hoặc số điện thoại dùng để đăng nhập."],
      ["Dinh Thi Kiem Tra", "Mật khẩu không được chứa họ và tên của bạn."],
    ]) {
      const response = await client.postForm("/doi-mat-khau", { currentPassword: form.password, newPassword, confirmPassword: newPassword });
      expect({ newPassword, status: response.status }).toEqual({ newPassword, status: 400 });
      const html = await response.text();
      expect(html, newPassword).toContain(message);
      expect(html).not.toContain("Mật khẩu hiện tại không đúng.");
      expect(html).not.toContain("Đã đổi mật khẩu.");
    }
    expect((await userWith(form.login))!.password_hash).toBe(before);
    await app.client().login(form.login, form.password);
  });

  it("still says first when the current password is wrong", async () => {
    const { client } = await newPerson();
    const response = await client.postForm("/doi-mat-khau", { currentPassword: "không phải mật khẩu này", newPassword: "matkhau123", confirmPassword: "matkhau123" });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("Mật khẩu hiện tại không đúng.");
  });

  it("accepts a good password", async () => {
    const { client, form, before } = await newPerson();
    const response = await client.postForm("/doi-mat-khau", { currentPassword: form.password, newPassword: "Thuyền về bến cũ 2026", confirmPassword: "Thuyền về bến cũ 2026" });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("Đã đổi mật khẩu.");
    expect((await userWith(form.login))!.password_hash).not.toBe(before);
    await app.client().login(form.login, "Thuyền về bến cũ 2026");
  });
});

describe("the forms", () => {
  it("show a strength hint that screen readers hear, and advice, under the new password", async () => {
    const page = await (await app.client().get("/dang-ky")).text();
    expect(page).toMatch(/<p class="password-strength" id="[^"]+" aria-live="polite">/);
    expect(page).toContain("tránh mật khẩu phổ biến, họ tên, số điện thoại");
    const client = app.client();
    await client.login("thisinh@demo.cchc.vn", DEMO_PASSWORD);
    const change = await (await client.get("/doi-mat-khau")).text();
    expect(change).toMatch(/<p class="password-strength" id="[^"]+" aria-live="polite">/);
  });

  it("send the browser only the short list, never the whole one", () => {
    const files = fs.readdirSync("build/public/assets", { recursive: true, withFileTypes: true }).filter((f) => f.isFile() && f.name.endsWith(".js"));
    const bundle = files.map((f) => fs.readFileSync(path.join(f.parentPath, f.name), "utf8")).join("\n");
    expect(bundle).toContain('"matkhau123"');
    const top = new Set(TOP_COMMON_PASSWORDS);
    const deeper = dictionary["passwords-common"].filter((entry, i) => i > 2000 && entry.length >= 8 && /^[a-z]+$/.test(entry) && !top.has(entry)).slice(0, 50);
    expect(deeper).toHaveLength(50);
    for (const entry of deeper) expect(bundle, entry).not.toContain(`"${entry}"`);
  });
});

describe("the demo accounts", () => {
  it("are seeded with Demo@2026 although the policy refuses it", async () => {
    const database = await createTestDatabase();
    try {
      await prepareDatabase(database.db, { banksDir: FIXTURE_BANKS, demoPassword: "Demo@2026" });
      const users = await database.db.selectFrom("users").select(["email", "password_hash"]).execute();
      expect(users.length).toBeGreaterThanOrEqual(4);
      for (const user of users) expect(await verifyPassword("Demo@2026", user.password_hash), user.email ?? "").toBe(true);
    } finally {
      await database.drop();
    }
  });
});
