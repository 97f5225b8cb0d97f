import http from "node:http";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RESET_REQUESTED_MESSAGE } from "~/accounts/password-reset-messages";
import { hashPassword } from "~/auth/password.server";
import { sha256 } from "~/auth/sessions.server";
import { eventually, startMailServer, type ReceivedMail } from "../support/mail-server";
import { startTestApp, type TestApp, type TestClient } from "../support/test-app";

// "Quên mật khẩu" end to end: the app sends its mails through a real SMTP server running in this
// test (SMTP_URL), and the links in those mails are followed over HTTP like a person would.

const PUBLIC_URL = "https://thi.cchc.example.vn";
const PASSWORD = "Mat-khau-cu-2026!";
const NEW_PASSWORD = "Ba con meo tam nang sang";
const SAME_ANSWER = "Nếu địa chỉ này thuộc một tài khoản, chúng tôi đã gửi thư hướng dẫn đặt lại mật khẩu.";
const FORGOT = "/quen-mat-khau";
const FORGOT_DATA = `${FORGOT}?_data=${encodeURIComponent("routes/quen-mat-khau")}`;

let app: TestApp;
let mail: Awaited<ReturnType<typeof startMailServer>>;
let unitId: number;

beforeAll(async () => {
  mail = await startMailServer({ user: "thi-cchc", pass: "mat khau smtp" });
  process.env.SMTP_URL = mail.url;
  process.env.PUBLIC_URL = PUBLIC_URL;
  process.env.MAIL_FROM = "Hội thi CCHC <hoithi@cchc.example.vn>";
  process.env.TRUST_PROXY = "true";
  app = await startTestApp();
  unitId = (await app.db.selectFrom("units").select("id").where("code", "=", "MH-X-TPH").executeTakeFirstOrThrow()).id;
});
afterAll(async () => {
  await app.close();
  await mail.close();
  for (const name of ["SMTP_URL", "PUBLIC_URL", "MAIL_FROM", "TRUST_PROXY"]) delete process.env[name];
});

let addressCounter = 0;
/** A browser at its own network address. */
const browser = () => app.client({ "X-Forwarded-For": `10.7.${Math.floor(++addressCounter / 250)}.${(addressCounter % 250) + 1}` });

