import type { AddressInfo } from "node:net";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import ExcelJS from "exceljs";
import { io as connect, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { FOREIGN_ORIGIN_MESSAGE } from "~/http/same-origin.server";
import { createAppServer, type AppServer } from "~/server/create-app.server";
import { answerKeyInDisplayOrder, demoRound, startEntryViaHttp } from "../support/entries";
import { DEMO_PASSWORD, startTestApp, type TestApp, type TestClient } from "../support/test-app";

// Every write must come from a page of the site; every response carries the security headers.

const EVIL = "http://evil.example";
/** The public address of a reverse proxy in front of the app (ALLOWED_ORIGINS). */
const PROXY_ORIGIN = "https://thi.tinh.example.vn";
const ROLE_DATA = `_data=${encodeURIComponent("routes/quan-tri.nguoi-dung")}`;
const UNIT_IMPORT = "/quan-ly/don-vi/nhap";

let app: TestApp;
let admin: TestClient;
let organizer: TestClient;
let unitId: number;
const sockets: Socket[] = [];

beforeAll(async () => {
  app = await startTestApp({
    security: { sameOrigin: { secure: false, trustForwardedProto: false, allowedOrigins: [PROXY_ORIGIN] }, hsts: false, trustProxy: false },
  });
  admin = app.client();
  await admin.login("quantri@demo.cchc.vn", DEMO_PASSWORD);
  organizer = app.client();
  await organizer.login("bantochuc@demo.cchc.vn", DEMO_PASSWORD);
  unitId = (await app.db.selectFrom("units").select("id").where("code", "=", "MH-P-ANH").executeTakeFirstOrThrow()).id;
});
afterAll(async () => {
  for (const socket of sockets) socket.close();
  await app?.close();
});

interface Sender {
  cookie?: string;
  /** The Origin header; omitted when undefined. */
  origin?: string;
  referer?: string;
}

/** A request as a browser on another page would send it (TestClient always sends the site's Origin). */
function send(pathname: string, init: { method?: string; body?: BodyInit; contentType?: string } & Sender) {
  const headers: Record<string, string> = {};
  if (init.cookie) headers.Cookie = init.cookie;
  if (init.origin !== undefined) headers.Origin = init.origin;
  if (init.referer !== undefined) headers.Referer = init.referer;
  if (init.contentType) headers["Content-Type"] = init.contentType;
  return fetch(new URL(pathname, app.baseUrl), { method: init.method ?? "POST", body: init.body, headers, redirect: "manual" });
}

const form = (fields: Record<string, string | number>) => new URLSearchParams(Object.entries(fields).map(([k, v]) => [k, String(v)]));

let people = 0;
/** A newly registered contestant (their client, logged in, and their user id). */
async function newPerson() {
  const client = app.client();
  const login = `nguoi${++people}-${Date.now()}@example.vn`;
  const response = await client.postForm("/dang-ky", { fullName: `Người Thử ${people}`, login, password: "mat-khau-du-dai", confirmPassword: "mat-khau-du-dai", unitId });
  expect(response.status).toBe(302);
  const { id } = await app.db.selectFrom("users").select("id").where("email", "=", login).executeTakeFirstOrThrow();
  return { client, id };
}

const roleOf = async (id: number) => (await app.db.selectFrom("users").select("role").where("id", "=", id).executeTakeFirstOrThrow()).role;
const setRole = (id: number, sender: Sender, query = "") =>
  send(`/quan-tri/nguoi-dung${query}`, { body: form({ intent: "set-role", userId: id, role: "organizer" }), ...sender });

async function expectRefusedPage(response: Response) {
  expect(response.status).toBe(403);
  expect(response.headers.get("content-type")).toMatch(/^text\/html/);
  expect(await response.text()).toContain(FOREIGN_ORIGIN_MESSAGE);
}

async function expectRefusedJson(response: Response) {
  expect(response.status).toBe(403);
  expect(response.headers.get("content-type")).toMatch(/^application\/json/);
  expect(await response.json()).toEqual({ ok: false, code: "foreign_origin", message: FOREIGN_ORIGIN_MESSAGE });
}

describe("writes from another site", () => {
  it("refuses a form POST carrying the admin's cookie, and the role stays", async () => {
    const { id } = await newPerson();
    const cookie = admin.cookieHeader();
    await expectRefusedPage(await setRole(id, { cookie, origin: EVIL }));
    // Look-alikes of the site's own origin.
    for (const origin of [`${app.baseUrl}.evil.example`, app.baseUrl.replace("http:", "https:"), `${app.baseUrl}/`, "null", ""]) {
      await expectRefusedPage(await setRole(id, { cookie, origin }));
    }
    // Neither Origin nor Referer: not a page of ours.
    await expectRefusedPage(await setRole(id, { cookie }));
    await expectRefusedPage(await setRole(id, { cookie, referer: `${EVIL}/trang` }));
    expect(await roleOf(id)).toBe("contestant");
    // The very same request from the site's own page goes through.
    expect((await setRole(id, { cookie, origin: app.baseUrl })).status).toBe(200);
    expect(await roleOf(id)).toBe("organizer");
  });

  it("refuses the same POST as a Remix data request (?_data) with a JSON answer", async () => {
    const { id } = await newPerson();
    await expectRefusedJson(await setRole(id, { cookie: admin.cookieHeader(), origin: EVIL }, `?${ROLE_DATA}`));
    await expectRefusedJson(await setRole(id, { cookie: admin.cookieHeader(), origin: EVIL }, `?index&${ROLE_DATA}`));
    expect(await roleOf(id)).toBe("contestant");
    expect((await setRole(id, { cookie: admin.cookieHeader(), origin: app.baseUrl }, `?${ROLE_DATA}`)).status).toBe(200);
    expect(await roleOf(id)).toBe("organizer");
  });

  it("refuses a registration posted from another site: no account is made", async () => {
    const login = `la-${Date.now()}@example.vn`;
    const body = form({ fullName: "Người Lạ", login, password: "mat-khau-du-dai", confirmPassword: "mat-khau-du-dai", unitId });
    await expectRefusedPage(await send("/dang-ky", { body, origin: EVIL }));
    expect(await app.db.selectFrom("users").select("id").where("email", "=", login).executeTakeFirst()).toBeUndefined();
  });

  it("refuses an upload to an import page from another site: no unit is made", async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet("Đơn vị");
    sheet.addRow(["Mã đơn vị", "Tên đơn vị", "Mã đơn vị cấp trên", "Loại đơn vị", "Số biên chế"]);
    sheet.addRow(["MH-XA-LA", "Xã Lạ", "MH", "Xã", 1]);
    const data = new Uint8Array(await book.xlsx.writeBuffer());
    const upload = () => {
      const body = new FormData();
      body.append("file", new Blob([data]), "don-vi.xlsx");
      body.append("intent", "apply");
      return body;
    };
    const unitCount = async () => Number((await app.db.selectFrom("units").select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow()).n);
    const before = await unitCount();
    await expectRefusedPage(await send(UNIT_IMPORT, { body: upload(), cookie: organizer.cookieHeader(), origin: EVIL }));
    expect(await unitCount()).toBe(before);
    const accepted = await organizer.request(UNIT_IMPORT, { method: "POST", body: upload() });
    expect(accepted.status).toBe(200);
    expect(await unitCount()).toBe(before + 1);
  });

  it("accepts a same-site POST that names its page only in the Referer", async () => {
    const { id } = await newPerson();
    const response = await setRole(id, { cookie: admin.cookieHeader(), referer: `${app.baseUrl}/quan-tri/nguoi-dung?q=abc` });
    expect(response.status).toBe(200);
    expect(await roleOf(id)).toBe("organizer");
  });

  it("accepts the origins of ALLOWED_ORIGINS (a reverse proxy's address), and only those", async () => {
    const { id } = await newPerson();
    await expectRefusedPage(await setRole(id, { cookie: admin.cookieHeader(), origin: `${PROXY_ORIGIN}.evil.example` }));
    await expectRefusedPage(await setRole(id, { cookie: admin.cookieHeader(), origin: PROXY_ORIGIN.replace("https:", "http:") }));
    expect(await roleOf(id)).toBe("contestant");
    expect((await setRole(id, { cookie: admin.cookieHeader(), origin: PROXY_ORIGIN })).status).toBe(200);
    expect(await roleOf(id)).toBe("organizer");
  });
});

