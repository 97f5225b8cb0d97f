import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireRole } from "~/auth/auth.server";
import { buildTemplateWorkbook } from "~/banks/exchange/excel.server";
import { attachment, downloadFileName } from "~/http/download-name";

const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireRole(context.db, request, ["organizer"]);
  return new Response(new Uint8Array(await buildTemplateWorkbook()), {
    headers: { "Content-Type": XLSX_TYPE, "Content-Disposition": attachment(downloadFileName(["Mẫu nhập câu hỏi"], "xlsx")) },
  });
}
