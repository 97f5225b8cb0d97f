import type { LoaderFunctionArgs } from "@remix-run/node";
import { XLSX_CONTENT_TYPE } from "~/accounts/bulk-account-limits";
import { requireRole } from "~/auth/auth.server";
import { attachment, downloadFileName } from "~/http/download-name";
import { buildRosterTemplate } from "~/rosters/roster-import.server";

/** The template of a unit's roster: an empty "Danh sách" sheet and a guide. Leaders import their units' lists too. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireRole(context.db, request, ["organizer", "leader"]);
  const workbook = await buildRosterTemplate();
  return new Response(new Uint8Array(workbook), {
    headers: { "Content-Type": XLSX_CONTENT_TYPE, "Content-Disposition": attachment(downloadFileName(["Mẫu danh sách cán bộ"], "xlsx")) },
  });
}