describe("the answer saves", () => {
  it("refuse another site's page and a body that is not sent as JSON; nothing is saved", async () => {
    const { client } = await newPerson();
    const round = await demoRound(app.db);
    const entryId = await startEntryViaHttp(client, round.slug, round.id);
    const [question] = await answerKeyInDisplayOrder(app.db, entryId);
    const answer = JSON.stringify({ position: question.position, chosen: question.correctDisplay, revision: 1 });
    const cookie = client.cookieHeader();
    const answers = `/api/entries/${entryId}/answers`;
    const prediction = `/api/entries/${entryId}/prediction`;

    await expectRefusedJson(await send(answers, { body: answer, contentType: "application/json", cookie, origin: EVIL }));
    await expectRefusedJson(await send(answers, { body: answer, contentType: "text/plain", cookie, origin: EVIL }));
    await expectRefusedJson(await send(prediction, { body: JSON.stringify({ prediction: 5 }), contentType: "application/json", cookie, origin: EVIL }));
    // The only body another site's form could send without asking first: text/plain (or a form).
    for (const contentType of ["text/plain", "text/plain;charset=UTF-8", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/jsonp", undefined]) {
      for (const target of [answers, prediction]) {
        const response = await send(target, { body: answer, contentType, cookie, origin: app.baseUrl });
        expect(response.status, `${target} ${contentType}`).toBe(415);
        const reply = await response.json();
        expect(reply).toMatchObject({ ok: false, code: "unsupported_content_type" });
        expect(reply.message).toMatch(/^Yêu cầu bị từ chối/);
      }
    }
    const saved = await app.db.selectFrom("entry_answers").select("position").where("entry_id", "=", entryId).execute();
    expect(saved).toEqual([]);

    const accepted = await send(answers, { body: answer, contentType: "application/json; charset=utf-8", cookie, origin: app.baseUrl });
    expect(accepted.status).toBe(200);
    expect((await accepted.json()).ok).toBe(true);
    expect(await app.db.selectFrom("entry_answers").select("position").where("entry_id", "=", entryId).execute()).toEqual([{ position: question.position }]);
  });
});

describe("socket.io", () => {
  /** Connects with the given headers; resolves to "connected" or the refusal's message. */
  function handshake(extraHeaders: Record<string, string>, transport: "websocket" | "polling") {
    const socket = connect(app.baseUrl, { transports: [transport], forceNew: true, reconnection: false, extraHeaders });
    sockets.push(socket);
    return new Promise<string>((resolve) => {
      socket.once("connect", () => resolve("connected"));
      socket.once("connect_error", (error) => resolve(error.message));
    });
  }

  for (const transport of ["websocket", "polling"] as const) {
    it(`refuses a ${transport} handshake from another site and accepts the site's own`, async () => {
      const cookie = admin.cookieHeader();
      expect(await handshake({ origin: EVIL, cookie }, transport)).not.toBe("connected");
      expect(await handshake({ cookie }, transport)).not.toBe("connected");
      expect(await handshake({ origin: app.baseUrl, cookie }, transport)).toBe("connected");
      expect(await handshake({ referer: `${app.baseUrl}/lanh-dao`, cookie }, transport)).toBe("connected");
    });
  }
});

describe("security headers", () => {
  function expectSecurityHeaders(response: Response, what: string) {
    const headers = response.headers;
    expect(headers.get("x-frame-options"), what).toBe("DENY");
    expect(headers.get("x-content-type-options"), what).toBe("nosniff");
    expect(headers.get("referrer-policy"), what).toBe("strict-origin-when-cross-origin");
    expect(headers.get("strict-transport-security"), what).toBeNull();
    const csp = headers.get("content-security-policy");
    expect(csp, what).not.toBeNull();
    const directives = new Map(csp!.split(";").map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values]));
    expect(directives.get("default-src"), what).toEqual(["'self'"]);
    expect(directives.get("frame-ancestors"), what).toEqual(["'none'"]);
    expect(directives.get("object-src"), what).toEqual(["'none'"]);
    expect(directives.get("base-uri"), what).toEqual(["'self'"]);
    expect(directives.get("form-action"), what).toEqual(["'self'"]);
    expect(directives.get("img-src"), what).toEqual(["'self'", "data:", "blob:"]);
    // Never inline or foreign scripts without the nonce.
    const scripts = directives.get("script-src")!;
    expect(scripts.filter((s) => !s.startsWith("'nonce-")), what).toEqual(["'self'"]);
    return directives;
  }

  it("are on a page, whose inline scripts carry the response's own nonce", async () => {
    const first = await organizer.get("/");
    const directives = expectSecurityHeaders(first, "page");
    const nonce = /^'nonce-([A-Za-z0-9+/=]{22,})'$/.exec(directives.get("script-src")!.find((s) => s.startsWith("'nonce-"))!)![1];
    const host = new URL(app.baseUrl).host;
    expect(directives.get("connect-src")).toEqual(["'self'", `ws://${host}`, `wss://${host}`]);
    const html = await first.text();
    const scriptTags = html.match(/<script\b[^>]*>/g) ?? [];
    const inline = html.match(/<script\b[^>]*>[^<]+<\/script>/g) ?? [];
    expect(inline.length).toBeGreaterThanOrEqual(2);
    for (const tag of scriptTags) expect(tag).toContain(`nonce="${nonce}"`);
    // A fresh nonce for every response.
    const second = expectSecurityHeaders(await organizer.get("/"), "page");
    expect(second.get("script-src")).not.toEqual(directives.get("script-src"));
  });

  it("are on a Remix data response, a file download, a static asset, the answer API, a 404 and a refusal", async () => {
    const data = await organizer.get("/?_data=root");
    expect(data.headers.get("content-type")).toMatch(/^application\/json/);
    expectSecurityHeaders(data, "?_data");

    const download = await organizer.get("/quan-ly/mau-don-vi.xlsx");
    expect(download.status).toBe(200);
    expect(download.headers.get("content-disposition")).toMatch(/attachment/);
    expectSecurityHeaders(download, "download");

    const asset = /<link rel="modulepreload" href="(\/assets\/[^"]+\.js)"/.exec(await (await app.client().get("/")).text())?.[1];
    expect(asset).toBeDefined();
    const script = await app.client().get(asset!);
    expect(script.status).toBe(200);
    expectSecurityHeaders(script, "asset");

    const api = await app.client().postJson("/api/entries/1/answers", { position: 0, chosen: [0], revision: 1 });
    expect(api.status).toBe(401);
    expectSecurityHeaders(api, "api");

    const noContest = await app.client().get("/cuoc-thi/khong-co-cuoc-thi-nay");
    expect(noContest.status).toBe(404);
    expectSecurityHeaders(noContest, "404 of a page");
    // Remix reports an address no route matches on the console; that is not what this test is about.
    const quiet = vi.spyOn(console, "error").mockImplementation(() => {});
    const missing = await app.client().get("/khong-co-trang-nay");
    quiet.mockRestore();
    expect(missing.status).toBe(404);
    expectSecurityHeaders(missing, "404 of an unknown address");

    const refused = await send("/dang-xuat", { origin: EVIL });
    expect(refused.status).toBe(403);
    expectSecurityHeaders(refused, "403");

    const polling = await fetch(new URL("/socket.io/?EIO=4&transport=polling", app.baseUrl), { headers: { Origin: app.baseUrl } });
    expect(polling.status).toBe(200);
    expect(polling.headers.get("x-frame-options")).toBe("DENY");
    expect(polling.headers.get("x-content-type-options")).toBe("nosniff");
  });
});

