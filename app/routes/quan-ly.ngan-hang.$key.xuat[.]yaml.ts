import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireRole } from "~/auth/auth.server";
import { bankByKey, bankQuestionsForExport, exportFileName } from "~/banks/bank-export.server";
import { buildQuestionYaml } from "~/banks/exchange/yaml-exchange.server";
import { attachment } from "~/http/download-name";
import { notFound } from "~/http/responses.server";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requireRole(context.db, request, ["organizer"]);
  const bank = await bankByKey(context.db, params.key ?? "");
  if (!bank) notFound("Không tìm thấy ngân hàng câu hỏi.");
  return new Response(buildQuestionYaml(await bankQuestionsForExport(context.db, bank.id)), {
    headers: {
      "Content-Type": "application/yaml; charset=utf-8",
      "Content-Disposition": attachment(exportFileName(bank.title, "yaml")),
      "Cache-Control": "no-store",
    },
  });
}
