import type { NextFunction, Request, Response } from "express";
import type { DB } from "~/database/connection.server";
import { logAccountEvent } from "./account-log.server";
import { personalDataDownload } from "./personal-data-downloads";
import { resolveSession } from "./sessions.server";

/**
 * Writes every successful download of other people's personal data to the account log, in one
 * place rather than in each route: after the response is sent, so the download is never slowed
 * or failed by the log (a failure to log is reported on the console).
 */
export function auditPersonalDataDownloads(db: DB) {
  return (req: Request, res: Response, next: NextFunction) => {
    const label = req.method === "GET" ? personalDataDownload(req.path) : null;
    if (label === null || req.query._data !== undefined) return next();
    res.on("finish", () => {
      if (res.statusCode !== 200) return;
      void (async () => {
        const session = await resolveSession(db, req.headers.cookie);
        await logAccountEvent(db, {
          kind: "personal_data_downloaded",
          actorId: session?.userId ?? null,
          client: { ip: req.ip ?? null, userAgent: req.get("user-agent") ?? null },
          details: { file: label, path: req.originalUrl.slice(0, 300) },
        });
      })().catch((error) => console.error("[nhật ký tài khoản] chưa ghi được một lượt tải dữ liệu cá nhân:", error instanceof Error ? error.message : error));
    });
    next();
  };
}
