import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "~/auth/password.server";
import { demoRound, startEntryViaHttp } from "../support/entries";
import { DEMO_PASSWORD, startTestApp, type TestApp, type TestClient } from "../support/test-app";

// Sessions and logins tried as an attacker would: replayed cookies, guessing, mass registration.
// TRUST_PROXY lets each test client speak from its own address through X-Forwarded-For.

let app: TestApp;
let unitId: number;
const PASSWORD = "Mat-khau-rieng-2026!";

beforeAll(async () => {
  process.env.TRUST_PROXY = "true";
  // The office's login storm below queues 120 password checks: on a busy test machine they may
  // wait longer than the production limit, which would answer "busy" instead of logging in.
  process.env.LOGIN_MAX_WAIT_MS = "120000";
  app = await startTestApp();
  unitId = (await app.db.selectFrom("units").select("id").where("code", "=", "MH-X-TPH").executeTakeFirstOrThrow()).id;
});
afterAll(async () => {
  await app.close();
  delete process.env.TRUST_PROXY;
  delete process.env.LOGIN_MAX_WAIT_MS;
});

let addressCounter = 0;
/** A browser at its own network address (or a given one: an office shares one). */
function browser(address = `10.1.${Math.floor(++addressCounter / 250)}.${(addressCounter % 250) + 1}`): TestClient {
  return app.client({ "X-Forwarded-For": address, "User-Agent": "Mozilla/5.0 (Linux; Android 13) AppleWebKit/537.36 Chrome/120.0 Mobile Safari/537.36" });
}

