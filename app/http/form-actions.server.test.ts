import { redirect } from "@remix-run/node";
import { describe, expect, it, vi } from "vitest";
import { z } from "~/validation/z";
import { handleIntents, intent } from "./form-actions.server";
import { FIX_MARKED_FIELDS, formLevel, intIdField, repeated, UNKNOWN_FORM, uploadedFile } from "./forms";
import { UserFacingError } from "./user-facing-error";

const post = (fields: [string, string][]) =>
  new Request("http://app.test/trang", { method: "POST", body: new URLSearchParams(fields), headers: { "Content-Type": "application/x-www-form-urlencoded" } });

const signup = z.object({
  fullName: z.string().trim().min(2, { error: "Vui lòng nhập đầy đủ họ và tên" }),
  password: z.string().min(8, { error: "Mật khẩu cần ít nhất 8 ký tự" }),
  unitId: intIdField("Vui lòng chọn đơn vị công tác"),
  tags: repeated(z.string()),
});

/** A page with two forms whose work is a spy: a refused form must never reach it. */
function page() {
  const saved = vi.fn(async (data: z.output<typeof signup>) => ({ message: `Đã lưu ${data.fullName}.`, data: { unitId: data.unitId } }));
  const removed = vi.fn(async () => redirect("/"));
  const intents = {
    save: intent({ schema: signup, run: saved }),
    remove: intent({ schema: z.object({}), run: removed }),
  };
  return { intents, saved, removed };
}

