import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import ExcelJS from "exceljs";
import { extractText, getDocumentProxy } from "unpdf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAccount } from "~/accounts/accounts.server";
import { asciiFileName, fileNameDate } from "~/http/download-name";
import { rebuildRankings } from "~/rankings/maintenance.server";
import { startEntryViaHttp } from "../support/entries";
import { DEMO_PASSWORD, startTestApp, type TestApp, type TestClient } from "../support/test-app";

// Who reaches what, for every route in app/routes (listed from the directory: a new route with no
// row here fails), by role: the loader data (`?_data=<route id>`) of pages, resource routes
// directly. Then, on a private contest with a finished round whose winners sit inside and outside a
// department, what each reader's responses contain: nobody's name or position from outside the
// reader's subtree while the proposal is unpublished, and outside positions never (names once
// published); public data with no ids or details at all.

const ROLES = ["anonymous", "contestant", "subLeader", "communeLeader", "provinceLeader", "organizer", "admin"] as const;
type Role = (typeof ROLES)[number];
/** "200", "403", "404", "405", "login" (sent to /dang-nhap) or "→ /path" (any other redirect). */
type Outcome = string;

let app: TestApp;
const clients = {} as Record<Role, TestClient>;
const unit: Record<string, number> = {};
let contestId: number;
let slug: string;
let roundId: number;
let entryId: string;
let questionId: number;
let jobId: string;

// The people of the private contest: inside Sở Nội vụ (the sub-unit leader's subtree) and outside it.
// Short, distinct names and positions, so that a PDF's line breaks cannot hide them.
const PEOPLE = {
  I1: { name: "Phan Văn Trong", position: "Chuyên viên CCHC", unit: "MH-SNV-CCHC", score: 95 },
  I2: { name: "Đỗ Thị Nội", position: "Phó phòng TCBC", unit: "MH-SNV-TCBC", score: 80 },
  I3: { name: "Lý Văn Sở", position: "Văn thư Sở", unit: "MH-SNV-CCVC", score: 40 },
  O1: { name: "Mai Văn Ngoại", position: "Kế toán trưởng", unit: "MH-STC", score: 100 },
  O2: { name: "Tạ Thị Phường", position: "Phó Chủ tịch", unit: "MH-P-MHA-TTHCC", score: 85 },
  O3: { name: "Hồ Văn Tài", position: "Thủ quỹ", unit: "MH-STC", score: 50 },
} as const;
type Key = keyof typeof PEOPLE;
const CONTESTANT_NAME = "Lê Thị Thí Sinh"; // the demo contestant (Xã Tân Phú), a winner too, no position
const ids = {} as Record<Key | "contestant", number>;
const entryOf = {} as Record<Key, string>;

const inside: Key[] = ["I1", "I2", "I3"];
const outsideDepartment: Key[] = ["O1", "O2", "O3"];

// --- What each role may reach ----------------------------------------------------------------

const all = (o: Outcome): Record<Role, Outcome> => Object.fromEntries(ROLES.map((r) => [r, o])) as Record<Role, Outcome>;
const loggedIn = (o: Outcome) => ({ ...all(o), anonymous: "login" });
const organizers = { ...all("403"), anonymous: "login", organizer: "200", admin: "200" };
const leadersAndOrganizers = { ...all("200"), anonymous: "login", contestant: "403" };
const adminOnly = { ...organizers, organizer: "403" };

interface Row {
  path: () => string;
  expect: Record<Role, Outcome>;
}

const c = () => `/cuoc-thi/${slug}`;
const q = () => `/quan-ly/cuoc-thi/${contestId}`;

