import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertUnitTree, type UnitSpec } from "~/units/units.server";
import { DEMO_PASSWORD, startTestApp, type TestApp, type TestClient } from "../support/test-app";
import { startEntry, submitEntry } from "~/entries/entries.server";
import { allUnitRows, personRank } from "~/rankings/rankings.server";
import { demoRound } from "../support/entries";

let app: TestApp;
let organizer: TestClient;

beforeAll(async () => {
  app = await startTestApp();
  organizer = app.client();
  await organizer.login("bantochuc@demo.cchc.vn", DEMO_PASSWORD);
});
afterAll(() => app.close());

const unitByCode = (code: string) => app.db.selectFrom("units").selectAll().where("code", "=", code).executeTakeFirstOrThrow();
const countOf = async (table: "units" | "unit_events" | "users") =>
  Number((await app.db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow()).n);
const eventsOf = (unitId: number) => app.db.selectFrom("unit_events").selectAll().where("unit_id", "=", unitId).orderBy("id").execute();

/** Every unit's path is its parent's path plus its own id, and its depth one more than its parent's. */
async function expectConsistentPaths() {
  const units = await app.db.selectFrom("units").select(["id", "parent_id", "path", "depth"]).execute();
  const byId = new Map(units.map((u) => [u.id, u]));
  for (const unit of units) {
    const parent = unit.parent_id === null ? null : byId.get(unit.parent_id)!;
    expect(unit.path, `path of unit ${unit.id}`).toBe(`${parent?.path ?? ""}${unit.id}.`);
    expect(unit.depth, `depth of unit ${unit.id}`).toBe(parent ? parent.depth + 1 : 0);
  }
}

let serial = 0;
async function addPerson(unitId: number) {
  serial++;
  const { id } = await app.db
    .insertInto("users")
    .values({ full_name: `Người thử ${serial}`, email: `nguoi.thu.${serial}.${Date.now()}@example.vn`, password_hash: "x", unit_id: unitId })
    .returning("id")
    .executeTakeFirstOrThrow();
  return id;
}

/** A unit tree under an existing parent (by code). */
async function addTree(parentCode: string, spec: UnitSpec) {
  const parent = await unitByCode(parentCode);
  return insertUnitTree(app.db, spec, { id: parent.id, path: parent.path, depth: parent.depth });
}

const sub = (code: string, name: string, children: UnitSpec[] = [], headcount = 5): UnitSpec => ({ code, name, kind: "sub_unit", headcount, children });

const post = (path: string, fields: Record<string, string | number>) => organizer.postForm(path, fields);

describe("who may manage units", () => {
  it("refuses contestants and leaders on every page, file and form with a Vietnamese 403, and changes nothing", async () => {
    const snv = await unitByCode("MH-SNV");
    const before = { units: await countOf("units"), events: await countOf("unit_events") };
    const pages = [
      "/quan-ly/don-vi",
      "/quan-ly/don-vi/moi",
      `/quan-ly/don-vi/${snv.id}`,
      "/quan-ly/don-vi/nhap",
      "/quan-ly/don-vi/lich-su",
      "/quan-ly/don-vi/xuat.xlsx",
      "/quan-ly/mau-don-vi.xlsx",
    ];
    for (const login of ["thisinh@demo.cchc.vn", "lanhdao@demo.cchc.vn"]) {
      const client = app.client();
      await client.login(login, DEMO_PASSWORD);
      for (const page of pages) {
        const response = await client.get(page);
        expect(response.status, `${login} GET ${page}`).toBe(403);
        expect(await response.text()).toContain("Bạn không có quyền truy cập trang này.");
      }
      const add = await client.postForm("/quan-ly/don-vi/moi", { code: "MH-LA", name: "Đơn vị lạ", kind: "other", headcount: "1", topLevel: "on" });
      expect(add.status).toBe(403);
      const edit = await client.postForm(`/quan-ly/don-vi/${snv.id}`, { intent: "edit", name: "Đổi tên trái phép", kind: "department", headcount: "1" });
      expect(edit.status).toBe(403);
      const retire = await client.postForm(`/quan-ly/don-vi/${snv.id}`, { intent: "retire", reason: "Không được phép" });
      expect(retire.status).toBe(403);
    }
    expect(await countOf("units")).toBe(before.units);
    expect(await countOf("unit_events")).toBe(before.events);
    expect((await unitByCode("MH-SNV")).name).toBe("Sở Nội vụ");
  });

  it("lets organizers and admins in, and links the pages from the organizer home", async () => {
    const admin = app.client();
    await admin.login("quantri@demo.cchc.vn", DEMO_PASSWORD);
    expect((await admin.get("/quan-ly/don-vi")).status).toBe(200);
    expect(await (await organizer.get("/quan-ly")).text()).toContain('href="/quan-ly/don-vi"');
  });
});

