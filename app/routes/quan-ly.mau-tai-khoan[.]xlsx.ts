import type { LoaderFunctionArgs } from "@remix-run/node";
import { XLSX_CONTENT_TYPE } from "~/accounts/bulk-account-limits";
import { buildAccountTemplateWorkbook } from "~/accounts/bulk-accounts.server";
import { requireRole } from "~/auth/auth.server";
import { attachment, downloadFileName } from "~/http/download-name";
import { listUnitChoices } from "~/units/units.server";

/** The template of the bulk account import, with the codes of the active units on its own sheet. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireRole(context.db, request, ["organizer"]);
  const units = await listUnitChoices(context.db);
  const workbook = await buildAccountTemplateWorkbook(units.map((unit) => ({ code: unit.code, label: unit.label })));
  return new Response(new Uint8Array(workbook), {
    headers: { "Content-Type": XLSX_CONTENT_TYPE, "Content-Disposition": attachment(downloadFileName(["Mẫu tạo tài khoản"], "xlsx")) },
  });
}
