import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireRole } from "~/auth/auth.server";
import { bankByKey, bankQuestionsForExport, exportFileName } from "~/banks/bank-export.server";
import { buildQuestionWorkbook } from "~/banks/exchange/excel.server";
import { attachment } from "~/http/download-name";
import { notFound } from "~/http/responses.server";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requireRole(context.db, request, ["organizer"]);
  const bank = await bankByKey(context.db, params.key ?? "");
  if (!bank) notFound("Không tìm thấy ngân hàng câu hỏi.");
  const workbook = await buildQuestionWorkbook(await bankQuestionsForExport(context.db, bank.id));
  return new Response(new Uint8Array(workbook), {
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": attachment(exportFileName(bank.title, "xlsx")),
      "Cache-Control": "no-store",
    },
  });
}