describe("the tree page", () => {
  it("shows codes, kinds, own and subtree headcounts and people", async () => {
    const html = await (await organizer.get("/quan-ly/don-vi")).text();
    const snv = await unitByCode("MH-SNV");
    // Sở Nội vụ: 95 own + 9 + 10 + 11 in its three rooms.
    expect(html).toMatch(new RegExp(`href="/quan-ly/don-vi/${snv.id}">Sở Nội vụ</a></td><td style="white-space:nowrap" data-label="Mã"><code>MH-SNV</code></td><td class="wide-only small" data-label="Loại">Sở, ban, ngành</td><td class="num" data-label="Biên chế riêng">95</td><td class="num" data-label="Biên chế cả khối">125</td>`));
  });

  it("finds units by name or code without diacritics, showing each under its ancestors", async () => {
    const html = await (await organizer.get(`/quan-ly/don-vi?q=${encodeURIComponent("phong cai cach")}`)).text();
    expect(html).toContain("Sở Nội vụ › Phòng Cải cách hành chính");
    expect(html).not.toContain(">Sở Tư pháp<");
    const byCode = await (await organizer.get("/quan-ly/don-vi?q=mh-stp")).text();
    expect(byCode).toContain(">Sở Tư pháp<");
    const none = await (await organizer.get("/quan-ly/don-vi?q=khong-co-don-vi-nay")).text();
    expect(none).toContain("Không có đơn vị nào khớp với tìm kiếm.");
  });
});

describe("adding a unit", () => {
  it("adds a unit under a parent with the right path and depth, upper-cases the code, and logs it", async () => {
    const parent = await unitByCode("MH-STP");
    const response = await post("/quan-ly/don-vi/moi", { code: " mh-stp-ht ", name: "Phòng Hộ tịch", kind: "sub_unit", headcount: "7", parentId: parent.id });
    expect(response.status).toBe(302);
    const unit = await unitByCode("MH-STP-HT");
    expect(response.headers.get("location")).toBe(`/quan-ly/don-vi/${unit.id}?da=them`);
    expect(unit).toMatchObject({ parent_id: parent.id, path: `${parent.path}${unit.id}.`, depth: parent.depth + 1, name: "Phòng Hộ tịch", kind: "sub_unit", headcount: 7 });
    const events = await eventsOf(unit.id);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ action: "unit.created", details: expect.objectContaining({ code: "MH-STP-HT", headcount: 7 }) });
    const page = await (await organizer.get(`/quan-ly/don-vi/${unit.id}?da=them`)).text();
    expect(page).toContain("Đã thêm đơn vị.");
    expect(page).toContain("Thêm đơn vị");
  });

  it("adds a unit at the top level", async () => {
    expect((await post("/quan-ly/don-vi/moi", { code: "MH-TOP", name: "Đơn vị độc lập", kind: "other", headcount: "0", topLevel: "on" })).status).toBe(302);
    expect(await unitByCode("MH-TOP")).toMatchObject({ parent_id: null, depth: 0 });
    await expectConsistentPaths();
  });

  it("refuses a repeated post with the same code: one unit, one event, a clear message", async () => {
    const parent = await unitByCode("MH-STP");
    const fields = { code: "MH-STP-BT", name: "Phòng Bổ trợ tư pháp", kind: "sub_unit", headcount: "4", parentId: parent.id };
    expect((await post("/quan-ly/don-vi/moi", fields)).status).toBe(302);
    const events = await countOf("unit_events");
    const again = await post("/quan-ly/don-vi/moi", { ...fields, code: "mh-stp-bt" });
    expect(again.status).toBe(409);
    const html = await again.text();
    expect(html).toContain("Mã đơn vị “MH-STP-BT” đã được dùng cho “Phòng Bổ trợ tư pháp”. Hãy chọn mã khác.");
    expect(html).toContain('value="Phòng Bổ trợ tư pháp"');
    expect(await app.db.selectFrom("units").select("id").where("code", "ilike", "MH-STP-BT").execute()).toHaveLength(1);
    expect(await countOf("unit_events")).toBe(events);
  });

  it("gives field-level errors, keeps what was typed and adds nothing", async () => {
    const before = await countOf("units");
    const response = await post("/quan-ly/don-vi/moi", { code: "Sở mới", name: "X", kind: "làng", headcount: "-4", parentId: "" });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain("Mã đơn vị chỉ gồm chữ cái không dấu");
    expect(html).toContain("Vui lòng nhập tên đơn vị (ít nhất 2 ký tự)");
    expect(html).toContain("Vui lòng chọn loại đơn vị");
    expect(html).toContain("Số biên chế không được là số âm");
    expect(html).toContain("Vui lòng chọn đơn vị cấp trên, hoặc đánh dấu “Đơn vị cấp cao nhất”");
    expect(html).toContain('value="Sở mới"');
    expect(html).toContain('value="-4"');
    expect(await countOf("units")).toBe(before);
  });

  it("refuses a retired parent", async () => {
    const old = await addTree("MH", sub("MH-OLD-P", "Đơn vị cũ"));
    await app.db.updateTable("units").set({ retired_at: new Date() }).where("id", "=", old.id).execute();
    const response = await post("/quan-ly/don-vi/moi", { code: "MH-OLD-C", name: "Con của đơn vị cũ", kind: "sub_unit", headcount: "1", parentId: old.id });
    expect(response.status).toBe(409);
    expect(await response.text()).toContain("Đơn vị cấp trên “Đơn vị cũ” đã ngừng hoạt động.");
    expect(await app.db.selectFrom("units").select("id").where("code", "=", "MH-OLD-C").executeTakeFirst()).toBeUndefined();
  });
});