describe("a site served over HTTPS (COOKIE_SECURE=true)", () => {
  let secure: AppServer;
  let secureUrl: string;

  beforeAll(async () => {
    const buildDir = path.resolve("build");
    const build = (await import(pathToFileURL(path.join(buildDir, "server", "index.js")).href)) as ServerBuild;
    secure = await createAppServer({
      db: app.db,
      build,
      buildDir,
      security: { sameOrigin: { secure: true, trustForwardedProto: false, allowedOrigins: [] }, hsts: true, trustProxy: false },
    });
    await new Promise<void>((resolve) => secure.httpServer.listen(0, "127.0.0.1", resolve));
    secureUrl = `http://127.0.0.1:${(secure.httpServer.address() as AddressInfo).port}`;
  });
  afterAll(() => secure?.close());

  it("sends Strict-Transport-Security, which the plain-HTTP site does not", async () => {
    const page = await fetch(secureUrl);
    expect(page.headers.get("strict-transport-security")).toBe("max-age=31536000; includeSubDomains");
    expect((await fetch(app.baseUrl)).headers.get("strict-transport-security")).toBeNull();
  });

  it("takes https://<host> as its own origin, and no longer http://<host>", async () => {
    const { id } = await newPerson();
    const post = (origin: string) => fetch(new URL("/quan-tri/nguoi-dung", secureUrl), { method: "POST", body: form({ intent: "set-role", userId: id, role: "organizer" }), headers: { Origin: origin, Cookie: admin.cookieHeader() }, redirect: "manual" });
    expect((await post(secureUrl)).status).toBe(403);
    expect(await roleOf(id)).toBe("contestant");
    expect((await post(secureUrl.replace("http:", "https:"))).status).toBe(200);
    expect(await roleOf(id)).toBe("organizer");
  });
});

describe("redirects after logging in", () => {
  it.each(["/\t/evil.example/", "/\n/evil.example/", "//evil.example/", "/\\evil.example", "/%2F%2Fevil.example", "/%5Cevil.example", "https://evil.example/", "javascript:alert(1)"])(
    "land on this site for redirectTo=%j",
    async (redirectTo) => {
      const client = app.client();
      const response = await client.postForm("/dang-nhap", { login: "thisinh@demo.cchc.vn", password: DEMO_PASSWORD, redirectTo });
      expect(response.status).toBe(302);
      const location = response.headers.get("location")!;
      expect(location).toBe("/");
      expect(new URL(location, app.baseUrl).origin).toBe(app.baseUrl);
    },
  );

  it("still return to the page that asked for the login", async () => {
    const response = await app.client().postForm("/dang-nhap", { login: "thisinh@demo.cchc.vn", password: DEMO_PASSWORD, redirectTo: "/quan-ly/cau-hoi?q=76%2FNQ-CP" });
    expect(response.headers.get("location")).toBe("/quan-ly/cau-hoi?q=76%2FNQ-CP");
  });
});
