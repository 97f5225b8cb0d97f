import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cleanUpAccounts } from "~/auth/housekeeping.server";
import { hashPassword } from "~/auth/password.server";
import { sha256 } from "~/auth/sessions.server";
import type { Role } from "~/database/schema";
import { DEMO_PASSWORD, startTestApp, type TestApp, type TestClient } from "../support/test-app";

// Reset codes: an organizer or admin issues a one-time code for a person who cannot receive mail
// (an account made from a phone number); the code logs them in once and the change is forced.

let app: TestApp;
let unitId: number;
let organizer: TestClient;
let admin: TestClient;
const PASSWORD = "Mat-khau-da-quen-2026";
const REASON = "Gọi điện báo quên mật khẩu, đã đối chiếu họ tên và đơn vị";
const issuePage = (id: number) => `/quan-ly/tai-khoan/${id}/ma-dat-lai`;
const issueData = (id: number) => `${issuePage(id)}?_data=${encodeURIComponent("routes/quan-ly.tai-khoan.$userId.ma-dat-lai")}`;

beforeAll(async () => {
  process.env.TRUST_PROXY = "true";
  app = await startTestApp();
  unitId = (await app.db.selectFrom("units").select("id").where("code", "=", "MH-X-TPH").executeTakeFirstOrThrow()).id;
  organizer = app.client();
  await organizer.login("bantochuc@demo.cchc.vn", DEMO_PASSWORD);
  admin = app.client();
  await admin.login("quantri@demo.cchc.vn", DEMO_PASSWORD);
});
afterAll(async () => {
  await app.close();
  delete process.env.TRUST_PROXY;
});

let addressCounter = 0;
const browser = () => app.client({ "X-Forwarded-For": `10.8.${Math.floor(++addressCounter / 250)}.${(addressCounter % 250) + 1}` });