describe("editing a unit", () => {
  it("saves name, kind and headcount and logs what changed; saving again logs nothing", async () => {
    const unit = await addTree("MH", sub("MH-ED", "Ban cũ tên"));
    const fields = { intent: "edit", name: "Ban mới tên", kind: "department", headcount: "12" };
    const response = await post(`/quan-ly/don-vi/${unit.id}`, fields);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("Đã lưu thông tin đơn vị.");
    expect(await unitByCode("MH-ED")).toMatchObject({ name: "Ban mới tên", kind: "department", headcount: 12 });
    const again = await post(`/quan-ly/don-vi/${unit.id}`, fields);
    expect(await again.text()).toContain("Không có gì thay đổi.");
    const events = await eventsOf(unit.id);
    expect(events).toHaveLength(1);
    expect(events[0].details).toEqual({
      name: { from: "Ban cũ tên", to: "Ban mới tên" },
      kind: { from: "sub_unit", to: "department" },
      headcount: { from: 5, to: 12 },
    });
  });

  it("refuses bad values field by field, keeps them, and changes nothing", async () => {
    const unit = await addTree("MH", sub("MH-ED2", "Ban giữ nguyên"));
    const response = await post(`/quan-ly/don-vi/${unit.id}`, { intent: "edit", name: "Tên mới hợp lệ", kind: "department", headcount: "2,5" });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain("Số biên chế phải là số nguyên");
    expect(html).toContain('value="Tên mới hợp lệ"');
    expect(await unitByCode("MH-ED2")).toMatchObject({ name: "Ban giữ nguyên", headcount: 5 });
    expect(await eventsOf(unit.id)).toHaveLength(0);
  });

  it("answers 404 for a unit that does not exist", async () => {
    expect((await organizer.get("/quan-ly/don-vi/99999999")).status).toBe(404);
    expect((await organizer.get("/quan-ly/don-vi/abc")).status).toBe(404);
  });
});

