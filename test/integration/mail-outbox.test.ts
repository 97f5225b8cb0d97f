import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually } from "../support/mail-server";
import { DEMO_PASSWORD, startTestApp, type TestApp } from "../support/test-app";

// Without SMTP_URL (development) mails are not sent but kept in the outbox folder under DATA_DIR,
// and listed for admins on "Thư đã gửi".

let app: TestApp;
let dataDir: string;
const OUTBOX_DATA = `/quan-tri/thu-da-gui?_data=${encodeURIComponent("routes/quan-tri.thu-da-gui")}`;

beforeAll(async () => {
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "cchc-outbox-"));
  process.env.DATA_DIR = dataDir;
  delete process.env.SMTP_URL;
  delete process.env.PUBLIC_URL;
  app = await startTestApp();
});
afterAll(async () => {
  await app.close();
  delete process.env.DATA_DIR;
  await fs.rm(dataDir, { recursive: true, force: true });
});

async function requestReset(email: string) {
  const response = await app.client().postForm("/quen-mat-khau", { login: email });
  expect(response.status).toBe(200);
  await eventually(
    async () => (await app.db.selectFrom("account_events").select("id").where("kind", "=", "password_reset_requested").where("login", "=", email).executeTakeFirst()) ?? null,
    `the request for ${email} to be handled`,
  );
}

describe("the outbox", () => {
  it("keeps each mail as a file and lists them, newest first, for admins only", async () => {
    await requestReset("thisinh@demo.cchc.vn");
    await requestReset("lanhdao@demo.cchc.vn");

    const files = (await fs.readdir(path.join(dataDir, "outbox"))).sort();
    expect(files.filter((f) => f.endsWith(".eml"))).toHaveLength(2);
    expect(files.filter((f) => f.endsWith(".json"))).toHaveLength(2);
    const eml = await fs.readFile(path.join(dataDir, "outbox", files.find((f) => f.endsWith(".eml"))!), "utf8");
    expect(eml).toMatch(/^To: thisinh@demo\.cchc\.vn$/m);
    expect(eml).toMatch(/^From: .*<no-reply@localhost>$/m);

    const admin = app.client();
    await admin.login("quantri@demo.cchc.vn", DEMO_PASSWORD);
    const listed = await admin.get(OUTBOX_DATA);
    expect(listed.status).toBe(200);
    const { goesOut, mails } = (await listed.json()) as { goesOut: boolean; mails: { to: string; subject: string; sentAt: string; text: string }[] };
    expect(goesOut).toBe(false);
    expect(mails.map((m) => m.to)).toEqual(["lanhdao@demo.cchc.vn", "thisinh@demo.cchc.vn"]);
    expect(mails[0].subject).toBe("Đặt lại mật khẩu · Thi tìm hiểu cải cách hành chính");
    expect(Date.parse(mails[0].sentAt)).toBeGreaterThanOrEqual(Date.parse(mails[1].sentAt));
    expect(mails[1].text).toContain("Chào Lê Thị Thí Sinh,");

    // Without PUBLIC_URL the link names localhost and the port; its path works on this server.
    const link = new RegExp(`http://localhost:${process.env.PORT ?? 3000}(/dat-lai-mat-khau/[A-Za-z0-9_-]{43})`).exec(mails[1].text);
    expect(link).not.toBeNull();
    expect((await app.client().get(link![1])).status).toBe(200);

    const page = await admin.get("/quan-tri/thu-da-gui");
    expect(page.status).toBe(200);
    expect(page.headers.get("cache-control")).toBe("no-store");
    const html = await page.text();
    expect(html).toContain("thisinh@demo.cchc.vn");
    expect(html).toContain("Chưa cấu hình máy chủ thư");
  });

  it("is refused to everyone but admins", async () => {
    for (const email of ["thisinh@demo.cchc.vn", "bantochuc@demo.cchc.vn", "lanhdao@demo.cchc.vn"]) {
      const client = app.client();
      // The contestant's and the leader's passwords are still the demo one: their links were not used.
      await client.login(email, DEMO_PASSWORD);
      const response = await client.get(OUTBOX_DATA);
      expect({ email, status: response.status }).toEqual({ email, status: 403 });
      expect(await response.text()).not.toContain("dat-lai-mat-khau");
    }
    const anonymous = await app.client().get("/quan-tri/thu-da-gui");
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("location")).toMatch(/^\/dang-nhap/);
  });
});
