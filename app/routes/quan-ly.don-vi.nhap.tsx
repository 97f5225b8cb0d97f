import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useNavigation } from "@remix-run/react";
import { requireRole } from "~/auth/auth.server";
import { FileImportForm } from "~/components/file-import-form";
import { ImportProblemsTable } from "~/components/import-problems-table";
import { handleIntents, intent, type Done } from "~/http/form-actions.server";
import { formLevel, uploadedFile } from "~/http/forms";
import { formatNumber } from "~/text/format";
import { unitKindLabel } from "~/units/tree-edits";
import { MAX_UNIT_FILE_BYTES, MAX_UNIT_ROWS, type UnitImportPlan, type UnitImportProblem } from "~/units/unit-import";
import { applyUnitImport, parseUnitWorkbook, planUnitImportFromDb } from "~/units/unit-import.server";
import { z } from "~/validation/z";

export const meta: MetaFunction = () => [{ title: "Nhập cây đơn vị từ tệp Excel · Quản lý" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireRole(context.db, request, ["organizer"]);
  return null;
}

type Summary = Pick<UnitImportPlan, "created" | "updated" | "absent"> & { unchanged: number };

type UnitImportReport = {
  fileName: string;
  outcome: "refused" | "checked" | "applied";
  problems: UnitImportProblem[];
  summary: Summary | null;
};

const REFUSED = "Tệp có lỗi. Cây đơn vị chưa thay đổi gì.";

const summaryOf = (plan: UnitImportPlan): Summary => ({ created: plan.created, updated: plan.updated, absent: plan.absent, unchanged: plan.unchanged.length });

const counts = (s: Summary) =>
  `${formatNumber(s.created.length)} đơn vị mới, ${formatNumber(s.updated.length)} đơn vị cập nhật, ${formatNumber(s.unchanged)} giữ nguyên; ` +
  `${formatNumber(s.absent.length)} đơn vị không có trong tệp được giữ nguyên`;

const fileSchema = formLevel(z.object({ file: uploadedFile("Vui lòng chọn một tệp Excel chứa cây đơn vị.") }));

const answer = (status: number, message: string, report: UnitImportReport): Done<UnitImportReport> => ({ status, message, data: report });

async function readSheet(file: File) {
  return { fileName: file.name, sheet: await parseUnitWorkbook(file.name, new Uint8Array(await file.arrayBuffer())) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireRole(context.db, request, ["organizer"]);
  return handleIntents(
    request,
    {
      check: intent({
        schema: fileSchema,
        run: async ({ file }) => {
          const { fileName, sheet } = await readSheet(file);
          const plan = await planUnitImportFromDb(context.db, sheet);
          if (plan.problems.length > 0) return answer(400, REFUSED, { fileName, outcome: "refused", problems: plan.problems, summary: null });
          const summary = summaryOf(plan);
          const message = `Tệp hợp lệ: ${counts(summary)}. Xem lại rồi nhấn “Áp dụng thay đổi” (chọn lại tệp nếu ô chọn tệp đã trống).`;
          return answer(200, message, { fileName, outcome: "checked", problems: [], summary });
        },
      }),
      apply: intent({
        schema: fileSchema,
        run: async ({ file }) => {
          const { fileName, sheet } = await readSheet(file);
          const result = await applyUnitImport(context, sheet, { actorId: user.id, fileName });
          if (!result.ok) return answer(400, REFUSED, { fileName, outcome: "refused", problems: result.problems, summary: null });
          const summary = summaryOf(result.plan);
          const nothing = summary.created.length === 0 && summary.updated.length === 0;
          return answer(200, nothing ? "Cây đơn vị đã giống tệp: không có gì thay đổi." : `Đã áp dụng: ${counts(summary)}.`, { fileName, outcome: "applied", problems: [], summary });
        },
      }),
    },
    { upload: { maxBytes: MAX_UNIT_FILE_BYTES } },
  );
}

const CHANGE_LABELS = { name: "tên", kind: "loại", headcount: "biên chế", parent: "đơn vị cấp trên" } as const;

function ChangeText({ unit }: { unit: Summary["updated"][number] }) {
  const parts = unit.changes.map((change) => {
    if (change === "name") return `Tên: ${unit.before.name} → ${unit.name}`;
    if (change === "kind") return `Loại: ${unitKindLabel(unit.before.kind)} → ${unitKindLabel(unit.kind)}`;
    if (change === "headcount") return `Biên chế: ${formatNumber(unit.before.headcount)} → ${formatNumber(unit.headcount)}`;
    return `Cấp trên: ${unit.before.parentCode ?? "(cấp cao nhất)"} → ${unit.parentCode ?? "(cấp cao nhất)"}`;
  });
  return <>{parts.join("; ") || unit.changes.map((c) => CHANGE_LABELS[c]).join(", ")}</>;
}

export default function ImportUnits() {
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const report = result?.data;
  const summary = report?.summary;
  return (
    <>
      <p className="small">
        <Link to="/quan-ly/don-vi">← Đơn vị</Link>
      </p>
      <h1>Nhập cây đơn vị từ tệp Excel</h1>
      <p className="small">
        Nhận tệp Excel theo <a href="/quan-ly/mau-don-vi.xlsx">tệp mẫu</a>, tối đa {formatNumber(MAX_UNIT_ROWS)} đơn vị và{" "}
        {MAX_UNIT_FILE_BYTES / 1024 / 1024} MB, mỗi dòng một đơn vị với các cột Mã đơn vị, Tên đơn vị, Mã đơn vị cấp trên, Loại đơn vị và Số biên
        chế. Để sửa cây hiện có, hãy <a href="/quan-ly/don-vi/xuat.xlsx">tải cây đơn vị hiện tại</a>, sửa rồi nhập lại. Đơn vị có mã đã có được
        cập nhật, mã mới tạo đơn vị mới; đơn vị không có trong tệp được giữ nguyên, không bị xoá. Tệp còn lỗi thì không có thay đổi nào.
      </p>
      <FileImportForm id="units-file" label="Tệp cây đơn vị" accept=".xlsx" applyIntent="apply" applyLabel="Áp dụng thay đổi" busy={busy} />
      {result && (
        <section className="card" aria-live="polite" data-testid="import-report">
          <p className={`alert ${result.ok ? "alert--ok" : "alert--error"}`}>{result.message}</p>
          {report && <p className="small muted">Tệp: {report.fileName}</p>}
          <ImportProblemsTable problems={report?.problems ?? []} formatCount={formatNumber} />
          {summary && summary.created.length > 0 && (
            <>
              <h2>{report?.outcome === "applied" ? "Đơn vị đã thêm" : "Đơn vị sẽ thêm"}</h2>
              <div className="table-wrap">
                <table className="card-table" data-testid="import-created">
                  <thead>
                    <tr>
                      <th className="num" scope="col">Dòng</th>
                      <th scope="col">Mã</th>
                      <th scope="col">Tên đơn vị</th>
                      <th scope="col">Cấp trên</th>
                      <th className="num" scope="col">Biên chế</th>
                    </tr>
                  </thead>
                  <tbody>
                    {summary.created.map((u) => (
                      <tr key={u.code}>
                        <td className="num" data-label="Dòng">{u.row}</td>
                        <td data-label="Mã">{u.code}</td>
                        <td data-label="Tên đơn vị">{u.name}</td>
                        <td data-label="Cấp trên">{u.parentCode ?? "—"}</td>
                        <td className="num" data-label="Biên chế">{formatNumber(u.headcount)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          )}
          {summary && summary.updated.length > 0 && (
            <>
              <h2>{report?.outcome === "applied" ? "Đơn vị đã cập nhật" : "Đơn vị sẽ cập nhật"}</h2>
              <div className="table-wrap">
                <table className="card-table" data-testid="import-updated">
                  <thead>
                    <tr>
                      <th className="num" scope="col">Dòng</th>
                      <th scope="col">Mã</th>
                      <th scope="col">Thay đổi</th>
                    </tr>
                  </thead>
                  <tbody>
                    {summary.updated.map((u) => (
                      <tr key={u.code}>
                        <td className="num" data-label="Dòng">{u.row}</td>
                        <td data-label="Mã">{u.code}</td>
                        <td data-label="Thay đổi">
                          <ChangeText unit={u} />
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          )}
          {summary && summary.absent.length > 0 && (
            <details>
              <summary>{`${formatNumber(summary.absent.length)} đơn vị không có trong tệp (giữ nguyên)`}</summary>
              <ul data-testid="import-absent">
                {summary.absent.map((u) => (
                  <li key={u.id}>
                    {`${u.name} (${u.code})`} — không có trong tệp
                  </li>
                ))}
              </ul>
            </details>
          )}
        </section>
      )}
    </>
  );
}