describe("moving a unit", () => {
  it("moves a deep subtree and rewrites the path and depth of every unit in it", async () => {
    await addTree("MH-SNV", sub("MH-D1", "Cấp 1", [sub("MH-D2", "Cấp 2", [sub("MH-D3", "Cấp 3", [sub("MH-D4", "Cấp 4", [sub("MH-D5", "Cấp 5")])]), sub("MH-D2B", "Cấp 2 nhánh B")])]));
    const d1 = await unitByCode("MH-D1");
    const target = await unitByCode("MH-SKHCN-CDS");
    const person = await addPerson((await unitByCode("MH-D4")).id);
    const response = await post(`/quan-ly/don-vi/${d1.id}`, { intent: "move", parentId: target.id, reason: "Theo quyết định 12/QĐ-UBND" });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("Đã chuyển đơn vị (6 đơn vị kể cả các đơn vị trực thuộc).");
    const d5 = await unitByCode("MH-D5");
    expect(d5.path.startsWith(`${target.path}${d1.id}.`)).toBe(true);
    expect(d5.depth).toBe(target.depth + 5);
    await expectConsistentPaths();
    // People stay in their unit, which now lies under the new parent.
    expect((await app.db.selectFrom("users").select("unit_id").where("id", "=", person).executeTakeFirstOrThrow()).unit_id).toBe((await unitByCode("MH-D4")).id);
    const [event] = await eventsOf(d1.id);
    expect(event).toMatchObject({ action: "unit.moved", reason: "Theo quyết định 12/QĐ-UBND", details: expect.objectContaining({ subtreeSize: 6, to: expect.objectContaining({ code: "MH-SKHCN-CDS" }) }) });
  });

  it("moves a unit to the top level and back", async () => {
    const unit = await addTree("MH-STC", sub("MH-MV", "Phòng di chuyển", [sub("MH-MV-1", "Tổ 1")]));
    expect((await post(`/quan-ly/don-vi/${unit.id}`, { intent: "move", topLevel: "on" })).status).toBe(200);
    expect(await unitByCode("MH-MV")).toMatchObject({ parent_id: null, depth: 0, path: `${unit.id}.` });
    expect(await unitByCode("MH-MV-1")).toMatchObject({ depth: 1 });
    const stc = await unitByCode("MH-STC");
    expect((await post(`/quan-ly/don-vi/${unit.id}`, { intent: "move", parentId: stc.id })).status).toBe(200);
    expect(await unitByCode("MH-MV-1")).toMatchObject({ depth: stc.depth + 2, path: `${stc.path}${unit.id}.${(await unitByCode("MH-MV-1")).id}.` });
    await expectConsistentPaths();
  });

  it("refuses a move into the unit itself or its own descendant, and into a retired unit; nothing changes", async () => {
    const snv = await unitByCode("MH-SNV");
    const deep = await unitByCode("MH-SNV-CCHC");
    const before = await app.db.selectFrom("units").select(["id", "path", "parent_id"]).orderBy("id").execute();
    const intoChild = await post(`/quan-ly/don-vi/${snv.id}`, { intent: "move", parentId: deep.id });
    expect(intoChild.status).toBe(409);
    const html = await intoChild.text();
    expect(html).toContain("Không thể chuyển “Sở Nội vụ” vào “Phòng Cải cách hành chính” vì “Phòng Cải cách hành chính” là đơn vị trực thuộc của “Sở Nội vụ”.");
    const intoSelf = await post(`/quan-ly/don-vi/${snv.id}`, { intent: "move", parentId: snv.id });
    expect(await intoSelf.text()).toContain("Không thể chuyển một đơn vị vào chính nó.");
    const old = await unitByCode("MH-OLD-P");
    const intoRetired = await post(`/quan-ly/don-vi/${deep.id}`, { intent: "move", parentId: old.id });
    expect(await intoRetired.text()).toContain("Đơn vị cấp trên “Đơn vị cũ” đã ngừng hoạt động.");
    const missing = await post(`/quan-ly/don-vi/${deep.id}`, { intent: "move" });
    expect(missing.status).toBe(400);
    expect(await missing.text()).toContain("Vui lòng chọn đơn vị cấp trên mới");
    expect(await app.db.selectFrom("units").select(["id", "path", "parent_id"]).orderBy("id").execute()).toEqual(before);
  });

  it("does nothing when the unit is already there (a repeated post)", async () => {
    const unit = await unitByCode("MH-SNV-TCBC");
    const parent = await unitByCode("MH-SNV");
    const response = await post(`/quan-ly/don-vi/${unit.id}`, { intent: "move", parentId: parent.id });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("Đơn vị đã ở vị trí này; không có gì thay đổi.");
    expect(await eventsOf(unit.id)).toHaveLength(0);
  });
});

