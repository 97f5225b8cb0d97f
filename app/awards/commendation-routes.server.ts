import { requireRole } from "~/auth/auth.server";
import type { DBOrTransaction } from "~/database/connection.server";
import { notFound, refusalToResponse } from "~/http/responses.server";
import { intIdParam, NOT_FOUND, parseIntId } from "~/http/url-ids";
import { staffAwardsReader } from "./awards-reads.server";

// URL parsing shared by the award pages and downloads.

export function contestIdParam(raw: string | undefined): number {
  return intIdParam(raw, NOT_FOUND.contest);
}

/** `?phien-ban=2`: a published version; null for the default (latest, or the draft). */
export function versionParam(request: Request): number | null {
  const raw = new URL(request.url).searchParams.get("phien-ban");
  if (raw === null || raw === "") return null;
  const version = parseIntId(raw);
  if (version === null || version > 100_000) notFound("Không có bản công bố này.");
  return version;
}

/** `?pham-vi=3`: which scope of the proposal (0-based index in its order). */
export function scopeIndexParam(request: Request): number {
  const raw = new URL(request.url).searchParams.get("pham-vi");
  // 0-based: "0" is the first scope, and anything that is no index is the first too.
  const index = raw === "0" ? 0 : parseIntId(raw);
  return index !== null && index < 1000 ? index : 0;
}

/**
 * The reader of a contest's awards pages: organizers, admins and leaders get in (others: 403,
 * visitors: to the login page); what each may read is decided by the read rule in awards-reads.
 */
export async function requireAwardsReader(db: DBOrTransaction, request: Request, rawId: string | undefined) {
  const user = await requireRole(db, request, ["organizer", "leader"]);
  const id = contestIdParam(rawId);
  const { reader, contest } = await staffAwardsReader(db, user, id).catch(refusalToResponse);
  return { user, id, reader, contest };
}