/** One row per file in app/routes, by the file's name without extension. */
const MATRIX: Record<string, Row> = {
  _index: { path: () => "/", expect: all("200") },
  "api.entries.$entryId.answers": { path: () => `/api/entries/${entryId}/answers`, expect: all("405") },
  "api.entries.$entryId.prediction": { path: () => `/api/entries/${entryId}/prediction`, expect: all("405") },
  // Only its owner reads an entry; to anyone else it does not exist.
  "bai-thi.$entryId": { path: () => `/bai-thi/${entryId}`, expect: { ...all("404"), anonymous: "login", contestant: "200" } },
  "cuoc-thi-cua-toi": { path: () => "/cuoc-thi-cua-toi", expect: loggedIn("200") },
  "cuoc-thi.$slug._index": { path: c, expect: all("200") },
  "cuoc-thi.$slug.anh-bia": { path: () => `${c()}/anh-bia`, expect: all("404") }, // no banner uploaded
  // Before publication nobody has a certificate.
  "cuoc-thi.$slug.giay-chung-nhan": { path: () => `${c()}/giay-chung-nhan`, expect: loggedIn("404") },
  "cuoc-thi.$slug.ket-qua": { path: () => `${c()}/ket-qua`, expect: all("200") },
  "cuoc-thi.$slug.xep-hang": { path: () => `${c()}/xep-hang`, expect: all("200") },
  "dang-ky": { path: () => "/dang-ky", expect: { ...all("→ /"), anonymous: "200" } },
  "dang-nhap": { path: () => "/dang-nhap", expect: { ...all("→ /"), anonymous: "200" } },
  "dang-xuat": { path: () => "/dang-xuat", expect: all("→ /") },
  "doi-mat-khau": { path: () => "/doi-mat-khau", expect: loggedIn("200") },
  "quen-mat-khau": { path: () => "/quen-mat-khau", expect: all("200") },
  "dat-lai-mat-khau.$token": { path: () => "/dat-lai-mat-khau/khong-phai-ma-that", expect: all("410") },
  "tai-khoan": { path: () => "/tai-khoan", expect: loggedIn("200") },
  "lanh-dao._index": { path: () => "/lanh-dao", expect: leadersAndOrganizers },
  "lanh-dao.cuoc-thi.$contestId": { path: () => `/lanh-dao/cuoc-thi/${contestId}`, expect: leadersAndOrganizers },
  "quan-ly._index": { path: () => "/quan-ly", expect: organizers },
  "quan-ly.tai-khoan._index": { path: () => "/quan-ly/tai-khoan", expect: organizers },
  "quan-ly.tai-khoan.$userId.ma-dat-lai": { path: () => `/quan-ly/tai-khoan/${ids.contestant}/ma-dat-lai`, expect: organizers },
  "quan-ly.cau-hoi.$id._index": { path: () => `/quan-ly/cau-hoi/${questionId}`, expect: organizers },
  "quan-ly.cau-hoi.$id.thong-ke": { path: () => `/quan-ly/cau-hoi/${questionId}/thong-ke`, expect: organizers },
  "quan-ly.cau-hoi._index": { path: () => "/quan-ly/cau-hoi", expect: organizers },
  "quan-ly.cau-hoi.moi": { path: () => "/quan-ly/cau-hoi/moi", expect: organizers },
  "quan-ly.cuoc-thi.$id._index": { path: q, expect: organizers },
  "quan-ly.cuoc-thi.$id.anh-bia": { path: () => `${q()}/anh-bia`, expect: organizers },
  "quan-ly.cuoc-thi.$id.ap-phich": { path: () => `${q()}/ap-phich`, expect: organizers },
  "quan-ly.cuoc-thi.$id.diem-par": { path: () => `${q()}/diem-par`, expect: organizers },
  "quan-ly.cuoc-thi.$id.dot.$roundId": { path: () => `${q()}/dot/${roundId}`, expect: organizers },
  "quan-ly.cuoc-thi.$id.khen-thuong._index": { path: () => `${q()}/khen-thuong`, expect: leadersAndOrganizers },
  "quan-ly.cuoc-thi.$id.khen-thuong.de-nghi[.]pdf": { path: () => `${q()}/khen-thuong/de-nghi.pdf`, expect: leadersAndOrganizers },
  "quan-ly.cuoc-thi.$id.khen-thuong.de-nghi[.]xlsx": { path: () => `${q()}/khen-thuong/de-nghi.xlsx`, expect: leadersAndOrganizers },
  // A draft's certificates never leave the organizers.
  "quan-ly.cuoc-thi.$id.khen-thuong.giay-chung-nhan[.]pdf": { path: () => `${q()}/khen-thuong/giay-chung-nhan.pdf`, expect: organizers },
  "quan-ly.cuoc-thi.$id.khen-thuong.in": { path: () => `${q()}/khen-thuong/in`, expect: leadersAndOrganizers },
  "quan-ly.cuoc-thi.$id.xem-truoc": { path: () => `${q()}/xem-truoc`, expect: organizers },
  "quan-ly.cuoc-thi.$id.xuat": { path: () => `${q()}/xuat`, expect: leadersAndOrganizers },
  "quan-ly.cuoc-thi._index": { path: () => "/quan-ly/cuoc-thi", expect: organizers },
  "quan-ly.don-vi.$id": { path: () => `/quan-ly/don-vi/${unit["MH-SNV"]}`, expect: organizers },
  "quan-ly.don-vi._index": { path: () => "/quan-ly/don-vi", expect: organizers },
  // A unit's staff list: in full for organizers and the unit's leaders, masked for other leaders and
  // the unit's own people (the contestant is of a ward, not of Sở Nội vụ); imported only inside the leader's subtree.
  "quan-ly.don-vi.$id_.danh-sach._index": { path: () => `/quan-ly/don-vi/${unit["MH-SNV"]}/danh-sach`, expect: leadersAndOrganizers },
  "quan-ly.don-vi.$id_.danh-sach.nhap": { path: () => `/quan-ly/don-vi/${unit["MH-SNV"]}/danh-sach/nhap`, expect: { ...leadersAndOrganizers, communeLeader: "403" } },
  "quan-ly.mau-danh-sach-can-bo[.]xlsx": { path: () => "/quan-ly/mau-danh-sach-can-bo.xlsx", expect: leadersAndOrganizers },
  "quan-ly.don-vi.lich-su": { path: () => "/quan-ly/don-vi/lich-su", expect: organizers },
  "quan-ly.don-vi.moi": { path: () => "/quan-ly/don-vi/moi", expect: organizers },
  "quan-ly.don-vi.nhap": { path: () => "/quan-ly/don-vi/nhap", expect: organizers },
  "quan-ly.don-vi.xuat[.]xlsx": { path: () => "/quan-ly/don-vi/xuat.xlsx", expect: organizers },
  "quan-ly.mau-cau-hoi[.]xlsx": { path: () => "/quan-ly/mau-cau-hoi.xlsx", expect: organizers },
  "quan-ly.mau-don-vi[.]xlsx": { path: () => "/quan-ly/mau-don-vi.xlsx", expect: organizers },
  "quan-ly.mau-tai-khoan[.]xlsx": { path: () => "/quan-ly/mau-tai-khoan.xlsx", expect: organizers },
  "quan-ly.ngan-hang.$key.nhap": { path: () => "/quan-ly/ngan-hang/test-bank/nhap", expect: organizers },
  "quan-ly.ngan-hang.$key.xuat[.]xlsx": { path: () => "/quan-ly/ngan-hang/test-bank/xuat.xlsx", expect: organizers },
  "quan-ly.ngan-hang.$key.xuat[.]yaml": { path: () => "/quan-ly/ngan-hang/test-bank/xuat.yaml", expect: organizers },
  "quan-ly.ngan-hang._index": { path: () => "/quan-ly/ngan-hang", expect: organizers },
  "quan-ly.tai-khoan.nhap": { path: () => "/quan-ly/tai-khoan/nhap", expect: organizers },
  // The organizer's export job: leaders may export, but someone else's job reads as missing.
  "quan-ly.xuat.$jobId": { path: () => `/quan-ly/xuat/${jobId}`, expect: { ...organizers, subLeader: "404", communeLeader: "404", provinceLeader: "404" } },
  "quan-ly.xuat.$jobId.tai-ve": { path: () => `/quan-ly/xuat/${jobId}/tai-ve`, expect: { ...organizers, subLeader: "404", communeLeader: "404", provinceLeader: "404" } },
  "quan-tri.nguoi-dung": { path: () => "/quan-tri/nguoi-dung", expect: adminOnly },
  "quan-tri.thu-da-gui": { path: () => "/quan-tri/thu-da-gui", expect: adminOnly },
  "quan-tri.nhat-ky-tai-khoan": { path: () => "/quan-tri/nhat-ky-tai-khoan", expect: adminOnly },
};