describe("merging units", () => {
  async function mergeFixture(suffix: string) {
    const a = await addTree("MH", sub(`MH-A${suffix}`, `Sở A${suffix}`, [sub(`MH-A${suffix}-1`, `Phòng A${suffix} một`, [sub(`MH-A${suffix}-1-1`, `Tổ A${suffix}`)]), sub(`MH-A${suffix}-2`, `Phòng A${suffix} hai`)], 30));
    const b = await addTree("MH", sub(`MH-B${suffix}`, `Sở B${suffix}`, [], 40));
    return { a: await unitByCode(`MH-A${suffix}`), b: await unitByCode(`MH-B${suffix}`) };
  }

  async function contestWithAudience(ownerUnitId: number, audienceUnitIds: number[]) {
    serial++;
    const contest = await app.db
      .insertInto("contests")
      .values({ slug: `sap-nhap-${serial}-${Date.now()}`, title: "Cuộc thi thử sáp nhập", rules: "Thể lệ thử", owner_unit_id: ownerUnitId })
      .returning("id")
      .executeTakeFirstOrThrow();
    const group = await app.db.insertInto("contest_groups").values({ contest_id: contest.id, name: "Bảng A" }).returning("id").executeTakeFirstOrThrow();
    await app.db.insertInto("contest_group_units").values(audienceUnitIds.map((unit_id) => ({ group_id: group.id, unit_id }))).execute();
    return { contestId: contest.id, groupId: group.id };
  }

  it("shows a confirm step naming what will move, and changes nothing until confirmed", async () => {
    const { a, b } = await mergeFixture("P");
    await addPerson(a.id);
    await addPerson(a.id);
    await contestWithAudience(a.id, [a.id]);
    const units = await countOf("units");
    const events = await countOf("unit_events");
    const response = await post(`/quan-ly/don-vi/${a.id}`, { intent: "merge-check", intoId: b.id, reason: "Quyết định sáp nhập số 5" });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain(`Sáp nhập “Sở AP” vào “Sở BP” (MH-BP)?`);
    expect(html).toContain("2 người dùng sẽ chuyển sang “Sở BP”");
    expect(html).toContain("2 đơn vị trực thuộc (3 đơn vị tính cả các cấp dưới) sẽ chuyển theo");
    expect(html).toContain("1 bảng thi và 1 cuộc thi sẽ chuyển sang đơn vị nhận");
    expect(html).toContain("Biên chế riêng 30 được cộng vào đơn vị nhận");
    expect(html).toContain("Xác nhận sáp nhập");
    expect(html).toContain('name="reason" value="Quyết định sáp nhập số 5"');
    expect(await countOf("units")).toBe(units);
    expect(await countOf("unit_events")).toBe(events);
    expect((await unitByCode("MH-AP")).retired_at).toBeNull();
  });

  it("moves people, children with their subtrees, audiences and contests, adds the headcount and retires the merged unit", async () => {
    const { a, b } = await mergeFixture("M");
    const people = [await addPerson(a.id), await addPerson(a.id), await addPerson(a.id)];
    const deepPerson = await addPerson((await unitByCode("MH-AM-1-1")).id);
    const onlyA = await contestWithAudience(a.id, [a.id]);
    const both = await contestWithAudience(b.id, [a.id, b.id]);

    const response = await post(`/quan-ly/don-vi/${a.id}`, { intent: "merge", intoId: b.id, reason: "Quyết định 99/QĐ-UBND" });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("Đã sáp nhập: 3 người dùng và 2 đơn vị trực thuộc đã chuyển sang đơn vị nhận.");

    const users = await app.db.selectFrom("users").select(["id", "unit_id"]).where("id", "in", [...people, deepPerson]).execute();
    for (const u of users) expect(u.unit_id).toBe(u.id === deepPerson ? (await unitByCode("MH-AM-1-1")).id : b.id);
    expect((await unitByCode("MH-AM-1")).parent_id).toBe(b.id);
    expect((await unitByCode("MH-AM-2")).parent_id).toBe(b.id);
    expect((await unitByCode("MH-AM-1-1")).path).toBe(`${b.path}${(await unitByCode("MH-AM-1")).id}.${(await unitByCode("MH-AM-1-1")).id}.`);
    await expectConsistentPaths();

    const audiences = await app.db.selectFrom("contest_group_units").selectAll().where("group_id", "in", [onlyA.groupId, both.groupId]).orderBy("group_id").execute();
    expect(audiences).toEqual([
      { group_id: onlyA.groupId, unit_id: b.id },
      { group_id: both.groupId, unit_id: b.id },
    ]);
    expect((await app.db.selectFrom("contests").select("owner_unit_id").where("id", "=", onlyA.contestId).executeTakeFirstOrThrow()).owner_unit_id).toBe(b.id);

    const mergedA = await unitByCode("MH-AM");
    expect(mergedA.retired_at).not.toBeNull();
    expect(mergedA.merged_into_id).toBe(b.id);
    expect((await unitByCode("MH-BM")).headcount).toBe(70);
    expect(Number((await app.db.selectFrom("users").select((eb) => eb.fn.countAll<string>().as("n")).where("unit_id", "=", a.id).executeTakeFirstOrThrow()).n)).toBe(0);

    const [merged] = await eventsOf(a.id);
    expect(merged).toMatchObject({ action: "unit.merged", reason: "Quyết định 99/QĐ-UBND", details: expect.objectContaining({ people: 3, children: 2, descendants: 3, audiences: 2, contests: 1 }) });
    expect((await eventsOf(b.id)).map((e) => e.action)).toEqual(["unit.received"]);

    const page = await (await organizer.get(`/quan-ly/don-vi/${a.id}`)).text();
    expect(page).toContain("Đã sáp nhập vào Sở BM");
    const history = await (await organizer.get("/quan-ly/don-vi/lich-su")).text();
    expect(history).toContain("Sáp nhập vào đơn vị khác");
    expect(history).toContain("Quyết định 99/QĐ-UBND");
  });

  it("carries the people's contest results into the receiving unit's ranking figures", async () => {
    const { a, b } = await mergeFixture("K");
    const round = await demoRound(app.db);
    const person = await addPerson(a.id);
    const { entryId } = await startEntry(app.db, { roundId: round.id, userId: person });
    await submitEntry(app.db, { entryId, userId: person });
    const scope = { kind: "round" as const, roundId: round.id };
    const before = new Map((await allUnitRows(app.db, { scope })).map((u) => [u.unitId, u]));
    expect(before.get(a.id)).toMatchObject({ participants: 1, entries: 1 });
    expect(before.get(b.id)).toMatchObject({ participants: 0, entries: 0 });

    const response = await post(`/quan-ly/don-vi/${a.id}`, { intent: "merge", intoId: b.id, reason: "Quyết định 100/QĐ-UBND" });
    expect(response.status).toBe(200);
    const after = new Map((await allUnitRows(app.db, { scope })).map((u) => [u.unitId, u]));
    expect(after.get(b.id)).toMatchObject({ participants: 1, entries: 1 });
    expect(after.get(a.id)?.participants ?? 0).toBe(0);
    const mine = await personRank(app.db, { scope, userId: person });
    expect(mine?.unitId).toBe(b.id);
  });

  it("refuses a repeated merge of a unit already merged, and changes nothing", async () => {
    const a = await unitByCode("MH-AM");
    const b = await unitByCode("MH-BM");
    const events = await countOf("unit_events");
    const again = await post(`/quan-ly/don-vi/${a.id}`, { intent: "merge", intoId: b.id, reason: "Quyết định 99/QĐ-UBND" });
    expect(again.status).toBe(409);
    expect(await again.text()).toContain("Đơn vị “Sở AM” đã được sáp nhập vào “Sở BM” trước đó.");
    expect((await unitByCode("MH-BM")).headcount).toBe(70);
    expect(await countOf("unit_events")).toBe(events);
  });

  it("refuses merging into itself, into its own descendant or into a retired unit", async () => {
    const { a } = await mergeFixture("R");
    const child = await unitByCode("MH-AR-1-1");
    const before = await app.db.selectFrom("units").select(["id", "path", "parent_id", "retired_at"]).orderBy("id").execute();
    const self = await post(`/quan-ly/don-vi/${a.id}`, { intent: "merge", intoId: a.id, reason: "Thử sáp nhập sai" });
    expect(self.status).toBe(409);
    expect(await self.text()).toContain("Không thể sáp nhập một đơn vị vào chính nó.");
    const descendant = await post(`/quan-ly/don-vi/${a.id}`, { intent: "merge-check", intoId: child.id, reason: "Thử sáp nhập sai" });
    expect(await descendant.text()).toContain("Không thể sáp nhập “Sở AR” vào “Tổ AR” vì “Tổ AR” là đơn vị trực thuộc của “Sở AR”.");
    const retired = await post(`/quan-ly/don-vi/${a.id}`, { intent: "merge", intoId: (await unitByCode("MH-AM")).id, reason: "Thử sáp nhập sai" });
    expect(await retired.text()).toContain("Đơn vị nhận “Sở AM” đã ngừng hoạt động.");
    const noReason = await post(`/quan-ly/don-vi/${a.id}`, { intent: "merge", intoId: (await unitByCode("MH-STP")).id, reason: "" });
    expect(noReason.status).toBe(400);
    expect(await noReason.text()).toContain("Vui lòng ghi rõ lý do sáp nhập");
    expect(await app.db.selectFrom("units").select(["id", "path", "parent_id", "retired_at"]).orderBy("id").execute()).toEqual(before);
  });
});

