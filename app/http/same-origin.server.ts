import type http from "node:http";
import type { RequestHandler, Response } from "express";
import { isFromThisSite, writeSource, type SameOriginPolicy, type WriteHeaders } from "./same-origin";

export const FOREIGN_ORIGIN_MESSAGE =
  "Yêu cầu bị từ chối vì không được gửi từ trang của hệ thống. Nếu bạn đang dùng hệ thống, hãy tải lại trang rồi thử lại.";

/**
 * Refuses (403) every request that may change something (any method but GET, HEAD, OPTIONS)
 * unless a page of this site sent it: Remix forms and fetchers (`?_data`), the answer saves, uploads.
 */
export function sameOriginWrites(policy: SameOriginPolicy): RequestHandler {
  return (req, res, next) => {
    const method = req.method;
    if (method === "GET" || method === "HEAD" || method === "OPTIONS") return next();
    const source = writeSource(req.headers as WriteHeaders, policy);
    if (source === "site") return next();
    if (source === "allowed-origin") {
      // Checked here; Remix's own check of document POSTs compares the Origin with the Host only,
      // which an allowed origin (a proxy that rewrites Host) never matches.
      delete req.headers.origin;
      return next();
    }
    refuse(req.url, res);
  };
}

/** socket.io's `allowRequest`: the same rule at the handshake (polling or WebSocket). */
export function sameOriginHandshake(policy: SameOriginPolicy) {
  return (req: http.IncomingMessage, callback: (error: string | null | undefined, success: boolean) => void) => {
    const allowed = isFromThisSite(req.headers as WriteHeaders, policy);
    callback(allowed ? null : FOREIGN_ORIGIN_MESSAGE, allowed);
  };
}

function refuse(url: string, res: Response) {
  res.setHeader("Cache-Control", "no-store");
  if (url.startsWith("/api/") || /[?&]_data(?:[=&]|$)/.test(url)) {
    res.status(403).json({ ok: false, code: "foreign_origin", message: FOREIGN_ORIGIN_MESSAGE });
    return;
  }
  res
    .status(403)
    .type("html")
    .send(
      `<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
        `<title>Yêu cầu bị từ chối</title></head><body><main><h1>Yêu cầu bị từ chối</h1><p>${FOREIGN_ORIGIN_MESSAGE}</p>` +
        `<p><a href="/">Về trang chủ</a></p></main></body></html>`,
    );
}