let passwordHash: string | undefined;
async function createPerson(login: { email?: string; phone?: string }, extra: { mustChange?: boolean } = {}): Promise<number> {
  passwordHash ??= await hashPassword(PASSWORD);
  const row = await app.db
    .insertInto("users")
    .values({
      full_name: "Phạm Thị Quên",
      email: login.email ?? null,
      phone: login.phone ?? null,
      password_hash: passwordHash,
      unit_id: unitId,
      must_change_password: extra.mustChange ?? false,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

const mailsTo = (address: string) => mail.received.filter((m) => m.to.includes(address));
const waitForMail = (address: string, count = 1) => eventually(() => mailsTo(address).length >= count && mailsTo(address)[count - 1], `mail ${count} to ${address}`);

/** The reset requests the app has finished handling for this login (each ends with its log entry). */
const handledRequests = (login: string) =>
  app.db.selectFrom("account_events").select(["subject_id", "details"]).where("kind", "=", "password_reset_requested").where("login", "=", login).orderBy("id").execute();
const waitForHandled = (login: string, count: number) => eventually(async () => (await handledRequests(login)).length >= count && handledRequests(login), `${count} handled requests for ${login}`);

function linkPath(received: ReceivedMail): string {
  const match = new RegExp(`${PUBLIC_URL.replace(/\./g, "\\.")}(/dat-lai-mat-khau/[A-Za-z0-9_-]{43})(?=\\s|$)`).exec(received.text);
  if (!match) throw new Error(`no reset link in: ${received.text}`);
  return match[1];
}

async function requestLink(email: string, count = 1): Promise<string> {
  const response = await browser().postForm(FORGOT, { login: email });
  expect(response.status).toBe(200);
  return linkPath(await waitForMail(email, count));
}

const loginStatus = async (login: string, password: string, client = browser()) =>
  (await client.postForm("/dang-nhap", { login, password, redirectTo: "/" })).status;

describe("asking for a reset link", () => {
  it("mails a one-time link built from PUBLIC_URL; it sets a new password, ends every login and clears the forced change", async () => {
    const email = "quen.mat.khau@example.vn";
    const id = await createPerson({ email }, { mustChange: true });
    // A login on another device, and someone locked out after guessing from one address.
    const oldDevice = browser();
    await oldDevice.login(email, PASSWORD);
    const guesser = browser();
    for (let i = 0; i < 6; i++) await loginStatus(email, "sai-mat-khau", guesser);
    expect(await loginStatus(email, PASSWORD, guesser)).toBe(429);

    // The login page's link leads to the form; the request names the email in another case and
    // claims another host: the link still goes to PUBLIC_URL.
    expect((await browser().get(FORGOT)).status).toBe(200);
    // Host header injection: the request names another host (and a matching Origin, so that it
    // passes the same-origin check as a script talking to the server directly would).
    const response = await postWithHost(new URL(FORGOT, app.baseUrl), "ke-gian.example.com", new URLSearchParams({ login: " QUEN.mat.khau@example.vn " }), {
      "X-Forwarded-For": "10.7.200.1",
    });
    expect(response.status).toBe(200);
    const page = await response.text();
    expect(page).toContain(SAME_ANSWER);
    expect(page).toContain("ban tổ chức cuộc thi để được cấp mã đặt lại mật khẩu");

    const received = await waitForMail(email);
    expect(received.to).toEqual([email]);
    expect(received.from).toBe("hoithi@cchc.example.vn");
    expect(received.raw).toMatch(/^From: .*<hoithi@cchc\.example\.vn>/m);
    expect(received.subject).toBe("Đặt lại mật khẩu · Thi tìm hiểu cải cách hành chính");
    expect(received.text).toContain("Chào Phạm Thị Quên,");
    expect(received.text).toContain("trong vòng 30 phút");
    expect(received.raw).not.toContain("ke-gian.example.com");
    const path = linkPath(received);
    expect(received.html).toContain(`href="${PUBLIC_URL}${path}"`);
    // Only the hash of the token is kept, valid for 30 minutes.
    const token = path.split("/").pop()!;
    const row = await app.db
      .selectFrom("password_resets")
      .select(["token_hash", "kind", sql<number>`round(extract(epoch from expires_at - created_at))::int`.as("seconds")])
      .where("user_id", "=", id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ token_hash: sha256(token), kind: "email", seconds: 30 * 60 });

    const resetter = browser();
    const form = await resetter.get(path);
    expect(form.status).toBe(200);
    // The site-wide policy comes first, the page's own last: browsers apply the last one they know.
    expect(form.headers.get("referrer-policy")?.split(",").at(-1)?.trim()).toBe("no-referrer");
    expect(form.headers.get("cache-control")).toBe("no-store");
    const html = await form.text();
    expect(html).toContain("Chọn mật khẩu mới cho tài khoản của <strong>Phạm Thị Quên</strong>");
    // Nothing on the page leads off the site, where the address (and its token) could be passed on.
    expect(html).not.toMatch(/(href|src|action)="(https?:)?\/\//);

    const done = await resetter.postForm(path, { newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD });
    expect(done.status).toBe(302);
    expect(done.headers.get("location")).toBe("/dang-nhap?matKhauMoi=1");
    expect(await (await resetter.get("/dang-nhap?matKhauMoi=1")).text()).toContain("Đã đặt mật khẩu mới.");

    // The old device's cookie is refused; the old password no longer logs in, the new one does,
    // even from the address that had been locked out for guessing.
    const refused = await oldDevice.get("/tai-khoan");
    expect(refused.status).toBe(302);
    expect(refused.headers.get("location")).toMatch(/^\/dang-nhap/);
    expect(await loginStatus(email, PASSWORD)).toBe(401);
    expect(await loginStatus(email, NEW_PASSWORD, guesser)).toBe(302);
    const user = await app.db.selectFrom("users").select("must_change_password").where("id", "=", id).executeTakeFirstOrThrow();
    expect(user.must_change_password).toBe(false);

    const logged = await app.db.selectFrom("account_events").select(["kind", "details"]).where("subject_id", "=", id).where("kind", "in", ["password_reset_requested", "password_reset"]).orderBy("id").execute();
    expect(logged).toEqual([
      { kind: "password_reset_requested", details: { outcome: "đã gửi thư có liên kết đặt lại" } },
      { kind: "password_reset", details: { via: "liên kết trong thư", ended: 1 } },
    ]);
  });

  it("answers before the mail server has taken the mail", async () => {
    const email = "thu-cham@example.vn";
    await createPerson({ email });
    const release = mail.hold();
    try {
      // The SMTP server does not answer while held: had the page waited on it, this would hang.
      const response = await browser().postForm(FORGOT, { login: email });
      expect(response.status).toBe(200);
      expect(await response.text()).toContain(SAME_ANSWER);
    } finally {
      release();
    }
    await waitForHandled(email, 1);
  });

  it("gives an unknown email and a phone-only account exactly the answer a known email gets, and mails nobody", async () => {
    const known = "co-tai-khoan@example.vn";
    await createPerson({ email: known });
    const phoneOnly = await createPerson({ phone: "0987001122" });
    const answer = async (login: string) => {
      const response = await browser().postForm(FORGOT_DATA, { login });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    const forKnown = await answer(known);
    const forUnknown = await answer("khong-ai-ca@example.vn");
    const forPhone = await answer("0987 001 122");
    expect(forKnown).toEqual({ status: 200, body: { intent: "request", ok: true, message: RESET_REQUESTED_MESSAGE, fieldErrors: {}, values: {} } });
    expect(forUnknown).toEqual(forKnown);
    expect(forPhone).toEqual(forKnown);

    await waitForMail(known);
    const [unknown] = await waitForHandled("khong-ai-ca@example.vn", 1);
    expect(unknown).toEqual({ subject_id: null, details: { outcome: "không có tài khoản nào như vậy" } });
    const [phone] = await waitForHandled("0987001122", 1);
    expect(phone).toEqual({ subject_id: phoneOnly, details: { outcome: "tài khoản chỉ có số điện thoại, không gửi được thư" } });
    expect(mailsTo("khong-ai-ca@example.vn")).toEqual([]);
    expect(await app.db.selectFrom("password_resets").select("id").where("user_id", "=", phoneOnly).execute()).toEqual([]);
  });

  it("refuses a form without a valid email or phone number, in Vietnamese", async () => {
    const response = await browser().postForm(FORGOT_DATA, { login: "không phải email" });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ ok: false, fieldErrors: { login: "Email hoặc số điện thoại (10 chữ số) không hợp lệ" }, values: { login: "không phải email" } });
  });
});

describe("a reset link", () => {
  it("works once: used again, it is refused and changes nothing", async () => {
    const email = "mot-lan@example.vn";
    const id = await createPerson({ email });
    const path = await requestLink(email);
    expect((await browser().postForm(path, { newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD })).status).toBe(302);
    const hashAfter = (await app.db.selectFrom("users").select("password_hash").where("id", "=", id).executeTakeFirstOrThrow()).password_hash;

    const again = await browser().get(path);
    expect(again.status).toBe(410);
    const html = await again.text();
    expect(html).toContain("Liên kết đặt lại mật khẩu này không dùng được");
    expect(html).toContain('href="/quen-mat-khau"');
    const reuse = await browser().postForm(path, { newPassword: "Mot mat khau khac nua", confirmPassword: "Mot mat khau khac nua" });
    expect(reuse.status).toBe(410);
    expect((await app.db.selectFrom("users").select("password_hash").where("id", "=", id).executeTakeFirstOrThrow()).password_hash).toBe(hashAfter);
    expect(await loginStatus(email, NEW_PASSWORD)).toBe(302);
  });

  it("is refused once expired", async () => {
    const email = "het-han@example.vn";
    const id = await createPerson({ email });
    const path = await requestLink(email);
    await app.db.updateTable("password_resets").set({ expires_at: sql`now() - interval '1 second'` }).where("user_id", "=", id).execute();
    expect((await browser().get(path)).status).toBe(410);
    const late = await browser().postForm(path, { newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD });
    expect(late.status).toBe(410);
    expect(await loginStatus(email, PASSWORD)).toBe(302);
  });

  it("sets the password for exactly one of two submits sent at once", async () => {
    const email = "hai-lan-cung-luc@example.vn";
    await createPerson({ email });
    const path = await requestLink(email);
    const [a, b] = await Promise.all([
      browser().postForm(path, { newPassword: "Mat khau cua nguoi A", confirmPassword: "Mat khau cua nguoi A" }),
      browser().postForm(path, { newPassword: "Mat khau cua nguoi B", confirmPassword: "Mat khau cua nguoi B" }),
    ]);
    expect([a.status, b.status].sort()).toEqual([302, 410]);
    const winner = a.status === 302 ? "Mat khau cua nguoi A" : "Mat khau cua nguoi B";
    const loser = a.status === 302 ? "Mat khau cua nguoi B" : "Mat khau cua nguoi A";
    expect(await loginStatus(email, winner)).toBe(302);
    expect(await loginStatus(email, loser)).toBe(401);
  });

  it("keeps a weak password out, and the link usable", async () => {
    const email = "mat-khau-yeu@example.vn";
    await createPerson({ email });
    const path = await requestLink(email);
    const client = browser();
    const weak = await client.postForm(`${path}?_data=${encodeURIComponent("routes/dat-lai-mat-khau.$token")}`, { newPassword: "matkhau123", confirmPassword: "matkhau123" });
    expect(weak.status).toBe(400);
    const refusal = await weak.json();
    expect(refusal).toMatchObject({ ok: false, fieldErrors: { newPassword: expect.stringContaining("quá phổ biến") } });
    expect(refusal.fieldErrors.token).toBeUndefined();
    const named = await client.postForm(path, { newPassword: "Pham Thi Quen 2026", confirmPassword: "Pham Thi Quen 2026" });
    expect(named.status).toBe(400);
    expect(await named.text()).toContain("Mật khẩu không được chứa họ và tên của bạn.");
    const mismatch = await client.postForm(path, { newPassword: NEW_PASSWORD, confirmPassword: `${NEW_PASSWORD}!` });
    expect(mismatch.status).toBe(400);
    expect((await client.get(path)).status).toBe(200);
    expect((await client.postForm(path, { newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD })).status).toBe(302);
  });

  it("stays valid when another is asked for, and using one voids the other", async () => {
    const email = "hai-thu@example.vn";
    await createPerson({ email });
    const first = await requestLink(email, 1);
    const second = await requestLink(email, 2);
    expect(first).not.toBe(second);
    expect((await browser().get(first)).status).toBe(200);
    expect((await browser().postForm(second, { newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD })).status).toBe(302);
    expect((await browser().get(first)).status).toBe(410);
  });

  it("refuses a made-up or malformed token the same way", async () => {
    for (const token of ["A".repeat(43), "ngan-qua", `${"b".repeat(43)}%00`]) {
      const response = await browser().get(`/dat-lai-mat-khau/${token}`);
      expect({ token, status: response.status }).toEqual({ token, status: 410 });
      expect(await response.text()).toContain("Liên kết đặt lại mật khẩu này không dùng được");
    }
  });
});

describe("throttling", () => {
  it("holds one address to 10 requests, with Retry-After and a Vietnamese message", async () => {
    const office = app.client({ "X-Forwarded-For": "10.99.0.1" });
    for (let i = 0; i < 10; i++) {
      expect((await office.postForm(FORGOT, { login: `nguoi-${i}@example.vn` })).status).toBe(200);
    }
    const refused = await office.postForm(FORGOT, { login: "nguoi-10@example.vn" });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await refused.text()).toContain("Có quá nhiều yêu cầu đặt lại mật khẩu từ cùng một địa chỉ mạng. Vui lòng thử lại sau 1 phút.");
    // Another address is not held back.
    expect((await browser().postForm(FORGOT, { login: "nguoi-10@example.vn" })).status).toBe(200);
  });

  it("mails one account at most 3 times in a while, answering the 4th request like any other", async () => {
    const email = "nhieu-yeu-cau@example.vn";
    const id = await createPerson({ email });
    const answers: string[] = [];
    for (let i = 0; i < 4; i++) {
      const response = await browser().postForm(FORGOT_DATA, { login: email });
      answers.push(`${response.status} ${JSON.stringify(await response.json())}`);
    }
    expect(new Set(answers).size).toBe(1);
    expect(answers[0]).toMatch(/^200 /);
    const handled = await waitForHandled(email, 4);
    // The four run side by side after their answers: which one came fourth is not fixed.
    expect(handled.map((h) => h.details.outcome).sort()).toEqual([
      "quá số lần trong thời gian ngắn, không gửi thư",
      "đã gửi thư có liên kết đặt lại",
      "đã gửi thư có liên kết đặt lại",
      "đã gửi thư có liên kết đặt lại",
    ].sort());
    expect(mailsTo(email)).toHaveLength(3);
    expect(await app.db.selectFrom("password_resets").select("id").where("user_id", "=", id).execute()).toHaveLength(3);
  });
});

/** A form POST with a Host header of our choosing (fetch does not let one set Host). */
function postWithHost(url: URL, host: string, body: URLSearchParams, headers: Record<string, string>) {
  const payload = body.toString();
  return new Promise<{ status: number; text(): Promise<string> }>((resolve, reject) => {
    const request = http.request(
      url,
      {
        method: "POST",
        headers: {
          ...headers,
          Host: host,
          Origin: `http://${host}`,
          "Content-Type": "application/x-www-form-urlencoded",
          "Content-Length": Buffer.byteLength(payload),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, text: async () => Buffer.concat(chunks).toString("utf8") }));
        res.on("error", reject);
      },
    );
    request.on("error", reject);
    request.end(payload);
  });
}
