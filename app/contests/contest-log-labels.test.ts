import { describe, expect, it } from "vitest";
import { describeLogDetails } from "./contest-log-labels";

describe("the facts shown under a contest log entry", () => {
  it("are labelled in Vietnamese, booleans as có/không, lists joined", () => {
    expect(describeLogDetails({ title: "Thi tìm hiểu CCHC", rankingPublic: false, scopes: ["Đợt 1", "Đợt 2"], minutes: 10 })).toEqual([
      "Tên: Thi tìm hiểu CCHC",
      "Công khai bảng xếp hạng: không",
      "Phạm vi: Đợt 1, Đợt 2",
      "Số phút: 10",
    ]);
  });

  it("leave out unknown keys, empty values and whole records", () => {
    expect(describeLogDetails({ structure: { scopes: [] }, disqualificationId: 4, before: null, after: { a: 1 }, changed: ["title"] })).toEqual([]);
  });
});
