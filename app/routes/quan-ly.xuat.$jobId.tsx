import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useRevalidator } from "@remix-run/react";
import { useEffect } from "react";
import { getExportJob, mayReadJob } from "~/exports/export-jobs.server";
import { requireExporter } from "~/exports/export-page.server";
import { EXPORT_STATUS_LABELS } from "~/exports/export-labels";
import { formatDateTime, formatNumber } from "~/text/format";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.job.fileName ?? "Xuất kết quả"} · Xuất kết quả` }];

/** The job's progress; the page asks again every 1.5 s until it is done or failed. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { user } = await requireExporter(context.db, request);
  const job = await getExportJob(context.db, params.jobId ?? "");
  // Someone else's job reads as missing: its existence is not theirs to learn.
  if (!job || !mayReadJob(job, user)) throw new Response("Không tìm thấy lần xuất này.", { status: 404 });
  return { job };
}

export default function ExportProgress() {
  const { job } = useLoaderData<typeof loader>();
  const revalidator = useRevalidator();
  const unfinished = job.status === "queued" || job.status === "running";
  useEffect(() => {
    if (!unfinished) return;
    const timer = setInterval(() => {
      if (revalidator.state === "idle" && document.visibilityState === "visible") revalidator.revalidate();
    }, 1500);
    return () => clearInterval(timer);
  }, [unfinished, revalidator]);
  const percent = job.rowsTotal ? Math.min(100, Math.floor((job.rowsDone / job.rowsTotal) * 100)) : job.status === "done" ? 100 : 0;
  return (
    <>
      <p className="small">
        <Link to={`/quan-ly/cuoc-thi/${job.contestId}/xuat`}>← Xuất kết quả</Link>
      </p>
      <h1>{job.title}</h1>
      <section className="card" aria-live="polite">
        <p>
          <strong>{job.fileName}</strong>
        </p>
        <p>{`Trạng thái: ${EXPORT_STATUS_LABELS[job.status]}`}</p>
        <progress max={100} value={percent} style={{ width: "100%" }} aria-label="Tiến độ xuất">
          {percent}%
        </progress>
        <p className="small">
          {job.rowsTotal !== null ? `${formatNumber(job.rowsDone)} / ${formatNumber(job.rowsTotal)} dòng (${percent}%)` : "Đang chuẩn bị…"}
        </p>
        {job.status === "done" && (
          <p>
            <a className="button" href={`/quan-ly/xuat/${job.id}/tai-ve`} download>
              Tải tệp Excel
            </a>{" "}
            <span className="muted small">{`Tệp được giữ đến ${formatDateTime(job.expiresAt)}.`}</span>
          </p>
        )}
        {job.status === "failed" && (
          <p className="alert alert--error" role="alert">
            {job.error ?? "Không xuất được tệp, vui lòng xuất lại."}
          </p>
        )}
      </section>
    </>
  );
}
