import { TOPIC_KEYS, type TopicKey } from "~/banks/topics";
import { checkbox, intIdField, repeated } from "~/http/forms";
import { parseIntId } from "~/http/url-ids";
import { parseVietnamDateTime } from "~/text/vietnam-time";
import { z } from "~/validation/z";
import type { ContestFields, RoundFields } from "./contest-admin.server";
import { SLUG_MAX } from "./slug";

// The organizer's forms for contests and rounds, with field-level Vietnamese messages. The limits
// are exported for the inputs' own constraints.

export const CONTEST_TITLE = { min: 5, max: 300 } as const;
export const CONTEST_SLUG_MAX = SLUG_MAX;
const SLUG_RULE_MESSAGE = "Đường dẫn chỉ gồm chữ thường không dấu, số và dấu gạch ngang";
export const CONTEST_RULES = { min: 10, max: 20_000 } as const;
export const CONTEST_PRIZES_MAX = 5_000;

export const contestFormSchema = z.object({
  title: z
    .string({ error: "Vui lòng nhập tên cuộc thi (ít nhất 5 ký tự)" })
    .trim()
    .min(CONTEST_TITLE.min, { error: "Vui lòng nhập tên cuộc thi (ít nhất 5 ký tự)" })
    .max(CONTEST_TITLE.max, { error: `Tên cuộc thi tối đa ${CONTEST_TITLE.max} ký tự` }),
  slug: z
    .string({ error: "Vui lòng nhập đường dẫn" })
    .trim()
    .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, { error: SLUG_RULE_MESSAGE })
    .max(CONTEST_SLUG_MAX, { error: `Đường dẫn tối đa ${CONTEST_SLUG_MAX} ký tự` }),
  rules: z
    .string({ error: "Vui lòng nhập thể lệ cuộc thi" })
    .trim()
    .min(CONTEST_RULES.min, { error: "Vui lòng nhập thể lệ cuộc thi" })
    .max(CONTEST_RULES.max, { error: `Thể lệ tối đa ${CONTEST_RULES.max.toLocaleString("vi-VN")} ký tự` }),
  prizes: z
    .string()
    .trim()
    .max(CONTEST_PRIZES_MAX, { error: `Cơ cấu giải thưởng tối đa ${CONTEST_PRIZES_MAX.toLocaleString("vi-VN")} ký tự` })
    .default(""),
  ownerUnitId: intIdField("Vui lòng chọn đơn vị tổ chức"),
  // A checkbox: the browser sends "on" when ticked and nothing otherwise.
  rankingPublic: checkbox(),
}) satisfies z.ZodType<ContestFields>;

/** The new-contest form: an address left blank is made from the title (contest-admin.server.ts). */
export const newContestFormSchema = contestFormSchema.extend({
  slug: z
    .string()
    .trim()
    .regex(/^([a-z0-9]+(-[a-z0-9]+)*)?$/, { error: SLUG_RULE_MESSAGE })
    .max(CONTEST_SLUG_MAX, { error: `Đường dẫn tối đa ${CONTEST_SLUG_MAX} ký tự` })
    .default(""),
});

/** The label of the ranking setting, the same on the create and edit forms. */
export const RANKING_PUBLIC_LABEL = "Công khai bảng xếp hạng cho thí sinh và người xem";

export const MAX_BLUEPRINT_LINES = 8;
export const ROUND_TITLE_MAX = 200;
export const PREDICTION_PROMPT_MAX = 500;
export const MAX_QUESTIONS_PER_ENTRY = 200;

/** A datetime-local field typed in Vietnam time. */
const vietnamDateTime = (message: string) =>
  z.string({ error: message }).transform((text, ctx) => {
    const at = parseVietnamDateTime(text);
    if (!at) {
      ctx.addIssue({ code: "custom", message });
      return z.NEVER;
    }
    return at;
  });

