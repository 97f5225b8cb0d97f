import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAccount } from "~/accounts/accounts.server";
import { DEMO_PASSWORD, startTestApp, type TestApp, type TestClient } from "../support/test-app";

// Organizers name a person by the login they registered with, typed however it comes: every
// command that looks people up (disqualification, incidents) finds them the same way.

const PHONE_FORMS = ["0912345678", "+84 912 345 678", "84912345678", "0912.345.678", " 0912-345-678 ", "(+84) 912 345 678"];
const EMAIL_FORMS = ["Tra.Cuu@Example.VN", "tra.cuu@example.vn", "  TRA.CUU@EXAMPLE.VN "];
const REASON = "Xử lý theo biên bản của ban tổ chức ngày 01/12";

let app: TestApp;
let organizer: TestClient;
let contestId: number;
let roundId: number;
const people = {} as Record<"phone" | "email", number>;

beforeAll(async () => {
  app = await startTestApp();
  const unit = await app.db.selectFrom("units").select("id").where("retired_at", "is", null).executeTakeFirstOrThrow();
  people.phone = (await createAccount(app.db, { fullName: "Trần Văn Gọi", login: { kind: "phone", phone: "0912345678" }, password: DEMO_PASSWORD, unitId: unit.id })).id;
  people.email = (await createAccount(app.db, { fullName: "Phạm Thị Thư", login: { kind: "email", email: "tra.cuu@example.vn" }, password: DEMO_PASSWORD, unitId: unit.id })).id;
  const round = await app.db.selectFrom("rounds").select(["id", "contest_id"]).orderBy("id").executeTakeFirstOrThrow();
  contestId = round.contest_id;
  roundId = round.id;
  const group = await app.db.selectFrom("contest_groups").select("id").where("contest_id", "=", contestId).executeTakeFirstOrThrow();
  for (const userId of Object.values(people)) {
    await app.db.insertInto("contest_participants").values({ contest_id: contestId, user_id: userId, group_id: group.id }).onConflict((oc) => oc.doNothing()).execute();
  }
  organizer = app.client();
  await organizer.login("bantochuc@demo.cchc.vn", DEMO_PASSWORD);
});

afterAll(async () => {
  await app?.close();
});

const cases = [
  ...PHONE_FORMS.map((typed) => ({ typed, who: "phone" as const })),
  ...EMAIL_FORMS.map((typed) => ({ typed, who: "email" as const })),
];

describe("finding a person by email or phone", () => {
  it.each(cases)("an incident finds $typed", async ({ typed, who }) => {
    const before = await app.db.selectFrom("round_allowances").select("extra_seconds").where("round_id", "=", roundId).where("user_id", "=", people[who]).executeTakeFirst();
    const response = await organizer.postForm(`/quan-ly/cuoc-thi/${contestId}?index`, { intent: "incident", kind: "extra_time", login: typed, roundId, minutes: 1, reason: REASON });
    expect(response.status, await response.clone().text()).toBe(200);
    const after = await app.db.selectFrom("round_allowances").select("extra_seconds").where("round_id", "=", roundId).where("user_id", "=", people[who]).executeTakeFirstOrThrow();
    expect(after.extra_seconds - (before?.extra_seconds ?? 0)).toBe(60);
  });

  it.each(cases)("a disqualification finds $typed", async ({ typed, who }) => {
    // Each form on its own: the previous decision is taken back first.
    await app.db.deleteFrom("contest_disqualifications").where("contest_id", "=", contestId).execute();
    const response = await organizer.postForm(`/quan-ly/cuoc-thi/${contestId}/khen-thuong?index`, { intent: "disqualify", kind: "person", login: typed, reason: REASON });
    expect(response.status, await response.clone().text()).toBe(200);
    const rows = await app.db.selectFrom("contest_disqualifications").select("user_id").where("contest_id", "=", contestId).execute();
    expect(rows.map((r) => r.user_id)).toEqual([people[who]]);
  });

  it("says so when nobody has the login, and changes nothing", async () => {
    await app.db.deleteFrom("contest_disqualifications").where("contest_id", "=", contestId).execute();
    for (const typed of ["0987654321", "khong.co@example.vn", "912345678"]) {
      const disqualified = await organizer.postForm(`/quan-ly/cuoc-thi/${contestId}/khen-thuong?index`, { intent: "disqualify", kind: "person", login: typed, reason: REASON });
      expect(disqualified.status).toBe(404);
      expect(await disqualified.text()).toContain("Không tìm thấy người dự thi với email hoặc số điện thoại này.");
      const incident = await organizer.postForm(`/quan-ly/cuoc-thi/${contestId}?index`, { intent: "incident", kind: "extra_entry", login: typed, roundId, reason: REASON });
      expect(incident.status).toBe(404);
    }
    expect(await app.db.selectFrom("contest_disqualifications").select("id").where("contest_id", "=", contestId).execute()).toEqual([]);
  });
});