const ROUTES_DIR = path.resolve("app/routes");
const routeFiles = () => readdirSync(ROUTES_DIR).filter((f) => /\.(tsx?|jsx?)$/.test(f) && !/\.test\./.test(f));
const routeName = (file: string) => file.replace(/\.(tsx?|jsx?)$/, "");
const isResource = (file: string) => !/^export default /m.test(readFileSync(path.join(ROUTES_DIR, file), "utf8"));

/** The URL a route's loader data is read from: pages through Remix's `_data` (the route id), resource routes directly. */
function dataUrl(file: string): string {
  const target = MATRIX[routeName(file)].path();
  if (isResource(file)) return target;
  return `${target}${target.includes("?") ? "&" : "?"}_data=${encodeURIComponent(`routes/${routeName(file)}`)}`;
}

async function outcomeOf(response: Response): Promise<Outcome> {
  // A redirect thrown by a loader comes back to a `_data` request as 204 with X-Remix-Redirect.
  const location = response.headers.get("x-remix-redirect") ?? (response.status >= 300 && response.status < 400 ? response.headers.get("location") : null);
  if (location !== null) return location.startsWith("/dang-nhap") ? "login" : `→ ${location}`;
  return String(response.status);
}

/** What a reader would read in a response: the cells of a workbook, the text of a PDF, else the body as text. */
async function readable(response: Response): Promise<string> {
  const type = response.headers.get("content-type") ?? "";
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (type.includes("spreadsheetml")) {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
    const cells: string[] = [];
    for (const sheet of book.worksheets) sheet.eachRow((row) => (row.values as unknown[]).forEach((v) => v !== undefined && v !== null && cells.push(String(v))));
    return cells.join("\n");
  }
  if (type.includes("application/pdf")) {
    const { text } = await extractText(await getDocumentProxy(bytes), { mergePages: true });
    return text;
  }
  return new TextDecoder().decode(bytes);
}

