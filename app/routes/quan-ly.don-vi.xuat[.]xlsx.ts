import type { LoaderFunctionArgs } from "@remix-run/node";
import { XLSX_CONTENT_TYPE } from "~/accounts/bulk-account-limits";
import { requireRole } from "~/auth/auth.server";
import { attachment, downloadFileName, fileNameDate } from "~/http/download-name";
import { buildUnitWorkbook, exportRowsOf } from "~/units/unit-import.server";
import { loadUnitTree } from "~/units/unit-tree-view.server";

/** The active unit tree in the import format, parents first: edit it and import it back. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireRole(context.db, request, ["organizer"]);
  const workbook = await buildUnitWorkbook(exportRowsOf(await loadUnitTree(context.db)));
  return new Response(new Uint8Array(workbook), {
    headers: { "Content-Type": XLSX_CONTENT_TYPE, "Content-Disposition": attachment(downloadFileName(["Cây đơn vị", fileNameDate(new Date())], "xlsx")), "Cache-Control": "no-store" },
  });
}