let hash: string | undefined;
async function createPerson(email: string): Promise<number> {
  hash ??= await hashPassword(PASSWORD);
  const row = await app.db
    .insertInto("users")
    .values({ full_name: `Người thử ${email}`, email, password_hash: hash, unit_id: unitId })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

const loginForm = (login: string, password: string) => ({ login, password, redirectTo: "/" });
const isLoggedIn = async (client: TestClient) => (await client.get("/tai-khoan")).status === 200;
const events = (kind: string, subjectId?: number) =>
  app.db
    .selectFrom("account_events")
    .selectAll()
    .where("kind", "=", kind)
    .$if(subjectId !== undefined, (q) => q.where("subject_id", "=", subjectId!))
    .execute();

describe("sessions live on the server", () => {
  it("gives every login its own random cookie, never the user id", async () => {
    const email = "hai-phien@example.vn";
    const id = await createPerson(email);
    const a = browser();
    const b = browser();
    await a.login(email, PASSWORD);
    await b.login(email, PASSWORD);
    expect(a.cookieHeader()).not.toBe(b.cookieHeader());
    // The signed cookie's payload is a random token (32 bytes), nothing about the person.
    const token = (client: TestClient) => JSON.parse(Buffer.from(decodeURIComponent(client.cookieHeader().replace(/^__session=/, "")).split(".")[0], "base64").toString("utf8"));
    expect(token(a)).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(token(a)).not.toBe(token(b));
    const rows = await app.db.selectFrom("sessions").select(["token_hash", "ip", "user_agent"]).where("user_id", "=", id).execute();
    expect(rows).toHaveLength(2);
    // Only a hash of the token is kept: the table alone gives nobody a login.
    for (const row of rows) expect(row.token_hash.toString("base64url")).not.toBe(token(a));
    expect(rows.map((r) => r.ip).sort()).toEqual([...new Set(rows.map((r) => r.ip))].sort());
  });

  it("refuses a cookie replayed after logout, on pages and on the answers API", async () => {
    const email = "dang-xuat@example.vn";
    const id = await createPerson(email);
    const client = browser();
    await client.login(email, PASSWORD);
    const { id: roundId, slug } = await demoRound(app.db);
    const entryId = await startEntryViaHttp(client, slug, roundId);
    const stolen = client.cookieHeader();
    expect((await client.postJson(`/api/entries/${entryId}/answers`, { position: 0, chosen: [0], revision: 1 })).status).toBe(200);

    const logout = await client.postForm("/dang-xuat", {});
    expect(logout.status).toBe(302);
    expect(client.hasSession()).toBe(false);
    expect(await events("logout", id)).toHaveLength(1);

    const replay = browser();
    replay.useCookieHeader(stolen);
    const page = await replay.get("/tai-khoan");
    expect(page.status).toBe(302);
    expect(page.headers.get("location")).toMatch(/^\/dang-nhap/);
    const save = await replay.postJson(`/api/entries/${entryId}/answers`, { position: 0, chosen: [1], revision: 2 });
    expect(save.status).toBe(401);
    expect((await save.json()).message).toBe("Phiên đăng nhập đã hết hạn. Vui lòng đăng nhập lại.");
    const prediction = await replay.postJson(`/api/entries/${entryId}/prediction`, { prediction: 10 });
    expect(prediction.status).toBe(401);
    const answer = await app.db.selectFrom("entry_answers").select("revision").where("entry_id", "=", entryId).executeTakeFirstOrThrow();
    expect(Number(answer.revision)).toBe(1);
  });

  it("ends every other login when the password is changed, keeping the device that changed it", async () => {
    const email = "doi-mat-khau@example.vn";
    const id = await createPerson(email);
    const mine = browser();
    const other = browser();
    await mine.login(email, PASSWORD);
    await other.login(email, PASSWORD);
    const stolen = other.cookieHeader();
    const changed = await mine.postForm("/doi-mat-khau", { currentPassword: PASSWORD, newPassword: "Mot-mat-khau-moi-2026", confirmPassword: "Mot-mat-khau-moi-2026" });
    expect(changed.status).toBe(200);
    expect(await changed.text()).toContain("Các thiết bị khác đang đăng nhập tài khoản này đã bị đăng xuất");
    expect(await isLoggedIn(mine)).toBe(true);
    expect(await isLoggedIn(other)).toBe(false);
    const replay = browser();
    replay.useCookieHeader(stolen);
    expect(await isLoggedIn(replay)).toBe(false);
    const [event] = await events("password_changed", id);
    expect(event.details).toEqual({ ended: 1 });
  });

  it("lists one's logins with their device, ends one of them, and ends all of them", async () => {
    const email = "thiet-bi@example.vn";
    await createPerson(email);
    const phone = browser();
    const office = app.client({ "X-Forwarded-For": "10.9.9.9", "User-Agent": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/120.0 Safari/537.36 Edg/120.0" });
    const third = browser();
    await phone.login(email, PASSWORD);
    await office.login(email, PASSWORD);
    await third.login(email, PASSWORD);
    const page = await (await phone.get("/tai-khoan")).text();
    expect(page).toContain("Chrome trên Android");
    expect(page).toContain("Edge trên Windows");
    expect(page).toContain("10.9.9.9");
    expect(page).toContain("Thiết bị này");

    const data = (await (await phone.get("/tai-khoan?_data=routes/tai-khoan")).json()) as { sessions: { id: string; device: string; current: boolean }[] };
    expect(data.sessions).toHaveLength(3);
    const officeSession = data.sessions.find((s) => s.device === "Edge trên Windows")!;
    const ended = await phone.postForm("/tai-khoan", { intent: "end-session", sessionId: officeSession.id });
    expect(ended.status).toBe(200);
    expect(await isLoggedIn(office)).toBe(false);
    expect(await isLoggedIn(third)).toBe(true);

    // Someone else's session id is not theirs to end.
    const stranger = browser();
    await stranger.login("thisinh@demo.cchc.vn", DEMO_PASSWORD);
    const current = data.sessions.find((s) => s.current)!;
    expect((await stranger.postForm("/tai-khoan", { intent: "end-session", sessionId: current.id })).status).toBe(404);
    expect((await stranger.postForm("/tai-khoan", { intent: "end-session", sessionId: "abc" })).status).toBe(400);
    expect(await isLoggedIn(phone)).toBe(true);

    // Only from its confirmation step: a bare post ends nothing.
    const unconfirmed = await phone.postForm("/tai-khoan", { intent: "end-all" });
    expect(unconfirmed.status).toBe(400);
    expect(await unconfirmed.text()).toContain("xác nhận thao tác");
    expect(await isLoggedIn(phone)).toBe(true);
    expect(await isLoggedIn(third)).toBe(true);
    const asked = await phone.get("/tai-khoan?xac-nhan=dang-xuat-tat-ca");
    expect(await asked.text()).toContain("Cả 2 thiết bị đang đăng nhập tài khoản này, gồm thiết bị bạn đang dùng, sẽ bị đăng xuất ngay.");

    const all = await phone.postForm("/tai-khoan", { intent: "end-all", confirm: 1 });
    expect(all.status).toBe(302);
    expect(all.headers.get("location")).toBe("/dang-nhap");
    expect(await isLoggedIn(phone)).toBe(false);
    expect(await isLoggedIn(third)).toBe(false);
  });

  it("ends a session after its idle time and at its absolute expiry, and refuses a tampered cookie", async () => {
    const email = "het-han@example.vn";
    const id = await createPerson(email);
    const idle = browser();
    await idle.login(email, PASSWORD);
    await app.db.updateTable("sessions").set({ last_seen_at: sql`now() - interval '15 days'` }).where("user_id", "=", id).execute();
    expect(await isLoggedIn(idle)).toBe(false);

    const old = browser();
    await old.login(email, PASSWORD);
    await app.db.updateTable("sessions").set({ expires_at: sql`now() - interval '1 second'` }).where("user_id", "=", id).execute();
    expect(await isLoggedIn(old)).toBe(false);

    const fresh = browser();
    await fresh.login(email, PASSWORD);
    // A recent visit keeps a session alive: last seen is refreshed once it is a few minutes old.
    await app.db.updateTable("sessions").set({ last_seen_at: sql`now() - interval '10 days'` }).where("user_id", "=", id).where("expires_at", ">", sql<Date>`now()`).execute();
    expect(await isLoggedIn(fresh)).toBe(true);
    const touched = await app.db.selectFrom("sessions").select(sql<boolean>`last_seen_at > now() - interval '1 minute'`.as("recent")).where("user_id", "=", id).where("expires_at", ">", sql<Date>`now()`).executeTakeFirstOrThrow();
    expect(touched.recent).toBe(true);

    const tampered = browser();
    tampered.useCookieHeader(fresh.cookieHeader().replace(/.(?=\.)/, (c) => (c === "A" ? "B" : "A")));
    expect(await isLoggedIn(tampered)).toBe(false);
  });
});

describe("login throttling", () => {
  it("slows an attacker guessing one account, then answers 429 with Retry-After, even for the right password", async () => {
    const email = "doan-mat-khau@example.vn";
    await createPerson(email);
    const attacker = browser();
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await attacker.postForm("/dang-nhap", loginForm(email, `doan-sai-${i}`))).status);
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5)).toEqual([429, 429, 429]);
    const refused = await attacker.postForm("/dang-nhap", loginForm(email, PASSWORD));
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect(await refused.text()).toContain("Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau");
    expect(attacker.hasSession()).toBe(false);

    // The owner, elsewhere, is not kept out by the attacker's lane.
    const owner = browser();
    expect((await owner.postForm("/dang-nhap", loginForm(email, PASSWORD))).status).toBe(302);
    expect((await events("login_throttled")).some((e) => e.login === email)).toBe(true);
  });

  it("holds the counters in the database, so a wait survives a restart and is shared by every process", async () => {
    const email = "giu-bo-dem@example.vn";
    await createPerson(email);
    const attacker = browser("10.200.0.1");
    for (let i = 0; i < 6; i++) await attacker.postForm("/dang-nhap", loginForm(email, `sai-${i}`));
    const row = await app.db.selectFrom("rate_limits").select(["hits", "blocked_until"]).where("key", "=", `login-pair:${email}|10.200.0.1`).executeTakeFirstOrThrow();
    expect(row.hits).toBe(6);
    expect(row.blocked_until!.getTime()).toBeGreaterThan(Date.now());
    // While the window lasts, each further attempt waits longer; once it has passed, the count starts again.
    expect((await attacker.postForm("/dang-nhap", loginForm(email, PASSWORD))).status).toBe(429);
    await app.db
      .updateTable("rate_limits")
      .set({ blocked_until: sql`now() - interval '1 second'`, window_started_at: sql`now() - interval '16 minutes'` })
      .where("key", "like", `login-%${email}%`)
      .execute();
    expect((await attacker.postForm("/dang-nhap", loginForm(email, PASSWORD))).status).toBe(302);
  });

  it("blocks one address guessing across many accounts, after 100 failures", async () => {
    const attacker = browser("10.66.0.1");
    const statuses: number[] = [];
    for (let i = 0; i < 102; i++) statuses.push((await attacker.postForm("/dang-nhap", loginForm(`nan-nhan-${i % 54}@example.vn`, "123456789"))).status);
    expect(statuses.slice(0, 100).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(100)).toEqual([429, 429]);
    // Someone else at another address is unaffected.
    expect((await browser().postForm("/dang-nhap", loginForm("thisinh@demo.cchc.vn", DEMO_PASSWORD))).status).toBe(302);
  }, 120_000); // a hundred or more password checks: minutes on a loaded machine

  it("lets a whole office behind one address log in, typos included, while one guesser there is stopped", async () => {
    const office = "10.77.0.1";
    const people = await Promise.all(Array.from({ length: 60 }, (_, i) => createPerson(`van-phong-${i}@example.vn`).then(() => `van-phong-${i}@example.vn`)));
    const guesser = browser(office);
    for (let i = 0; i < 10; i++) await guesser.postForm("/dang-nhap", loginForm(people[0], `doan-${i}`));
    // Everyone at once, each with one typo and then the right password.
    const results = await Promise.all(
      people.map(async (email) => {
        const client = browser(office);
        const typo = (await client.postForm("/dang-nhap", loginForm(email, "go-nham-mat-khau"))).status;
        return [typo, (await client.postForm("/dang-nhap", loginForm(email, PASSWORD))).status];
      }),
    );
    // Everyone but the guessed account: one typo (401), then in (302).
    const [guessed, ...others] = results;
    expect(guessed).toEqual([429, 429]);
    for (const pair of others) expect(pair).toEqual([401, 302]);
  }, 120_000); // a hundred or more password checks: minutes on a loaded machine

  it("lets 120 people of one office log in at the same moment (a round opening)", async () => {
    const office = "10.78.0.1";
    const people = await Promise.all(Array.from({ length: 120 }, (_, i) => createPerson(`mo-dot-thi-${i}@example.vn`).then(() => `mo-dot-thi-${i}@example.vn`)));
    const statuses = await Promise.all(people.map((email) => browser(office).postForm("/dang-nhap", loginForm(email, PASSWORD)).then((r) => r.status)));
    expect(statuses.filter((s) => s === 302)).toHaveLength(120);
  }, 120_000); // a hundred or more password checks: minutes on a loaded machine
});