// Compared without whitespace: a PDF may break a name or a position across lines.
const squash = (s: string) => s.normalize("NFC").replace(/\s+/g, "");
function expectAbsent(body: string, needles: string[], where: string) {
  const text = squash(body);
  for (const needle of needles) expect(text.includes(squash(needle)), `${where} must not contain "${needle}"`).toBe(false);
}
function expectPresent(body: string, needles: string[], where: string) {
  const text = squash(body);
  for (const needle of needles) expect(text.includes(squash(needle)), `${where} should contain "${needle}"`).toBe(true);
}

const names = (keys: Key[]) => keys.map((k) => PEOPLE[k].name);
const positions = (keys: Key[]) => keys.map((k) => PEOPLE[k].position);
const everyone = Object.keys(PEOPLE) as Key[];
const outsideCommune: Key[] = everyone.filter((k) => k !== "O2");

/** While the proposal is unpublished and the ranking private: what each role must never read anywhere. */
const FORBIDDEN_WHILE_DRAFT: Record<Role, string[]> = {
  anonymous: [...names(everyone), ...positions(everyone), CONTESTANT_NAME],
  contestant: [...names(everyone), ...positions(everyone)],
  subLeader: [...names(outsideDepartment), ...positions(outsideDepartment), CONTESTANT_NAME],
  communeLeader: [...names(outsideCommune), ...positions(outsideCommune), CONTESTANT_NAME],
  provinceLeader: [],
  organizer: [],
  admin: [],
};

// --- The private contest -----------------------------------------------------------------------

const DAY = 24 * 3600 * 1000;

