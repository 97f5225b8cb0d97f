import type { LoaderFunctionArgs } from "@remix-run/node";
import { XLSX_CONTENT_TYPE } from "~/accounts/bulk-account-limits";
import { exportFile, getExportJob, mayReadJob } from "~/exports/export-jobs.server";
import { requireExporter } from "~/exports/export-page.server";
import { attachment } from "~/http/download-name";

/** The finished file: only for the person who asked for it, or an organizer or admin. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { user } = await requireExporter(context.db, request);
  const job = await getExportJob(context.db, params.jobId ?? "");
  if (!job || !mayReadJob(job, user)) throw new Response("Không tìm thấy lần xuất này.", { status: 404 });
  if (job.status !== "done") throw new Response("Tệp chưa xuất xong. Vui lòng đợi đến khi tiến độ đạt 100%.", { status: 409 });
  const file = await exportFile(context.db, job.id);
  if (!file) throw new Response("Tệp đã hết hạn lưu giữ, vui lòng xuất lại.", { status: 410 });
  return new Response(new Uint8Array(file.content), {
    headers: {
      "Content-Type": XLSX_CONTENT_TYPE,
      "Content-Disposition": attachment(file.fileName),
      "Content-Length": String(file.content.length),
      "Cache-Control": "private, no-store",
    },
  });
}