describe("one form convention: handleIntents", () => {
  it("runs the intent the form names and answers ok with its message and data, echoing nothing", async () => {
    const { intents, saved } = page();
    const response = await handleIntents(post([["intent", "save"], ["fullName", " Lê Văn Tám "], ["password", "mat-khau-dai"], ["unitId", "7"], ["tags", "a"], ["tags", "b"]]), intents);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ intent: "save", ok: true, message: "Đã lưu Lê Văn Tám.", fieldErrors: {}, values: {}, data: { unitId: 7 } });
    expect(saved).toHaveBeenCalledWith({ fullName: "Lê Văn Tám", password: "mat-khau-dai", unitId: 7, tags: ["a", "b"] }, expect.any(FormData));
  });

  it("passes a redirect through", async () => {
    const { intents } = page();
    const response = await handleIntents(post([["intent", "remove"]]), intents);
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/");
  });

  it("refuses an unknown intent with 400 and a Vietnamese message, running nothing", async () => {
    for (const name of ["xoa-het", "__proto__", "constructor", "toString"]) {
      const { intents, saved, removed } = page();
      const response = await handleIntents(post([["intent", name], ["fullName", "Lê Văn Tám"]]), intents);
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({ intent: name, ok: false, message: UNKNOWN_FORM, fieldErrors: {}, values: { fullName: "Lê Văn Tám" } });
      expect(saved).not.toHaveBeenCalled();
      expect(removed).not.toHaveBeenCalled();
    }
  });

  it("refuses a form without an intent unless the page has one implied form", async () => {
    const { intents, saved } = page();
    const fields: [string, string][] = [["fullName", "Lê Văn Tám"], ["password", "mat-khau-dai"], ["unitId", "7"]];
    expect((await handleIntents(post(fields), intents)).status).toBe(400);
    expect(saved).not.toHaveBeenCalled();
    expect((await handleIntents(post(fields), intents, { implied: "save" })).status).toBe(200);
    expect(saved).toHaveBeenCalledOnce();
  });

  it("refuses a form its schema refuses: 400, a message per field, and what was typed except passwords", async () => {
    const { intents, saved } = page();
    const response = await handleIntents(post([["intent", "save"], ["fullName", "L"], ["password", "ngan"], ["unitId", "0x10"], ["tags", "a"], ["tags", "b"]]), intents);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      intent: "save",
      ok: false,
      message: FIX_MARKED_FIELDS,
      fieldErrors: { fullName: "Vui lòng nhập đầy đủ họ và tên", password: "Mật khẩu cần ít nhất 8 ký tự", unitId: "Vui lòng chọn đơn vị công tác" },
      values: { fullName: "L", unitId: "0x10", tags: ["a", "b"] },
    });
    expect(saved).not.toHaveBeenCalled();
  });

  it("never echoes a password field of any name, nor a file", async () => {
    const form = new FormData();
    for (const [name, value] of [["intent", "x"], ["currentPassword", "cu-bi-mat"], ["newPassword", "moi-bi-mat"], ["confirmPassword", "moi-bi-mat"], ["note", "giữ lại"]]) form.append(name, value);
    form.append("file", new File(["nội dung tệp"], "tep.xlsx"));
    const request = new Request("http://app.test/trang", { method: "POST", body: form });
    const response = await handleIntents(request, { x: intent({ schema: z.object({ note: z.string().min(20) }), run: async () => ({ message: "" }) }) });
    const text = await response.text();
    expect(JSON.parse(text).values).toEqual({ note: "giữ lại" });
    for (const secret of ["bi-mat", "nội dung tệp"]) expect(text).not.toContain(secret);
  });

  it("says a form-level refusal above the form", async () => {
    const response = await handleIntents(post([["intent", "x"], ["roundId", "abc"]]), {
      x: intent({ schema: formLevel(z.object({ roundId: intIdField("Không tìm thấy đợt thi.") })), run: async () => ({ message: "" }) }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ ok: false, message: "Không tìm thấy đợt thi.", fieldErrors: {}, values: { roundId: "abc" } });
  });

  it("turns a UserFacingError into a refusal with its status, on its field when the intent names it", async () => {
    const refuse = (error: UserFacingError) => async () => {
      throw error;
    };
    const fields: [string, string][] = [["intent", "x"], ["slug", "da-dung"]];
    const general = await handleIntents(post(fields), { x: intent({ schema: z.object({}), run: refuse(new UserFacingError(409, "Cuộc thi đã công bố.")) }) });
    expect(general.status).toBe(409);
    expect(await general.json()).toEqual({ intent: "x", ok: false, message: "Cuộc thi đã công bố.", fieldErrors: {}, values: { slug: "da-dung" } });

    const onField = await handleIntents(post(fields), {
      x: intent({ schema: z.object({}), errorFields: { taken: "slug" }, run: refuse(new UserFacingError(409, "Đường dẫn đã được dùng.", "taken")) }),
    });
    expect(await onField.json()).toEqual({ intent: "x", ok: false, message: FIX_MARKED_FIELDS, fieldErrors: { slug: "Đường dẫn đã được dùng." }, values: { slug: "da-dung" } });

    const wait = await handleIntents(post(fields), { x: intent({ schema: z.object({}), run: refuse(new UserFacingError(429, "Vui lòng thử lại sau 1 phút.", "too_many_attempts", 60)) }) });
    expect(wait.status).toBe(429);
    expect(wait.headers.get("Retry-After")).toBe("60");
  });

  it("lets any other error through: it is a bug, not a refusal", async () => {
    const run = async () => {
      throw new Error("hỏng");
    };
    await expect(handleIntents(post([["intent", "x"]]), { x: intent({ schema: z.object({}), run }) })).rejects.toThrow("hỏng");
  });

  it("answers a refusal that carries data (an import's problems) as not ok", async () => {
    const response = await handleIntents(post([["intent", "check"]]), {
      check: intent({ schema: z.object({}), run: async () => ({ status: 400, message: "Tệp có lỗi.", data: { problems: ["Dòng 2"] } }) }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ ok: false, message: "Tệp có lỗi.", data: { problems: ["Dòng 2"] } });
  });

  it("reads an upload within its limit, and asks for a file when none was chosen", async () => {
    const upload = (file: File) => {
      const form = new FormData();
      form.append("intent", "check");
      form.append("file", file);
      return new Request("http://app.test/nhap", { method: "POST", body: form });
    };
    const intents = { check: intent({ schema: formLevel(z.object({ file: uploadedFile("Vui lòng chọn một tệp.") })), run: async ({ file }) => ({ message: `Đã nhận ${file.name}.` }) }) };
    expect(await (await handleIntents(upload(new File(["abc"], "a.xlsx")), intents, { upload: { maxBytes: 1024 } })).json()).toMatchObject({ ok: true, message: "Đã nhận a.xlsx." });
    const none = await handleIntents(upload(new File([], "")), intents, { upload: { maxBytes: 1024 } });
    expect(none.status).toBe(400);
    expect(await none.json()).toMatchObject({ ok: false, message: "Vui lòng chọn một tệp." });
    const large = await handleIntents(upload(new File([new Uint8Array(2048)], "lon.xlsx")), intents, { upload: { maxBytes: 1024 } });
    expect(large.status).toBe(413);
    expect(await large.json()).toMatchObject({ ok: false, message: expect.stringContaining("Tệp quá lớn") });
  });
});
