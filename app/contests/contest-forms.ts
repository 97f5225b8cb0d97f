import { TOPIC_KEYS } from "~/banks/topics";
import type { FieldErrors } from "~/http/forms";
import { parseVietnamDateTime } from "~/text/vietnam-time";
import { z } from "~/validation/z";
import type { ContestFields, RoundFields } from "./contest-admin.server";

// The organizer's forms for contests and rounds, validated on the server with field-level
// Vietnamese messages.

export const contestFormSchema = z.object({
  title: z.string().trim().min(5, { error: "Vui lòng nhập tên cuộc thi (ít nhất 5 ký tự)" }).max(300),
  slug: z
    .string()
    .trim()
    .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, { error: "Đường dẫn chỉ gồm chữ thường không dấu, số và dấu gạch ngang" })
    .max(100),
  rules: z.string().trim().min(10, { error: "Vui lòng nhập thể lệ cuộc thi" }).max(20_000),
  prizes: z.string().trim().max(5_000).default(""),
  ownerUnitId: z.coerce.number({ error: "Vui lòng chọn đơn vị tổ chức" }).int().positive({ error: "Vui lòng chọn đơn vị tổ chức" }),
});

/** The label of the ranking setting, the same on the create and edit forms. */
export const RANKING_PUBLIC_LABEL = "Công khai bảng xếp hạng cho thí sinh và người xem";

export function parseContestForm(form: FormData): { ok: true; data: ContestFields } | { ok: false; fieldErrors: FieldErrors } {
  const parsed = contestFormSchema.safeParse(Object.fromEntries(["title", "slug", "rules", "prizes", "ownerUnitId"].map((k) => [k, form.get(k) ?? undefined])));
  // A checkbox: the browser sends "on" when ticked and nothing otherwise.
  if (parsed.success) return { ok: true, data: { ...parsed.data, rankingPublic: form.get("rankingPublic") === "on" } };
  const fieldErrors: FieldErrors = {};
  for (const issue of parsed.error.issues) fieldErrors[String(issue.path[0] ?? "form")] ??= issue.message;
  return { ok: false, fieldErrors };
}

export const MAX_BLUEPRINT_LINES = 8;

const roundScalars = z.object({
  title: z.string().trim().min(2, { error: "Vui lòng nhập tên đợt thi" }).max(200),
  timeLimitMinutes: z.coerce.number({ error: "Thời gian làm bài phải là số phút" }).int({ error: "Thời gian làm bài phải là số phút nguyên" }).min(1, { error: "Thời gian làm bài ít nhất 1 phút" }).max(600, { error: "Thời gian làm bài tối đa 600 phút" }),
  pointsPerQuestion: z.coerce.number({ error: "Điểm mỗi câu phải là số" }).int().min(1, { error: "Điểm mỗi câu từ 1 đến 100" }).max(100, { error: "Điểm mỗi câu từ 1 đến 100" }),
  maxEntries: z.coerce.number({ error: "Số lượt thi phải là số" }).int().min(1, { error: "Số lượt thi từ 1 đến 50" }).max(50, { error: "Số lượt thi từ 1 đến 50" }),
  reviewPolicy: z.enum(["never", "after_submit", "after_close"], { error: "Vui lòng chọn thời điểm công bố đáp án" }),
  predictionRule: z.enum(["none", "entries", "participants", "full_marks"], { error: "Vui lòng chọn câu hỏi dự đoán" }),
  predictionPrompt: z.string().trim().max(500).default(""),
});

export function parseRoundForm(form: FormData): { ok: true; data: RoundFields } | { ok: false; fieldErrors: FieldErrors } {
  const fieldErrors: FieldErrors = {};
  const scalars = roundScalars.safeParse(
    Object.fromEntries(["title", "timeLimitMinutes", "pointsPerQuestion", "maxEntries", "reviewPolicy", "predictionRule", "predictionPrompt"].map((k) => [k, form.get(k) ?? undefined])),
  );
  if (!scalars.success) for (const issue of scalars.error.issues) fieldErrors[String(issue.path[0])] ??= issue.message;
  const opensAt = parseVietnamDateTime(String(form.get("opensAt") ?? ""));
  const closesAt = parseVietnamDateTime(String(form.get("closesAt") ?? ""));
  if (!opensAt) fieldErrors.opensAt = "Vui lòng nhập thời điểm mở (ngày và giờ, giờ Việt Nam)";
  if (!closesAt) fieldErrors.closesAt = "Vui lòng nhập thời điểm đóng (ngày và giờ, giờ Việt Nam)";
  if (opensAt && closesAt && closesAt <= opensAt) fieldErrors.closesAt = "Thời điểm đóng phải sau thời điểm mở";

  const bankIds = form.getAll("lineBankId").map(String);
  const topics = form.getAll("lineTopic").map(String);
  const difficulties = form.getAll("lineDifficulty").map(String);
  const counts = form.getAll("lineCount").map(String);
  const blueprint: RoundFields["blueprint"] = [];
  for (let i = 0; i < Math.min(MAX_BLUEPRINT_LINES, counts.length); i++) {
    if (!counts[i]?.trim()) continue;
    const count = Number(counts[i]);
    const bankId = Number(bankIds[i]);
    if (!Number.isInteger(count) || count < 1 || count > 200) {
      fieldErrors[`line.${i}`] = "Số câu phải là số nguyên từ 1 đến 200";
      continue;
    }
    if (!Number.isInteger(bankId) || bankId < 1) {
      fieldErrors[`line.${i}`] = "Vui lòng chọn ngân hàng câu hỏi";
      continue;
    }
    const topic = topics[i] && (TOPIC_KEYS as readonly string[]).includes(topics[i]) ? topics[i] : null;
    const difficulty = ["easy", "medium", "hard"].includes(difficulties[i]) ? (difficulties[i] as "easy" | "medium" | "hard") : null;
    blueprint.push({ bankId, topic, difficulty, count });
  }
  if (blueprint.length === 0 && !Object.keys(fieldErrors).some((k) => k.startsWith("line."))) fieldErrors.blueprint = "Cấu trúc đề cần ít nhất một dòng có số câu";
  if (blueprint.reduce((n, l) => n + l.count, 0) > 200) fieldErrors.blueprint = "Một lượt thi có tối đa 200 câu hỏi";
  if (!scalars.success || !opensAt || !closesAt || Object.keys(fieldErrors).length > 0) return { ok: false, fieldErrors };
  const s = scalars.data;
  return {
    ok: true,
    data: {
      title: s.title,
      opensAt,
      closesAt,
      timeLimitSeconds: s.timeLimitMinutes * 60,
      blueprint,
      pointsPerQuestion: s.pointsPerQuestion,
      maxEntries: s.maxEntries,
      shuffleQuestions: form.get("shuffleQuestions") === "on",
      shuffleOptions: form.get("shuffleOptions") === "on",
      reviewPolicy: s.reviewPolicy,
      predictionRule: s.predictionRule,
      predictionPrompt: s.predictionPrompt || null,
    },
  };
}
