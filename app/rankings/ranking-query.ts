import { intIdField } from "~/http/forms";
import { z } from "~/validation/z";
import type { UnitSort } from "./rankings.server";

// The query string of the ranking page and the leaders' dashboard: Vietnamese names in the URL,
// validated in one place so a mistyped link gets a message instead of a crash.

/** URL value of each sortable column of the unit table. */
export const UNIT_SORT_PARAMS = {
  "ty-le": "participationRate",
  "nguoi-du-thi": "participants",
  "luot-thi": "entries",
  "diem-tb": "averageScore",
  "diem-toi-da": "fullScores",
  ten: "name",
} as const satisfies Record<string, UnitSort>;

export type UnitSortParam = keyof typeof UNIT_SORT_PARAMS;

export function unitSortParam(sort: UnitSort): UnitSortParam {
  return (Object.keys(UNIT_SORT_PARAMS) as UnitSortParam[]).find((key) => UNIT_SORT_PARAMS[key] === sort)!;
}

// Ids and numbers in the address: the one guard of ids in URLs (~/http/url-ids.ts).
const id = intIdField;

export const rankingQuerySchema = z.object({
  dot: id("Số đợt thi không hợp lệ.").optional(),
  "toan-cuoc": z.string().optional(),
  bang: id("Bảng thi không hợp lệ.").optional(),
  donvi: id("Đơn vị không hợp lệ.").optional(),
  q: z.string().trim().max(100, "Từ khóa tìm kiếm quá dài (tối đa 100 ký tự).").optional(),
  trang: z
    .string()
    .trim()
    .regex(/^\d{1,5}$/, "Số trang không hợp lệ.")
    .transform(Number)
    .refine((n) => n >= 1 && n <= 10_000, "Số trang không hợp lệ.")
    .optional(),
  xem: z.enum(["ca-nhan", "don-vi"], { error: "Chế độ xem không hợp lệ: chỉ có “ca-nhan” hoặc “don-vi”." }).optional(),
  cap: id("Đơn vị cấp trên không hợp lệ.").optional(),
  "sap-xep": z
    .enum(Object.keys(UNIT_SORT_PARAMS) as [UnitSortParam, ...UnitSortParam[]], { error: "Cách sắp xếp không hợp lệ." })
    .optional(),
  chieu: z.enum(["tang", "giam"], { error: "Chiều sắp xếp không hợp lệ: chỉ có “tang” hoặc “giam”." }).optional(),
});

export interface RankingQuery {
  roundNumber: number | null;
  wholeContest: boolean;
  groupId: number | null;
  unitId: number | null;
  search: string;
  page: number;
  view: "people" | "units";
  parentUnitId: number | null;
  sort: UnitSort;
  descending: boolean;
}

/** The query of a ranking URL, or the first problem with it as a Vietnamese sentence. */
export function parseRankingQuery(params: URLSearchParams): { ok: true; query: RankingQuery } | { ok: false; message: string } {
  // Empty values are what a form leaves for an untouched field: the same as absent.
  const raw: Record<string, string> = {};
  for (const [key, value] of params) if (value !== "" || key === "toan-cuoc") raw[key] = value;
  const parsed = rankingQuerySchema.safeParse(raw);
  if (!parsed.success) return { ok: false, message: parsed.error.issues[0]?.message ?? "Địa chỉ trang không hợp lệ." };
  const p = parsed.data;
  if (p.dot !== undefined && p["toan-cuoc"] !== undefined) return { ok: false, message: "Chỉ chọn một đợt thi hoặc toàn cuộc thi, không chọn cả hai." };
  const sort = p["sap-xep"] ? UNIT_SORT_PARAMS[p["sap-xep"]] : "participationRate";
  return {
    ok: true,
    query: {
      roundNumber: p.dot ?? null,
      wholeContest: p["toan-cuoc"] !== undefined,
      groupId: p.bang ?? null,
      unitId: p.donvi ?? null,
      search: p.q ?? "",
      page: p.trang ?? 1,
      view: p.xem === "don-vi" ? "units" : "people",
      parentUnitId: p.cap ?? null,
      sort,
      // Names read A→Z by default, every figure highest first.
      descending: p.chieu ? p.chieu === "giam" : sort !== "name",
    },
  };
}

/** A link that changes some parameters and keeps the others; null removes one. Changing a filter goes back to page 1. */
export function withParams(current: URLSearchParams, changes: Record<string, string | number | null>): string {
  const next = new URLSearchParams(current);
  for (const [key, value] of Object.entries(changes)) {
    if (value === null) next.delete(key);
    else next.set(key, String(value));
  }
  if (!("trang" in changes)) next.delete("trang");
  const text = next.toString();
  return text ? `?${text}` : "?";
}
