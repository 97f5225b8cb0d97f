import { requireUser, type CurrentUser } from "~/auth/auth.server";
import type { DBOrTransaction } from "~/database/connection.server";
import { notFound } from "~/http/responses.server";
import { NOT_FOUND, intIdParam } from "~/http/url-ids";
import { loadRankingViewer } from "~/rankings/ranking-page.server";
import { maskCccd, maskPhone } from "./cccd";
import { rosterAccess, type RosterAccess } from "./roster-access";
import { findRosterUnit, rosterForPage, type RosterUnit } from "./roster-import.server";
import { birthDateText } from "./roster-rules";

const FORBIDDEN = () => new Response("Bạn không có quyền xem hoặc nhập danh sách của đơn vị này.", { status: 403, statusText: "Forbidden" });

/** The unit of the URL and what the logged-in reader may do with its roster; 404 / 403 otherwise. */
export async function requireRosterAccess(
  db: DBOrTransaction,
  request: Request,
  rawId: string | undefined,
  need: "read" | "manage",
): Promise<{ user: CurrentUser; unit: RosterUnit; access: RosterAccess }> {
  const user = await requireUser(db, request);
  const unitId = intIdParam(rawId, NOT_FOUND.unit);
  const unit = await findRosterUnit(db, unitId);
  if (!unit) notFound(NOT_FOUND.unit);
  const { viewer } = await loadRankingViewer(db, request);
  const access = rosterAccess(viewer, unit.path);
  if (!access[need]) throw FORBIDDEN();
  return { user, unit, access };
}

/** The roster as this reader may read it: CCCD and phone masked, no date of birth, without the right to see them. */
export async function rosterRowsFor(db: DBOrTransaction, unitId: number, access: RosterAccess) {
  const { rows, lastImport } = await rosterForPage(db, unitId);
  return {
    lastImport,
    rows: rows.map((r) => ({
      fullName: r.fullName,
      position: r.position,
      birthDate: access.details && r.birthDate ? birthDateText(r.birthDate) : null,
      cccd: r.cccd === null ? null : access.details ? r.cccd : maskCccd(r.cccd),
      phone: r.phone === null ? null : access.details ? r.phone : maskPhone(r.phone),
    })),
  };
}