describe("retiring a unit", () => {
  it("refuses while people belong to it, telling to move or merge first", async () => {
    const unit = await addTree("MH", sub("MH-RT1", "Phòng còn người"));
    await addPerson(unit.id);
    const response = await post(`/quan-ly/don-vi/${unit.id}`, { intent: "retire", reason: "Giải thể theo quyết định" });
    expect(response.status).toBe(409);
    const html = await response.text();
    expect(html).toContain("Chưa thể cho “Phòng còn người” ngừng hoạt động vì đơn vị còn 1 người dùng.");
    expect(html).toContain("sáp nhập đơn vị này vào một đơn vị khác");
    expect((await unitByCode("MH-RT1")).retired_at).toBeNull();
  });

  it("refuses while active children remain", async () => {
    const unit = await addTree("MH", sub("MH-RT2", "Phòng còn tổ", [sub("MH-RT2-1", "Tổ còn hoạt động")]));
    const response = await post(`/quan-ly/don-vi/${unit.id}`, { intent: "retire", reason: "Giải thể theo quyết định" });
    expect(response.status).toBe(409);
    expect(await response.text()).toContain("còn 1 đơn vị trực thuộc đang hoạt động");
    expect((await unitByCode("MH-RT2")).retired_at).toBeNull();
  });

  it("retires an empty unit with its reason, hides it from pickers, and refuses a repeated post", async () => {
    const unit = await addTree("MH", sub("MH-RT3", "Phòng giải thể"));
    const missingReason = await post(`/quan-ly/don-vi/${unit.id}`, { intent: "retire", reason: "" });
    expect(missingReason.status).toBe(400);
    expect(await missingReason.text()).toContain("Vui lòng ghi rõ lý do ngừng hoạt động");
    expect((await unitByCode("MH-RT3")).retired_at).toBeNull();

    const response = await post(`/quan-ly/don-vi/${unit.id}`, { intent: "retire", reason: "Giải thể theo quyết định 7" });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("Đơn vị đã ngừng hoạt động.");
    expect((await unitByCode("MH-RT3")).retired_at).not.toBeNull();
    expect(await eventsOf(unit.id)).toEqual([expect.objectContaining({ action: "unit.retired", reason: "Giải thể theo quyết định 7" })]);
    const again = await post(`/quan-ly/don-vi/${unit.id}`, { intent: "retire", reason: "Giải thể theo quyết định 7" });
    expect(again.status).toBe(409);
    expect(await again.text()).toContain("Đơn vị “Phòng giải thể” đã ngừng hoạt động từ trước.");
    expect(await eventsOf(unit.id)).toHaveLength(1);
    // Gone from the default tree, listed with the retired ones.
    expect(await (await organizer.get("/quan-ly/don-vi")).text()).not.toContain("Phòng giải thể");
    expect(await (await organizer.get("/quan-ly/don-vi?ngungHoatDong=1")).text()).toContain("Phòng giải thể");
    expect(await (await organizer.get("/quan-ly/don-vi/moi")).text()).not.toContain("Phòng giải thể");
  });
});
