import { readdirSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD, startTestApp, type TestApp, type TestClient } from "../support/test-app";

// Every route with an id in its path (listed from app/routes, so a new one is covered) answers
// 404 with a Vietnamese message for ids that name no row: at and beyond the column's limits,
// signed, padded, with leading zeros, in other notations. Never a 500 from the database.

const INT4_IDS = ["2147483647", "2147483648", "4294967296", "99999999999999999999", "0", "-1", "+1", "01", "1e3", "0x10", "1.0", "%201", "abc"];
const INT8_IDS = ["9223372036854775807", "9223372036854775808", "99999999999999999999999", "0", "-1", "01", "1e3", "abc"];
const ID_PARAMS = new Set(["$id", "$roundId", "$contestId", "$userId", "$entryId"]);
// Params that are not numeric ids (keys, slugs, tokens, job uuids) are validated elsewhere.
const OTHER_PARAMS = new Set(["$key", "$slug", "$token", "$jobId"]);

/**
 * `quan-ly.cuoc-thi.$id.khen-thuong.de-nghi[.]pdf.ts` → ["quan-ly", "cuoc-thi", "$id", "khen-thuong", "de-nghi.pdf"];
 * a trailing `_` (`$id_`: not nested in that segment's layout) adds nothing to the path.
 */
function segmentsOf(file: string): string[] {
  const name = file.replace(/\.tsx?$/, "").replace(/\[\.\]/g, "\u0000");
  return name
    .split(".")
    .filter((s) => s !== "_index")
    .map((s) => s.replace(/\u0000/g, ".").replace(/_$/, ""));
}

const routes = readdirSync("app/routes")
  .map(segmentsOf)
  .filter((segments) => segments.some((s) => s.startsWith("$") && !OTHER_PARAMS.has(s)));

let app: TestApp;
let organizer: TestClient;

beforeAll(async () => {
  app = await startTestApp();
  organizer = app.client();
  await organizer.login("bantochuc@demo.cchc.vn", DEMO_PASSWORD);
});

afterAll(async () => {
  await app?.close();
});

/** Real ids for the params that are not under test, so only one id at a time is wrong. */
async function realIds() {
  const round = await app.db.selectFrom("rounds").select(["id", "contest_id"]).executeTakeFirstOrThrow();
  return { $id: String(round.contest_id), $roundId: String(round.id) } as Record<string, string>;
}

describe("ids in URLs", () => {
  it("finds the routes with ids, and knows each of their params", () => {
    expect(routes.length).toBeGreaterThanOrEqual(19);
    for (const segments of routes) {
      for (const s of segments.filter((s) => s.startsWith("$"))) expect(ID_PARAMS.has(s), `${segments.join("/")}: ${s}`).toBe(true);
    }
  });

  it("answers 404 with a Vietnamese message for ids at and beyond the limits, on every route with an id", async () => {
    const real = await realIds();
    const failures: string[] = [];
    for (const segments of routes) {
      for (const [index, param] of segments.entries()) {
        if (!ID_PARAMS.has(param)) continue;
        for (const bad of param === "$entryId" ? INT8_IDS : INT4_IDS) {
          const path = "/" + segments.map((s, i) => (i === index ? bad : s.startsWith("$") ? real[s] : s)).join("/");
          const api = segments[0] === "api";
          const response = api ? await organizer.postJson(path, { position: 1, chosen: [0], revision: 1, prediction: 1 }) : await organizer.get(path);
          const body = await response.text();
          if (response.status !== 404) failures.push(`${path}: ${response.status}`);
          else if (!/Không tìm thấy/.test(body)) failures.push(`${path}: 404 without its message`);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it("still finds the row when the id is real", async () => {
    const real = await realIds();
    expect((await organizer.get(`/quan-ly/cuoc-thi/${real.$id}`)).status).toBe(200);
    expect((await organizer.get(`/quan-ly/cuoc-thi/${real.$id}/dot/${real.$roundId}`)).status).toBe(200);
  });
});