describe("registration throttling", () => {
  it("accepts 20 registrations from one address in a burst and refuses the rest with a wait", async () => {
    const address = "10.88.0.1";
    const statuses = await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        browser(address)
          .postForm("/dang-ky", { fullName: "Người Đăng Ký", login: `dang-ky-hang-loat-${i}@example.vn`, password: PASSWORD, confirmPassword: PASSWORD, unitId, redirectTo: "/" })
          .then(async (r) => ({ status: r.status, retryAfter: r.headers.get("Retry-After"), text: r.status === 429 ? await r.text() : "" })),
      ),
    );
    expect(statuses.filter((s) => s.status === 302)).toHaveLength(20);
    const refused = statuses.filter((s) => s.status === 429);
    expect(refused).toHaveLength(4);
    expect(Number(refused[0].retryAfter)).toBeGreaterThan(0);
    expect(refused[0].text).toContain("Có quá nhiều lượt đăng ký từ cùng một địa chỉ mạng");
    const created = await app.db.selectFrom("users").select(sql<number>`count(*)::int`.as("n")).where("email", "like", "dang-ky-hang-loat-%").executeTakeFirstOrThrow();
    expect(created.n).toBe(20);
  });
});

describe("the account log", () => {
  it("records logins, failures, role changes and downloads, and only an admin reads it", async () => {
    const email = "nhat-ky@example.vn";
    const id = await createPerson(email);
    const person = browser("10.123.0.9");
    await person.postForm("/dang-nhap", loginForm(email, "sai-mot-lan"));
    await person.login(email, PASSWORD);
    const admin = browser();
    await admin.login("quantri@demo.cchc.vn", DEMO_PASSWORD);
    expect((await admin.postForm("/quan-tri/nguoi-dung", { intent: "set-role", userId: id, role: "leader" })).status).toBe(200);

    const [roleChange] = await events("role_changed", id);
    expect(roleChange.details).toEqual({ from: "contestant", to: "leader" });
    const log = await (await admin.get(`/quan-tri/nhat-ky-tai-khoan?nguoi=${encodeURIComponent(email)}`)).text();
    expect(log).toContain("Đăng nhập sai");
    expect(log).toContain("Đăng nhập</strong>");
    expect(log).toContain("Đổi vai trò");
    expect(log).toContain("10.123.0.9");
    const onlyFailures = await (await admin.get(`/quan-tri/nhat-ky-tai-khoan?loai=login_failed&ip=10.123.0.9`)).text();
    expect(onlyFailures).toContain("Đăng nhập sai");
    expect(onlyFailures).not.toContain("Đổi vai trò</strong>");
    const badFilter = await admin.get("/quan-tri/nhat-ky-tai-khoan?loai=khong-co");
    expect(badFilter.status).toBe(400);
    expect(await badFilter.text()).toContain("Bộ lọc nhật ký không hợp lệ");

    for (const role of ["thisinh@demo.cchc.vn", "bantochuc@demo.cchc.vn", "lanhdao@demo.cchc.vn"]) {
      const other = browser();
      await other.login(role, DEMO_PASSWORD);
      expect((await other.get("/quan-tri/nhat-ky-tai-khoan?_data=routes/quan-tri.nhat-ky-tai-khoan")).status).toBe(403);
    }
    expect((await browser().get("/quan-tri/nhat-ky-tai-khoan?_data=routes/quan-tri.nhat-ky-tai-khoan")).status).toBe(204);
  });
});
