import type { Request as ExpressRequest, Response as ExpressResponse } from "express";
import type { z } from "zod";
import { liveSessionSql, sessionTokenHash } from "~/auth/sessions.server";
import type { DB } from "~/database/connection.server";
import { ANSWER_NOT_SAVED_MESSAGE, isDatabaseUnavailable, RETRY_AFTER_SECONDS } from "~/database/unavailable";
import { UserFacingError } from "~/http/user-facing-error";
import { NOT_FOUND, parseBigintId } from "~/http/url-ids";

/** Answers and predictions are tiny; anything bigger is not ours. */
const MAX_BODY_BYTES = 8 * 1024;

/**
 * Our page sends `application/json`; a form on another site can only send text/plain, url-encoded
 * or multipart bodies without the browser asking first, so anything else is refused.
 */
const JSON_CONTENT_TYPE = /^application\/json\s*(?:;|$)/i;

export interface EntryCall<T> {
  db: DB;
  /** Resolved by the save's own statement (one round trip): a dead session finds no entry. */
  userId: { sessionTokenHash: Buffer };
  entryId: string;
  data: T;
}

/**
 * An Express handler for the JSON calls a contestant makes while answering (the hottest requests
 * of a contest). It runs outside Remix on purpose: no route matching, no Fetch Request/Response
 * conversion and no compression of a 100-byte reply, which together cost more CPU than the save.
 * The checks, in order (after the same-origin check every write passes): a JSON content type,
 * a session cookie, a well-formed entry id, a JSON body, the body's schema. That the session is
 * live (not logged out, not expired) is checked inside the save's statement. Every refusal is JSON with a Vietnamese message; ownership of the entry,
 * the clock and a required password change are checked by the save's own SQL statement.
 */
export function entryJsonEndpoint<S extends z.ZodType, R extends object>(
  db: DB,
  schema: S,
  invalidMessage: string,
  handle: (call: EntryCall<z.infer<S>>) => Promise<R>,
) {
  return async (req: ExpressRequest, res: ExpressResponse) => {
    let tokenHash: Buffer | null = null;
    const reply = (status: number, body: object, headers: Record<string, string> = {}) => {
      const text = JSON.stringify(body);
      res.writeHead(status, {
        "Content-Type": "application/json; charset=utf-8",
        "Content-Length": Buffer.byteLength(text),
        "Cache-Control": "no-store",
        ...headers,
      });
      res.end(text);
    };
    const refuse = (status: number, message: string, code?: string) => reply(status, { ok: false, code, message });
    try {
      const contentType = req.headers["content-type"];
      if (contentType === undefined || !JSON_CONTENT_TYPE.test(contentType)) {
        return refuse(415, "Yêu cầu bị từ chối vì dữ liệu không được gửi từ trang làm bài của hệ thống. Hãy tải lại trang rồi chọn lại câu trả lời.", "unsupported_content_type");
      }
      tokenHash = await sessionTokenHash(req.headers.cookie);
      if (!tokenHash) return refuse(401, SESSION_ENDED, "unauthenticated");
      const entryId = String(req.params.entryId ?? "");
      if (parseBigintId(entryId) === null) return refuse(404, NOT_FOUND.entry);
      const raw = await readBody(req);
      if (raw === null) return refuse(413, "Dữ liệu gửi lên quá lớn.");
      let body: unknown;
      try {
        body = JSON.parse(raw);
      } catch {
        return refuse(400, "Dữ liệu gửi lên không đúng định dạng JSON.");
      }
      const parsed = schema.safeParse(body);
      if (!parsed.success) return refuse(400, invalidMessage);
      const result = await handle({ db, userId: { sessionTokenHash: tokenHash }, entryId, data: parsed.data });
      reply(200, { ok: true, ...result });
    } catch (error) {
      // Never rethrown: Express 4 does not catch a rejected handler, and the process would end.
      try {
        if (res.headersSent) return;
        if (error instanceof UserFacingError) {
          // "Not found" for a session that has ended means: log in again (only on this rare path).
          if (error.status === 404 && tokenHash && !(await sessionIsLive(db, tokenHash))) return refuse(401, SESSION_ENDED, "unauthenticated");
          return refuse(error.status, error.message, error.code);
        }
        throw error;
      } catch (failure) {
        if (res.headersSent) return;
        if (isDatabaseUnavailable(failure)) {
          // A lost connection, a restart, a lock or pool wait past its limit: the page's queue retries after Retry-After.
          console.warn(`[bài thi] chưa lưu được một câu trả lời vì mất kết nối cơ sở dữ liệu; trang của thí sinh sẽ tự gửi lại (chi tiết: ${(failure as Error).message})`);
          return reply(503, { ok: false, code: "database_unavailable", message: ANSWER_NOT_SAVED_MESSAGE }, { "Retry-After": String(RETRY_AFTER_SECONDS) });
        }
        console.error(failure);
        refuse(500, "Máy chủ đang gặp sự cố, câu trả lời chưa được lưu. Hệ thống sẽ tự gửi lại.");
      }
    }
  };
}

const SESSION_ENDED = "Phiên đăng nhập đã hết hạn. Vui lòng đăng nhập lại.";

async function sessionIsLive(db: DB, tokenHash: Buffer): Promise<boolean> {
  const row = await db.selectFrom("sessions as s").select("s.id").where("s.token_hash", "=", tokenHash).where(liveSessionSql("s")).executeTakeFirst();
  return row !== undefined;
}

/** The request body as text, or null when it is larger than we accept. */
function readBody(req: ExpressRequest): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on("end", () => resolve(tooLarge ? null : Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}
