import { describe, expect, it } from "vitest";
import { z } from "~/validation/z";
import { bigintIdField, checkbox, fieldChecked, fieldValue, fieldValues, formKey, intIdField, intIdListField, optionalIntIdField, parseForm, replyTo, typedValues } from "./forms";

const form = (fields: [string, string][]) => {
  const data = new FormData();
  for (const [name, value] of fields) data.append(name, value);
  return data;
};

describe("ids typed in forms", () => {
  const roundId = intIdField("Không tìm thấy đợt thi.");

  it("take the canonical digits within int4, as ids in URLs do", () => {
    expect(roundId.parse("42")).toBe(42);
    expect(roundId.parse(" 42 ")).toBe(42);
    expect(roundId.parse("2147483647")).toBe(2147483647);
    for (const garbage of ["", "0", "-1", "1e3", "0x10", "1.5", "007", "2147483648", "99999999999", "abc"]) {
      expect(roundId.safeParse(garbage).error?.issues[0].message, garbage).toBe("Không tìm thấy đợt thi.");
    }
    expect(roundId.safeParse(undefined).error?.issues[0].message).toBe("Không tìm thấy đợt thi.");
  });

  it("may be left blank when optional, and come as a list from a multiple select", () => {
    const groupId = optionalIntIdField("Bảng thi không hợp lệ");
    expect(groupId.parse("")).toBeNull();
    expect(groupId.parse(undefined)).toBeNull();
    expect(groupId.parse("3")).toBe(3);
    expect(groupId.safeParse("x").error?.issues[0].message).toBe("Bảng thi không hợp lệ");
    const unitIds = intIdListField("Đơn vị không hợp lệ");
    expect(unitIds.parse(undefined)).toEqual([]);
    expect(unitIds.parse("4")).toEqual([4]);
    expect(unitIds.parse(["4", "5"])).toEqual([4, 5]);
    expect(unitIds.safeParse(["4", "0x5"]).error?.issues).toMatchObject([{ path: [], message: "Đơn vị không hợp lệ" }]);
  });

  it("keeps bigint ids as text", () => {
    expect(bigintIdField("x").parse("9223372036854775807")).toBe("9223372036854775807");
    expect(bigintIdField("Mã bài thi phải là số").safeParse("9223372036854775808").success).toBe(false);
  });
});

describe("parseForm", () => {
  it("keys each field's first message by its name, and reads ticked boxes", () => {
    const schema = z.object({ title: z.string().min(5, { error: "Tên quá ngắn" }).max(6, { error: "Tên quá dài" }), open: checkbox(), notify: checkbox() });
    expect(parseForm(schema, form([["title", "abc"]]))).toEqual({ ok: false, message: "Vui lòng sửa các mục được đánh dấu.", fieldErrors: { title: "Tên quá ngắn" } });
    expect(parseForm(schema, form([["title", "abcdef"], ["open", "on"]]))).toEqual({ ok: true, data: { title: "abcdef", open: true, notify: false } });
  });
});

describe("what was typed, given back", () => {
  it("keeps text fields, lists for repeated names, never passwords or files", () => {
    const data = form([["intent", "save"], ["fullName", "Lê Văn Tám"], ["password", "bi-mat"], ["confirmPassword", "bi-mat"], ["unitIds", "1"], ["unitIds", "2"]]);
    data.append("file", new File(["x"], "a.xlsx"));
    expect(typedValues(data)).toEqual({ fullName: "Lê Văn Tám", unitIds: ["1", "2"] });
  });

  it("fills a refused form with what was typed, and any other with the saved values", () => {
    const refused = { intent: "update", ok: false, message: "", values: { title: "Tên gõ dở", unitIds: ["1", "2"], rankingPublic: "on" } };
    const saved = { intent: "update", ok: true, message: "Đã lưu.", values: {} };
    expect(fieldValue(refused, "title", "Tên đã lưu")).toBe("Tên gõ dở");
    expect(fieldValue(refused, "slug", "da-luu")).toBe("");
    expect(fieldValue(saved, "title", "Tên đã lưu")).toBe("Tên đã lưu");
    expect(fieldValue(undefined, "title", 5)).toBe("5");
    expect(fieldValues(refused, "unitIds", [7])).toEqual(["1", "2"]);
    expect(fieldValues(undefined, "unitIds", [7])).toEqual(["7"]);
    expect(fieldChecked(refused, "rankingPublic", false)).toBe(true);
    expect(fieldChecked(refused, "openToPublic", true)).toBe(false);
    expect(fieldChecked(saved, "openToPublic", true)).toBe(true);
    expect(replyTo(refused, "group")).toBeUndefined();
    expect(replyTo(refused, "group", "update")).toBe(refused);
  });

  it("changes the form's key when a refusal or a success brings other values", () => {
    const keys = new Set([
      formKey(undefined),
      formKey({ intent: "x", ok: false, message: "", values: { title: "a" } }),
      formKey({ intent: "x", ok: false, message: "", values: { title: "b" } }),
      formKey({ intent: "x", ok: true, message: "Đã tạo A.", values: {} }),
      formKey(undefined, "tên đã lưu"),
    ]);
    expect(keys.size).toBe(5);
  });
});