async function addEntry(userId: number, score: number, seconds: number): Promise<string> {
  const finishedAt = new Date(Date.now() - 2 * DAY - 3600_000 + seconds * 1000);
  const { id } = await app.db
    .insertInto("entries")
    .values({
      round_id: roundId,
      user_id: userId,
      attempt_no: 1,
      status: "submitted",
      started_at: new Date(finishedAt.getTime() - 60_000),
      deadline: new Date(finishedAt.getTime() + 600_000),
      finished_at: finishedAt,
      question_count: 20,
      score,
      correct_count: score / 5,
      duration_ms: 60_000,
      group_id: groupId,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return id;
}
let groupId: number;

async function login(email: string) {
  const client = app.client();
  await client.login(email, DEMO_PASSWORD);
  return client;
}

const awards = () => `${q()}/khen-thuong`;
const ACTION = `?index&_data=${encodeURIComponent("routes/quan-ly.cuoc-thi.$id.khen-thuong._index")}`;
async function organizerPost(fields: Record<string, string | number>) {
  const response = await clients.organizer.postForm(`${awards()}${ACTION}`, fields);
  expect(response.status, await response.clone().text()).toBe(200);
}

beforeAll(async () => {
  app = await startTestApp();
  for (const u of await app.db.selectFrom("units").select(["id", "code"]).execute()) unit[u.code] = u.id;
  const demo = await app.db.selectFrom("rounds").select(["blueprint", "bank_id"]).where("number", "=", 1).executeTakeFirstOrThrow();

  slug = "thi-rieng-tu";
  ({ id: contestId } = await app.db
    .insertInto("contests")
    .values({ slug, title: "Hội thi không công khai xếp hạng", rules: "Thể lệ", owner_unit_id: unit.MH, status: "published", ranking_public: false })
    .returning("id")
    .executeTakeFirstOrThrow());
  ({ id: groupId } = await app.db.insertInto("contest_groups").values({ contest_id: contestId, name: "Bảng chung" }).returning("id").executeTakeFirstOrThrow());
  await app.db.insertInto("contest_group_units").values({ group_id: groupId, unit_id: unit.MH }).execute();
  ({ id: roundId } = await app.db
    .insertInto("rounds")
    .values({
      contest_id: contestId,
      number: 1,
      title: "Tuần 1",
      opens_at: new Date(Date.now() - 3 * DAY),
      closes_at: new Date(Date.now() - 2 * DAY),
      time_limit_seconds: 900,
      bank_id: demo.bank_id,
      question_count: 20,
      blueprint: JSON.stringify(demo.blueprint),
      points_per_question: 5,
      max_entries: 3,
    })
    .returning("id")
    .executeTakeFirstOrThrow());

  ids.contestant = (await app.db.selectFrom("users").select("id").where("email", "=", "thisinh@demo.cchc.vn").executeTakeFirstOrThrow()).id;
  for (const [key, person] of Object.entries(PEOPLE) as [Key, (typeof PEOPLE)[Key]][]) {
    const { id } = await app.db
      .insertInto("users")
      .values({ full_name: person.name, email: `${key.toLowerCase()}@matrix.example.vn`, password_hash: "x", unit_id: unit[person.unit], position: person.position })
      .returning("id")
      .executeTakeFirstOrThrow();
    ids[key] = id;
  }
  for (const userId of Object.values(ids)) await app.db.insertInto("contest_participants").values({ contest_id: contestId, user_id: userId, group_id: groupId }).execute();
  for (const [i, key] of everyone.entries()) entryOf[key] = await addEntry(ids[key], PEOPLE[key].score, i);
  await addEntry(ids.contestant, 90, 10);
  await rebuildRankings(app.db, { contestId });

  // Leaders: one of a department (a sub-unit), one of the province; the demo leader leads a ward.
  await createAccount(app.db, { fullName: "Lãnh Đạo Sở Nội Vụ", login: { kind: "email", email: "lanhdao-snv@matrix.example.vn" }, password: DEMO_PASSWORD, unitId: unit["MH-SNV"], role: "leader" });
  await createAccount(app.db, { fullName: "Lãnh Đạo Tỉnh", login: { kind: "email", email: "lanhdao-tinh@matrix.example.vn" }, password: DEMO_PASSWORD, unitId: unit.MH, role: "leader" });
  clients.anonymous = app.client();
  clients.contestant = await login("thisinh@demo.cchc.vn");
  clients.subLeader = await login("lanhdao-snv@matrix.example.vn");
  clients.communeLeader = await login("lanhdao@demo.cchc.vn");
  clients.provinceLeader = await login("lanhdao-tinh@matrix.example.vn");
  clients.organizer = await login("bantochuc@demo.cchc.vn");
  clients.admin = await login("quantri@demo.cchc.vn");

  // Prizes for the round: Nhất 1, Nhì 2, Ba 2 (O1, I1, the contestant, O2, I2) and two collective prizes by participants.
  const f = (name: string) => `round:${roundId}.all.${name}`;
  await organizerPost({
    intent: "structure",
    [f("enabled")]: "on",
    [f("first")]: 1,
    [f("second")]: 2,
    [f("third")]: 2,
    [f("consolation")]: 0,
    [f("collective")]: "on",
    [f("metric")]: "participants",
    [f("c_first")]: 1,
    [f("c_second")]: 1,
    [f("minParticipants")]: 1,
  });
  await organizerPost({ intent: "disqualify-row", userId: ids.O3, kind: "entry", entryId: entryOf.O3, reason: "Bài thi có dấu hiệu thi hộ, có biên bản" });

  // A real entry of the contestant (the demo contest), and an export job of the organizer's.
  const demoRound = await app.db.selectFrom("rounds").innerJoin("contests", "contests.id", "rounds.contest_id").select(["rounds.id", "contests.slug"]).where("contests.id", "<>", contestId).executeTakeFirstOrThrow();
  entryId = await startEntryViaHttp(clients.contestant, demoRound.slug, demoRound.id);
  questionId = (await app.db.selectFrom("questions").select("id").executeTakeFirstOrThrow()).id;
  const started = await clients.organizer.postForm(`${q()}/xuat`, { kind: "ranking", round: roundId });
  expect(started.status).toBe(302);
  jobId = /\/quan-ly\/xuat\/([0-9a-f-]{36})$/.exec(started.headers.get("location") ?? "")![1];
  for (let i = 0; ; i++) {
    const job = await app.db.selectFrom("export_jobs").select("status").where("id", "=", jobId).executeTakeFirstOrThrow();
    if (job.status === "done") break;
    if (job.status === "failed" || i > 400) throw new Error(`export job ${job.status}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}, 120_000);
afterAll(() => app?.close());

describe("the access matrix", () => {
  it("has exactly one row per route in app/routes", () => {
    expect(Object.keys(MATRIX).sort()).toEqual(routeFiles().map(routeName).sort());
  });

  it("answers each role as the matrix says, and no response carries anyone's name or position the role may not read", async () => {
    const seen: Record<string, Record<Role, Outcome>> = {};
    const expected: Record<string, Record<Role, Outcome>> = {};
    for (const file of routeFiles()) {
      const name = routeName(file);
      const url = dataUrl(file);
      seen[name] = {} as Record<Role, Outcome>;
      expected[name] = MATRIX[name].expect;
      for (const role of ROLES) {
        const response = await clients[role].get(url);
        seen[name][role] = await outcomeOf(response);
        expectAbsent(await readable(response), FORBIDDEN_WHILE_DRAFT[role], `${role} ${url}`);
      }
    }
    expect(seen).toEqual(expected);
  }, 120_000);
});

const get = async (role: Role, url: string) => {
  const response = await clients[role].get(url);
  return { status: await outcomeOf(response.clone()), body: await readable(response) };
};
const data = (url: string, routeId: string) => `${url}${url.includes("?") ? "&" : "?"}_data=${encodeURIComponent(routeId)}`;
const AWARDS_PAGE = () => data(awards(), "routes/quan-ly.cuoc-thi.$id.khen-thuong._index");
const PRINT_PAGE = () => data(`${awards()}/in`, "routes/quan-ly.cuoc-thi.$id.khen-thuong.in");
const PUBLIC_RESULTS = () => data(`${c()}/ket-qua`, "routes/cuoc-thi.$slug.ket-qua");
const RANKING = () => data(`${c()}/xep-hang`, "routes/cuoc-thi.$slug.xep-hang");
const AWARD_READS = () => [AWARDS_PAGE(), PRINT_PAGE(), `${awards()}/de-nghi.xlsx`, `${awards()}/de-nghi.pdf`];

describe("the unpublished proposal of a private contest", () => {
  it("shows a department's leader their own people with their details, and nobody from outside", async () => {
    for (const url of AWARD_READS()) {
      const { status, body } = await get("subLeader", url);
      expect(status, url).toBe("200");
      expectPresent(body, [...names(["I1", "I2"]), ...positions(["I1", "I2"])], `subLeader ${url}`);
      expectAbsent(body, [...names(outsideDepartment), ...positions(outsideDepartment), CONTESTANT_NAME, "Sở Tài chính"], `subLeader ${url}`);
    }
    // The page says the list is held to the leader's unit.
    expect((await get("subLeader", AWARDS_PAGE())).body).toContain("Sở Nội vụ");
    // The ward's leader sees the one winner of the ward's centre.
    const ward = await get("communeLeader", `${awards()}/de-nghi.xlsx`);
    expectPresent(ward.body, [PEOPLE.O2.name, PEOPLE.O2.position], "communeLeader xlsx");
    expectAbsent(ward.body, [...names(outsideCommune), CONTESTANT_NAME], "communeLeader xlsx");
  });

  it("shows the province's leaders and the organizers all of it, the disqualification to the organizers' page too", async () => {
    for (const role of ["provinceLeader", "organizer", "admin"] as const) {
      for (const url of AWARD_READS()) {
        const { body } = await get(role, url);
        expectPresent(body, [...names(["O1", "I1", "O2", "I2"]), CONTESTANT_NAME, PEOPLE.O1.position], `${role} ${url}`);
      }
    }
    expectPresent((await get("organizer", AWARDS_PAGE())).body, [PEOPLE.O3.name, "Bài thi có dấu hiệu thi hộ"], "organizer page");
  });

  it("keeps draft certificates with the organizers", async () => {
    for (const role of ["subLeader", "communeLeader", "provinceLeader"] as const) {
      const { status, body } = await get(role, `${awards()}/giay-chung-nhan.pdf`);
      expect(status).toBe("403");
      expect(body).toContain("sau khi ban tổ chức công bố kết quả");
    }
    expectPresent((await get("organizer", `${awards()}/giay-chung-nhan.pdf`)).body, ["DỰ THẢO", PEOPLE.O1.name], "organizer certificates");
    expect(savedName(await clients.organizer.get(`${awards()}/giay-chung-nhan.pdf`))).toBe("Giấy chứng nhận - Hội thi không công khai xếp hạng - Dự thảo.pdf");
    expect(savedName(await clients.organizer.get(`${awards()}/de-nghi.pdf`))).toBe("Đề nghị khen thưởng - Hội thi không công khai xếp hạng - Dự thảo.pdf");
    // Each download of other people's personal data goes to the account log (written once the file is sent).
    const organizer = await app.db.selectFrom("users").select("id").where("email", "=", "bantochuc@demo.cchc.vn").executeTakeFirstOrThrow();
    await expect
      .poll(() =>
        app.db
          .selectFrom("account_events")
          .select("details")
          .where("kind", "=", "personal_data_downloaded")
          .where("actor_id", "=", organizer.id)
          .execute()
          .then((rows) => rows.map((r) => r.details.file)),
      )
      .toContain("Giấy chứng nhận của người đạt giải");
    // Refused downloads are not downloads.
    const leaders = await app.db.selectFrom("users").select("id").where("role", "=", "leader").execute();
    const leaderDownloads = await app.db
      .selectFrom("account_events")
      .select("details")
      .where("kind", "=", "personal_data_downloaded")
      .where("actor_id", "in", leaders.map((l) => l.id))
      .execute();
    expect(leaderDownloads.map((r) => r.details.file)).not.toContain("Giấy chứng nhận của người đạt giải");
  });

  it("gives leaders nothing of the awards of a contest still in draft", async () => {
    const { id } = await app.db
      .insertInto("contests")
      .values({ slug: "thi-chua-cong-bo", title: "Hội thi đang soạn", rules: "Thể lệ", owner_unit_id: unit.MH, status: "draft" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const page = data(`/quan-ly/cuoc-thi/${id}/khen-thuong`, "routes/quan-ly.cuoc-thi.$id.khen-thuong._index");
    for (const role of ["subLeader", "communeLeader", "provinceLeader"] as const) {
      for (const url of [page, `/quan-ly/cuoc-thi/${id}/khen-thuong/de-nghi.xlsx`]) {
        const { status, body } = await get(role, url);
        expect(status, `${role} ${url}`).toBe("404");
        expect(body).not.toContain("Hội thi đang soạn");
      }
    }
    expect((await get("organizer", page)).status).toBe("200");
  });

  it("holds the private ranking to the leader's subtree and shows visitors and contestants nobody else", async () => {
    const own = await get("subLeader", RANKING());
    expectPresent(own.body, names(inside), "subLeader ranking");
    expectAbsent(own.body, [...names(outsideDepartment), CONTESTANT_NAME], "subLeader ranking");
    for (const role of ["anonymous", "contestant"] as const) expect(JSON.parse((await get(role, RANKING())).body).board).toBeNull();
  });
});

describe("the published results of a private contest", () => {
  beforeAll(async () => {
    await organizerPost({ intent: "publish", confirm: "on" });
  });

  it("shows a department's leader every winner's name and unit, details only of their own people", async () => {
    for (const url of [PRINT_PAGE(), `${awards()}/de-nghi.xlsx`, `${awards()}/de-nghi.pdf`]) {
      const { status, body } = await get("subLeader", url);
      expect(status, url).toBe("200");
      expectPresent(body, [...names(["O1", "I1", "O2", "I2"]), CONTESTANT_NAME, ...positions(["I1", "I2"])], `subLeader ${url}`);
      expectAbsent(body, [...positions(outsideDepartment), PEOPLE.O3.name], `subLeader ${url}`);
    }
    // The page's own proposal is still the organizers' working copy: held to the subtree.
    expectAbsent((await get("subLeader", AWARDS_PAGE())).body, [...names(outsideDepartment), ...positions(outsideDepartment), CONTESTANT_NAME], "subLeader page");
  });

  it("lets leaders download the certificates of their own people only, the province's leaders all of them", async () => {
    const own = await get("subLeader", `${awards()}/giay-chung-nhan.pdf`);
    expect(own.status).toBe("200");
    expectPresent(own.body, [PEOPLE.I1.name, PEOPLE.I2.name], "subLeader certificates");
    expectAbsent(own.body, [...names(outsideDepartment), CONTESTANT_NAME], "subLeader certificates");
    const province = await get("provinceLeader", `${awards()}/giay-chung-nhan.pdf`);
    expectPresent(province.body, [PEOPLE.O1.name, PEOPLE.I1.name, CONTESTANT_NAME], "provinceLeader certificates");
  });

  it("gives a winner their own certificate and nobody else's, whatever their role", async () => {
    const mine = await get("contestant", `${c()}/giay-chung-nhan`);
    expect(mine.status).toBe("200");
    expectPresent(mine.body, [CONTESTANT_NAME], "own certificate");
    expectAbsent(mine.body, names(everyone), "own certificate");
    for (const role of ["subLeader", "provinceLeader", "organizer"] as const) expect((await get(role, `${c()}/giay-chung-nhan`)).status).toBe("404");
  });

  it("sends the public results page names, units and prizes only: no ids, positions, scores or times", async () => {
    for (const role of ROLES) {
      const { status, body } = await get(role, PUBLIC_RESULTS());
      expect(status).toBe("200");
      expectPresent(body, [...names(["O1", "I1", "O2", "I2"]), CONTESTANT_NAME, "Sở Nội vụ"], `${role} results`);
      expectAbsent(body, [...positions(everyone), PEOPLE.O3.name, "thi hộ"], `${role} results`);
      for (const key of ["userId", "entryId", "unitId", "position", "score", "durationMs", "finishedAt", "rank", "version"]) expect(body, `${role} results: ${key}`).not.toContain(`"${key}"`);
    }
  });
});

/**
 * The name a download is saved under, after checking that its header follows the one rule
 * (http/download-name.ts): the Vietnamese name in filename*, its unaccented form in filename.
 */
function savedName(response: Response): string {
  const header = response.headers.get("content-disposition") ?? "";
  const match = /^attachment; filename="([a-z0-9.-]+)"; filename\*=UTF-8''([A-Za-z0-9%._~!$&+^`|-]+)$/.exec(header);
  expect(match, `Content-Disposition of ${response.url}: ${header}`).not.toBeNull();
  const name = decodeURIComponent(match![2]);
  expect(match![1]).toBe(asciiFileName(name));
  expect(name).toBe(name.normalize("NFC"));
  return name;
}

describe("every download", () => {
  it("builds its Content-Disposition with the one function", () => {
    const sources = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? sources(path.join(dir, d.name)) : /\.tsx?$/.test(d.name) && !d.name.includes(".test.") ? [path.join(dir, d.name)] : []));
    for (const file of sources(path.resolve("app"))) {
      for (const line of readFileSync(file, "utf8").split("\n").filter((l) => l.includes('"Content-Disposition"'))) {
        expect(line, file).toMatch(/"Content-Disposition": attachment\(/);
      }
    }
  });

  it("is saved under a Vietnamese name with its diacritics, the same rule for every file", async () => {
    const today = fileNameDate(new Date());
    const downloads: [Role, string, string][] = [
      ["organizer", "/quan-ly/mau-cau-hoi.xlsx", "Mẫu nhập câu hỏi.xlsx"],
      ["organizer", "/quan-ly/mau-don-vi.xlsx", "Mẫu cây đơn vị.xlsx"],
      ["organizer", "/quan-ly/mau-tai-khoan.xlsx", "Mẫu tạo tài khoản.xlsx"],
      ["subLeader", "/quan-ly/mau-danh-sach-can-bo.xlsx", "Mẫu danh sách cán bộ.xlsx"],
      ["organizer", "/quan-ly/don-vi/xuat.xlsx", `Cây đơn vị - ${today}.xlsx`],
      ["organizer", "/quan-ly/ngan-hang/test-bank/xuat.xlsx", `Ngân hàng câu hỏi - Ngân hàng kiểm thử - ${today}.xlsx`],
      ["organizer", "/quan-ly/ngan-hang/test-bank/xuat.yaml", `Ngân hàng câu hỏi - Ngân hàng kiểm thử - ${today}.yaml`],
      ["organizer", `${awards()}/de-nghi.pdf`, "Đề nghị khen thưởng - Hội thi không công khai xếp hạng - Công bố lần 1.pdf"],
      ["organizer", `${awards()}/de-nghi.xlsx`, "Đề nghị khen thưởng - Hội thi không công khai xếp hạng - Công bố lần 1.xlsx"],
      ["organizer", `${awards()}/giay-chung-nhan.pdf`, "Giấy chứng nhận - Hội thi không công khai xếp hạng - Công bố lần 1.pdf"],
      ["contestant", `${c()}/giay-chung-nhan`, "Giấy chứng nhận - Hội thi không công khai xếp hạng.pdf"],
      ["organizer", `/quan-ly/xuat/${jobId}/tai-ve`, "Bảng xếp hạng cá nhân - Hội thi không công khai xếp hạng - Đợt 1 Tuần 1.xlsx"],
    ];
    // Every resource route that answers a file is in the list.
    const listed = new Set(downloads.map(([, url]) => url.split("?")[0]));
    for (const file of routeFiles().filter(isResource)) {
      const response = await clients.organizer.get(MATRIX[routeName(file)].path());
      if (response.headers.has("content-disposition")) expect(listed.has(MATRIX[routeName(file)].path()), file).toBe(true);
    }
    for (const [role, url, expected] of downloads) {
      const response = await clients[role].get(url);
      expect(response.status, url).toBe(200);
      expect(savedName(response), url).toBe(expected);
    }
  });
});

describe("the public ranking's data", () => {
  it("carries the columns the page shows and nothing else: no ids, positions or timestamps", async () => {
    await app.db.updateTable("contests").set({ ranking_public: true }).where("id", "=", contestId).execute();
    try {
      for (const role of ["anonymous", "contestant", "subLeader"] as const) {
        const { body } = await get(role, RANKING());
        expectPresent(body, [PEOPLE.O1.name, PEOPLE.I1.name], `${role} ranking`);
        expectAbsent(body, positions(everyone), `${role} ranking`);
        const rows = (JSON.parse(body) as { board: { ranking: { rows: Record<string, unknown>[] } } }).board.ranking.rows;
        for (const row of rows) expect(Object.keys(row).sort()).toEqual(["durationMs", "fullName", "isMe", "prediction", "predictionDistance", "rank", "score", "unitLabel"]);
        expect(rows.filter((row) => row.isMe).map((row) => row.fullName)).toEqual(role === "contestant" ? [CONTESTANT_NAME] : []);
        expect(body).not.toContain(`"userId"`);
      }
    } finally {
      await app.db.updateTable("contests").set({ ranking_public: false }).where("id", "=", contestId).execute();
    }
  });
});
