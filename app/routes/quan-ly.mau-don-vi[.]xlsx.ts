import type { LoaderFunctionArgs } from "@remix-run/node";
import { XLSX_CONTENT_TYPE } from "~/accounts/bulk-account-limits";
import { requireRole } from "~/auth/auth.server";
import { attachment, downloadFileName } from "~/http/download-name";
import { buildUnitWorkbook } from "~/units/unit-import.server";

/** The template of the unit tree import: an empty "Đơn vị" sheet, a guide and the kinds. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireRole(context.db, request, ["organizer"]);
  const workbook = await buildUnitWorkbook([]);
  return new Response(new Uint8Array(workbook), {
    headers: { "Content-Type": XLSX_CONTENT_TYPE, "Content-Disposition": attachment(downloadFileName(["Mẫu cây đơn vị"], "xlsx")) },
  });
}
