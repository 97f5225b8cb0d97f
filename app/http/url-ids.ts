// Ids taken from a URL path. Only the canonical decimal form names a row: digits, no sign, no
// spaces, no leading zero, within the column's range. Anything else names nothing, so it is a 404
// (never a database error on an out-of-range number, never `Number("0x10")` finding row 16).

/** Largest value of a PostgreSQL `integer` (int4) column: contests, units, questions, users… */
export const INT4_MAX = 2_147_483_647;
/** Largest value of a PostgreSQL `bigint` (int8) column: entries, sessions. */
export const INT8_MAX = 9_223_372_036_854_775_807n;

const CANONICAL = /^[1-9][0-9]*$/;

/** An int4 id, or null when the text names no row. */
export function parseIntId(raw: string | null | undefined): number | null {
  if (raw == null || raw.length > 10 || !CANONICAL.test(raw)) return null;
  const id = Number(raw);
  return id <= INT4_MAX ? id : null;
}

/** A bigint id kept as its decimal text (as the database driver returns it), or null. */
export function parseBigintId(raw: string | null | undefined): string | null {
  if (raw == null || raw.length > 19 || !CANONICAL.test(raw)) return null;
  return BigInt(raw) <= INT8_MAX ? raw : null;
}

function notFound(message: string): never {
  throw new Response(message, { status: 404 });
}

/** The int4 id of a route param; otherwise the page answers 404 with `message`. */
export function intIdParam(raw: string | undefined, message: string): number {
  return parseIntId(raw) ?? notFound(message);
}

/** The bigint id of a route param, as text; otherwise the page answers 404 with `message`. */
export function bigintIdParam(raw: string | undefined, message: string): string {
  return parseBigintId(raw) ?? notFound(message);
}

export const NOT_FOUND = {
  contest: "Không tìm thấy cuộc thi.",
  round: "Không tìm thấy đợt thi.",
  unit: "Không tìm thấy đơn vị.",
  question: "Không tìm thấy câu hỏi.",
  user: "Không tìm thấy người dùng.",
  entry: "Không tìm thấy bài thi.",
} as const;