const roundFields = z.object({
  title: z
    .string({ error: "Vui lòng nhập tên đợt thi" })
    .trim()
    .min(2, { error: "Vui lòng nhập tên đợt thi" })
    .max(ROUND_TITLE_MAX, { error: `Tên đợt thi tối đa ${ROUND_TITLE_MAX} ký tự` }),
  opensAt: vietnamDateTime("Vui lòng nhập thời điểm mở (ngày và giờ, giờ Việt Nam)"),
  closesAt: vietnamDateTime("Vui lòng nhập thời điểm đóng (ngày và giờ, giờ Việt Nam)"),
  timeLimitMinutes: z.coerce.number({ error: "Thời gian làm bài phải là số phút" }).int({ error: "Thời gian làm bài phải là số phút nguyên" }).min(1, { error: "Thời gian làm bài ít nhất 1 phút" }).max(600, { error: "Thời gian làm bài tối đa 600 phút" }),
  pointsPerQuestion: z.coerce.number({ error: "Điểm mỗi câu phải là số" }).int().min(1, { error: "Điểm mỗi câu từ 1 đến 100" }).max(100, { error: "Điểm mỗi câu từ 1 đến 100" }),
  maxEntries: z.coerce.number({ error: "Số lượt thi phải là số" }).int().min(1, { error: "Số lượt thi từ 1 đến 50" }).max(50, { error: "Số lượt thi từ 1 đến 50" }),
  reviewPolicy: z.enum(["never", "after_submit", "after_close"], { error: "Vui lòng chọn thời điểm công bố đáp án" }),
  predictionRule: z.enum(["none", "entries", "participants", "full_marks"], { error: "Vui lòng chọn câu hỏi dự đoán" }),
  predictionPrompt: z
    .string()
    .trim()
    .max(PREDICTION_PROMPT_MAX, { error: `Nội dung câu hỏi dự đoán tối đa ${PREDICTION_PROMPT_MAX} ký tự` })
    .default(""),
  shuffleQuestions: checkbox(),
  shuffleOptions: checkbox(),
});

/** The blueprint's lines, one per row of four inputs; a row without a count is unused. */
const blueprintFields = z.object({
  lineBankId: repeated(z.string()),
  lineTopic: repeated(z.string()),
  lineDifficulty: repeated(z.string()),
  lineCount: repeated(z.string()),
});

const lineCount = z
  .string()
  .trim()
  .regex(/^[0-9]{1,3}$/)
  .transform(Number)
  .pipe(z.number().min(1).max(MAX_QUESTIONS_PER_ENTRY));

/**
 * The round form. Read as a whole (not field by field) so that every message comes back at once:
 * the fields', the times' order and the blueprint's lines (keyed `line.<row>`, or `blueprint`).
 */
export const roundFormSchema = z.unknown().transform((sent, ctx): RoundFields => {
  let refused = false;
  const refuse = (path: (string | number)[], message: string) => {
    refused = true;
    ctx.addIssue({ code: "custom", path, message });
  };
  const fields = roundFields.safeParse(sent);
  if (!fields.success) for (const issue of fields.error.issues) refuse(issue.path as (string | number)[], issue.message);
  if (fields.success && fields.data.closesAt <= fields.data.opensAt) refuse(["closesAt"], "Thời điểm đóng phải sau thời điểm mở");

  const lines = blueprintFields.safeParse(sent);
  const { lineBankId = [], lineTopic = [], lineDifficulty = [], lineCount: counts = [] } = lines.success ? lines.data : {};
  const blueprint: RoundFields["blueprint"] = [];
  let lineRefused = false;
  for (let i = 0; i < Math.min(MAX_BLUEPRINT_LINES, counts.length); i++) {
    if (!counts[i]?.trim()) continue;
    const count = lineCount.safeParse(counts[i]);
    const bankId = parseIntId(lineBankId[i]);
    if (!count.success) refuse(["line", i], `Số câu phải là số nguyên từ 1 đến ${MAX_QUESTIONS_PER_ENTRY}`);
    else if (bankId === null) refuse(["line", i], "Vui lòng chọn ngân hàng câu hỏi");
    if (!count.success || bankId === null) {
      lineRefused = true;
      continue;
    }
    const topic = (TOPIC_KEYS as readonly string[]).includes(lineTopic[i]) ? (lineTopic[i] as TopicKey) : null;
    const difficulty = (["easy", "medium", "hard"] as const).find((d) => d === lineDifficulty[i]) ?? null;
    blueprint.push({ bankId, topic, difficulty, count: count.data });
  }
  if (blueprint.length === 0 && !lineRefused) refuse(["blueprint"], "Cấu trúc đề cần ít nhất một dòng có số câu");
  if (blueprint.reduce((n, l) => n + l.count, 0) > MAX_QUESTIONS_PER_ENTRY) refuse(["blueprint"], `Một lượt thi có tối đa ${MAX_QUESTIONS_PER_ENTRY} câu hỏi`);

  if (!fields.success || refused) return z.NEVER;
  const f = fields.data;
  return {
    title: f.title,
    opensAt: f.opensAt,
    closesAt: f.closesAt,
    timeLimitSeconds: f.timeLimitMinutes * 60,
    blueprint,
    pointsPerQuestion: f.pointsPerQuestion,
    maxEntries: f.maxEntries,
    shuffleQuestions: f.shuffleQuestions,
    shuffleOptions: f.shuffleOptions,
    reviewPolicy: f.reviewPolicy,
    predictionRule: f.predictionRule,
    predictionPrompt: f.predictionPrompt || null,
  };
});
