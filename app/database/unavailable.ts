/**
 * Failures that say "the database cannot serve this request right now" rather than "this request
 * is wrong": the connection was lost (a PostgreSQL restart), the server is starting or stopping,
 * no connection was free in time, or a time limit (statement, lock, idle transaction) ran out.
 * The same request may well succeed a moment later, so the user is asked to try again (503).
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code === "string") {
    // Class 08: connection exception; 57P01-57P03: administrator shutdown, crash, cannot connect now.
    if (code.startsWith("08") || code === "57P01" || code === "57P02" || code === "57P03") return true;
    // Too many connections; statement_timeout (query_canceled); lock_timeout; idle in transaction timeout.
    if (code === "53300" || code === "57014" || code === "55P03" || code === "25P03") return true;
    // Socket-level failures from Node.
    if (["ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT", "EHOSTUNREACH", "ENOTCONN"].includes(code)) return true;
  }
  if (typeof message === "string") {
    return POOL_AND_DRIVER_MESSAGES.some((pattern) => pattern.test(message));
  }
  return false;
}

// node-postgres and its pool report these without a code.
const POOL_AND_DRIVER_MESSAGES = [
  /^timeout exceeded when trying to connect$/,
  /^Connection terminated/,
  /^Client has encountered a connection error and is not queryable$/,
  /^Client was closed and is not queryable$/,
  /^Query read timeout$/,
];

/** Seconds a client should wait before trying again (the Retry-After header). */
export const RETRY_AFTER_SECONDS = 2;

export const DATABASE_UNAVAILABLE_MESSAGE = "Hệ thống đang bận hoặc đang kết nối lại cơ sở dữ liệu. Vui lòng thử lại sau ít giây.";
export const ANSWER_NOT_SAVED_MESSAGE = "Hệ thống đang bận, câu trả lời chưa được lưu. Hệ thống sẽ tự thử lại sau ít giây.";