let hash: string | undefined;
async function createPerson(fullName: string, login: { email?: string; phone?: string }, role: Role = "contestant"): Promise<number> {
  hash ??= await hashPassword(PASSWORD);
  const row = await app.db
    .insertInto("users")
    .values({ full_name: fullName, email: login.email ?? null, phone: login.phone ?? null, password_hash: hash, unit_id: unitId, role })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

type Issued =
  | { ok: true; message: string; data: { groups: string[]; fullName: string; login: string; expiresAt: string } }
  | { ok: false; message: string; fieldErrors: Record<string, string>; values: Record<string, string> };

async function issue(by: TestClient, userId: number, fields: Record<string, string> = { reason: REASON, confirm: "yes" }) {
  const response = await by.postForm(issueData(userId), fields);
  return { status: response.status, cacheControl: response.headers.get("cache-control"), body: (await response.json()) as Issued };
}

async function issueCode(by: TestClient, userId: number): Promise<string> {
  const { status, body } = await issue(by, userId);
  expect(status).toBe(200);
  if (!body.ok) throw new Error(body.message);
  return body.data.groups.join("");
}

const loginAs = (client: TestClient, login: string, password: string) => client.postForm("/dang-nhap", { login, password, redirectTo: "/" });
const passwordHashOf = async (id: number) => (await app.db.selectFrom("users").select("password_hash").where("id", "=", id).executeTakeFirstOrThrow()).password_hash;

describe("an organizer helping a contestant who registered with a phone number", () => {
  it("finds them, issues a code shown once that ends their logins, and the code logs in once with the change forced", async () => {
    const phone = "0912 300 400";
    const id = await createPerson("Đinh Văn Không Thư", { phone: "0912300400" });
    const device = browser();
    await device.login(phone, PASSWORD);

    const search = await organizer.get(`/quan-ly/tai-khoan?q=${encodeURIComponent("khong thu")}`);
    expect(search.status).toBe(200);
    expect(await search.text()).toContain(`href="${issuePage(id)}"`);
    const confirm = await organizer.get(issuePage(id));
    expect(confirm.status).toBe(200);
    expect(await confirm.text()).toContain("Đinh Văn Không Thư");

    const { status, cacheControl, body } = await issue(organizer, id);
    expect(status).toBe(200);
    expect(cacheControl).toBe("no-store");
    if (!body.ok) throw new Error(body.message);
    expect(body.data).toMatchObject({ fullName: "Đinh Văn Không Thư", login: "0912300400" });
    expect(body.data.groups.map((g) => g.length)).toEqual([5, 5]);
    const code = body.data.groups.join("");
    expect(code).toMatch(/^[A-HJKMNP-Z2-9]{10}$/);
    expect(Date.parse(body.data.expiresAt) - Date.now()).toBeGreaterThan(23 * 60 * 60 * 1000);

    // The code is kept nowhere in clear, not even in the log.
    const row = await app.db.selectFrom("password_resets").selectAll().where("user_id", "=", id).executeTakeFirstOrThrow();
    expect(row.kind).toBe("code");
    expect(row.token_hash.equals(sha256(code))).toBe(false);
    const [event] = await app.db.selectFrom("account_events").selectAll().where("kind", "=", "reset_code_issued").where("subject_id", "=", id).execute();
    expect(event.details).toEqual({ reason: REASON, ended: 1 });
    expect(event.actor_id).toBe((await app.db.selectFrom("users").select("id").where("email", "=", "bantochuc@demo.cchc.vn").executeTakeFirstOrThrow()).id);
    expect(JSON.stringify(event)).not.toContain(code);

    // Their device is logged out; the forgotten password is gone.
    const out = await device.get("/tai-khoan");
    expect(out.status).toBe(302);
    expect(out.headers.get("location")).toMatch(/^\/dang-nhap/);
    expect((await loginAs(browser(), phone, PASSWORD)).status).toBe(401);

    // The code logs in, and nothing but changing the password is allowed.
    const person = browser();
    expect((await loginAs(person, phone, code)).status).toBe(302);
    const forced = await person.get("/cuoc-thi-cua-toi");
    expect(forced.status).toBe(302);
    expect(forced.headers.get("location")).toBe(`/doi-mat-khau?redirectTo=${encodeURIComponent("/cuoc-thi-cua-toi")}`);
    // Once: a second login with it (another phone, a stolen note) is refused.
    const second = await loginAs(browser(), phone, code);
    expect(second.status).toBe(401);
    expect(await second.text()).toContain("Mã đặt lại mật khẩu này đã hết hạn hoặc đã được dùng để đăng nhập.");

    const own = "Cay bang truoc cong nha";
    const changed = await person.postForm("/doi-mat-khau", { currentPassword: code, newPassword: own, confirmPassword: own });
    expect(changed.status).toBe(302);
    expect((await person.get("/cuoc-thi-cua-toi")).status).toBe(200);
    expect((await loginAs(browser(), phone, own)).status).toBe(302);
    expect((await loginAs(browser(), phone, code)).status).toBe(401);
  });

  it("needs a reason of at least 10 characters and a confirmation; without them nothing changes", async () => {
    const id = await createPerson("Mai Thị Thiếu Lý Do", { email: "thieu-ly-do@example.vn" });
    const device = browser();
    await device.login("thieu-ly-do@example.vn", PASSWORD);
    const before = await passwordHashOf(id);

    const short = await issue(organizer, id, { reason: "  quên mk  ", confirm: "yes" });
    expect(short.status).toBe(400);
    expect(short.body).toMatchObject({ ok: false, fieldErrors: { reason: expect.stringContaining("ít nhất 10 ký tự") }, values: { reason: "  quên mk  " } });
    expect((await issue(organizer, id, { confirm: "yes" })).status).toBe(400);
    const unconfirmed = await issue(organizer, id, { reason: REASON });
    expect(unconfirmed.status).toBe(400);
    expect(unconfirmed.body).toMatchObject({ ok: false, fieldErrors: { confirm: expect.stringContaining("Vui lòng xác nhận") } });

    expect(await passwordHashOf(id)).toBe(before);
    expect((await device.get("/tai-khoan")).status).toBe(200);
    expect(await app.db.selectFrom("password_resets").select("id").where("user_id", "=", id).execute()).toEqual([]);
    expect(await app.db.selectFrom("account_events").select("id").where("kind", "=", "reset_code_issued").where("subject_id", "=", id).execute()).toEqual([]);
  });

  it("stops working after 24 hours", async () => {
    const id = await createPerson("Lý Văn Để Quá Hạn", { phone: "0912300401" });
    const code = await issueCode(organizer, id);
    await app.db.updateTable("password_resets").set({ expires_at: sql`now() - interval '1 second'` }).where("user_id", "=", id).execute();
    const late = await loginAs(browser(), "0912300401", code);
    expect(late.status).toBe(401);
    expect(await late.text()).toContain("Vui lòng đề nghị ban tổ chức cấp mã mới.");
  });

  it("replaces an earlier code and voids a reset link still outstanding", async () => {
    const id = await createPerson("Tô Thị Hai Mã", { email: "hai-ma@example.vn", phone: "0912300402" });
    // A link the person asked for by mail (as if someone else reads their mailbox).
    const token = "t".repeat(43);
    await app.db
      .insertInto("password_resets")
      .values({ token_hash: sha256(token), user_id: id, kind: "email", expires_at: sql<Date>`now() + interval '30 minutes'` })
      .execute();
    expect((await browser().get(`/dat-lai-mat-khau/${token}`)).status).toBe(200);
    const first = await issueCode(organizer, id);
    expect((await browser().get(`/dat-lai-mat-khau/${token}`)).status).toBe(410);
    const second = await issueCode(organizer, id);
    expect((await loginAs(browser(), "0912300402", first)).status).toBe(401);
    expect((await loginAs(browser(), "0912300402", second)).status).toBe(302);
    const rows = await app.db.selectFrom("password_resets").select([sql<boolean>`expires_at <= now()`.as("expired"), "used_at"]).where("user_id", "=", id).orderBy("id").execute();
    expect(rows.map((r) => ({ expired: r.expired, used: r.used_at !== null }))).toEqual([
      { expired: true, used: false },
      { expired: true, used: false },
      { expired: false, used: true },
    ]);
  });
});

describe("the clean-up", () => {
  it("removes spent links and codes, but not an expired code that is still the person's password", async () => {
    const unused = await createPerson("Đào Văn Chưa Dùng", { phone: "0912300403" });
    const unusedCode = await issueCode(organizer, unused);
    const done = await createPerson("Đào Thị Đã Đổi", { phone: "0912300404" });
    const person = browser();
    const doneCode = await issueCode(organizer, done);
    await loginAs(person, "0912300404", doneCode);
    const own = "Mot mat khau rieng that dai";
    expect((await person.postForm("/doi-mat-khau", { currentPassword: doneCode, newPassword: own, confirmPassword: own })).status).toBe(302);
    await app.db
      .insertInto("password_resets")
      .values({ token_hash: sha256("u".repeat(43)), user_id: done, kind: "email", expires_at: sql<Date>`now() - interval '3 days'` })
      .execute();
    await app.db.updateTable("password_resets").set({ expires_at: sql`now() - interval '2 days'` }).where("user_id", "in", [unused, done]).execute();

    await cleanUpAccounts(app.db);
    const left = await app.db.selectFrom("password_resets").select("user_id").where("user_id", "in", [unused, done]).execute();
    expect(left).toEqual([{ user_id: unused }]);
    // So the stale code is still refused rather than becoming an ordinary password.
    expect((await loginAs(browser(), "0912300403", unusedCode)).status).toBe(401);
  });
});

describe("who may issue a code for whom", () => {
  it("refuses an organizer for an admin or another organizer, and changes nothing", async () => {
    const adminId = (await app.db.selectFrom("users").select("id").where("email", "=", "quantri@demo.cchc.vn").executeTakeFirstOrThrow()).id;
    const otherOrganizer = await createPerson("Hà Văn Tổ Chức Khác", { email: "tochuc-khac@example.vn" }, "organizer");
    for (const id of [adminId, otherOrganizer]) {
      const before = await passwordHashOf(id);
      const refused = await issue(organizer, id);
      expect(refused.status).toBe(403);
      expect(refused.body).toMatchObject({ ok: false, message: expect.stringContaining("chỉ cấp mã đặt lại mật khẩu cho thí sinh và lãnh đạo") });
      expect(await passwordHashOf(id)).toBe(before);
      expect(await (await organizer.get(issuePage(id))).text()).toContain("chỉ cấp mã đặt lại mật khẩu cho thí sinh và lãnh đạo");
    }
    expect((await admin.get("/tai-khoan")).status).toBe(200);
    const list = await (await organizer.get(`/quan-ly/tai-khoan?q=${encodeURIComponent("to chuc khac")}`)).text();
    expect(list).not.toContain(`href="${issuePage(otherOrganizer)}"`);
    expect(list).toContain("Không thuộc quyền của bạn");
  });

  it("lets an organizer help a leader, and an admin help an organizer, but nobody themself", async () => {
    const leader = await createPerson("Vương Thị Lãnh Đạo", { email: "lanh-dao-quen@example.vn" }, "leader");
    expect((await issue(organizer, leader)).status).toBe(200);
    const otherOrganizer = await createPerson("Kiều Văn Ban Tổ Chức", { email: "btc-quen@example.vn" }, "organizer");
    const code = await issueCode(admin, otherOrganizer);
    expect((await loginAs(browser(), "btc-quen@example.vn", code)).status).toBe(302);
    const adminId = (await app.db.selectFrom("users").select("id").where("email", "=", "quantri@demo.cchc.vn").executeTakeFirstOrThrow()).id;
    const self = await issue(admin, adminId);
    expect(self.status).toBe(403);
    expect(self.body).toMatchObject({ ok: false, message: expect.stringContaining("chính mình") });
    // The admin's users page leads to the same form.
    expect(await (await admin.get("/quan-tri/nguoi-dung")).text()).toContain(`href="${issuePage(otherOrganizer)}"`);
  });

  it("keeps contestants and leaders out of the pages", async () => {
    const someone = await createPerson("Ngô Văn Tò Mò", { email: "to-mo@example.vn" });
    for (const email of ["thisinh@demo.cchc.vn", "lanhdao@demo.cchc.vn"]) {
      const client = app.client();
      await client.login(email, DEMO_PASSWORD);
      expect((await client.get("/quan-ly/tai-khoan?q=to mo")).status).toBe(403);
      expect((await client.postForm(issueData(someone), { reason: REASON, confirm: "yes" })).status).toBe(403);
    }
    expect(await app.db.selectFrom("password_resets").select("id").where("user_id", "=", someone).execute()).toEqual([]);
  });
});
