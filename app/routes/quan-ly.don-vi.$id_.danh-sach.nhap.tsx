import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { FileImportForm } from "~/components/file-import-form";
import { ImportProblemsTable } from "~/components/import-problems-table";
import { handleIntents, intent, type Done } from "~/http/form-actions.server";
import { formLevel, uploadedFile } from "~/http/forms";
import { applyRosterImport, parseRosterWorkbook, planRosterImport, type RosterPlan } from "~/rosters/roster-import.server";
import { requireRosterAccess } from "~/rosters/roster-page.server";
import { MAX_ROSTER_FILE_BYTES, MAX_ROSTER_ROWS, birthDateText, type RosterField, type RosterPerson, type RosterProblem } from "~/rosters/roster-rules";
import { formatNumber } from "~/text/format";
import { z } from "~/validation/z";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Nhập danh sách cán bộ · ${data?.unit.name ?? "Đơn vị"}` }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { unit } = await requireRosterAccess(context.db, request, params.id, "manage");
  return { unit: { id: unit.id, name: unit.name, rosterSize: unit.rosterSize } };
}

type Person = Omit<RosterPerson, "nameFolded">;
type Summary = {
  added: (Person & { row: number })[];
  removed: Person[];
  changed: { row: number; before: Person; after: Person; fields: RosterField[] }[];
  unchanged: number;
};
type RosterReport = {
  fileName: string;
  outcome: "refused" | "checked" | "review" | "applied";
  problems: RosterProblem[];
  summary: Summary | null;
  /** Sent back with the replacement: the difference shown is the one applied. */
  token: string | null;
};

const REFUSED = "Tệp có lỗi. Danh sách của đơn vị chưa thay đổi gì.";
const person = (p: RosterPerson): Person => ({ fullName: p.fullName, birthDate: p.birthDate, cccd: p.cccd, phone: p.phone, position: p.position });
const summaryOf = (plan: RosterPlan): Summary | null =>
  plan.diff && {
    added: plan.diff.added.map((p) => ({ ...person(p), row: p.row })),
    removed: plan.diff.removed.map(person),
    changed: plan.diff.changed.map((c) => ({ row: c.row, before: person(c.before), after: person(c.after), fields: c.fields })),
    unchanged: plan.diff.unchanged.length,
  };
const counts = (s: Summary) =>
  `${formatNumber(s.added.length)} người thêm, ${formatNumber(s.changed.length)} người thay đổi thông tin, ${formatNumber(s.removed.length)} người bỏ khỏi danh sách, ${formatNumber(s.unchanged)} giữ nguyên`;

const fileSchema = formLevel(z.object({ file: uploadedFile("Vui lòng chọn một tệp Excel chứa danh sách cán bộ."), token: z.string().max(64).optional() }));
const answer = (status: number, message: string, report: RosterReport): Done<RosterReport> => ({ status, message, data: report });

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, unit } = await requireRosterAccess(context.db, request, params.id, "manage");
  const read = async (file: File) => ({ fileName: file.name, sheet: await parseRosterWorkbook(file.name, new Uint8Array(await file.arrayBuffer())) });
  return handleIntents(
    request,
    {
      check: intent({
        schema: fileSchema,
        run: async ({ file }) => {
          const { fileName, sheet } = await read(file);
          const plan = await planRosterImport(context.db, unit, sheet);
          if (plan.problems.length > 0) return answer(400, REFUSED, { fileName, outcome: "refused", problems: plan.problems, summary: null, token: null });
          const summary = summaryOf(plan)!;
          const next = plan.replaces ? "“Thay thế danh sách”" : "“Nhập danh sách”";
          return answer(200, `Tệp hợp lệ: ${counts(summary)}. Xem lại rồi nhấn ${next} (chọn lại tệp nếu ô chọn tệp đã trống).`, {
            fileName,
            outcome: "checked",
            problems: [],
            summary,
            token: plan.token,
          });
        },
      }),
      apply: intent({
        schema: fileSchema,
        run: async ({ file, token }) => {
          const { fileName, sheet } = await read(file);
          const result = await applyRosterImport(context, unit.id, sheet, { actorId: user.id, fileName, seenToken: token ?? null });
          if (result.outcome === "refused") return answer(400, REFUSED, { fileName, outcome: "refused", problems: result.problems, summary: null, token: null });
          const summary = summaryOf(result.plan)!;
          if (result.outcome === "review") {
            return answer(409, `Danh sách hiện có sẽ được thay thế: ${counts(summary)}. Xem lại rồi nhấn “Thay thế danh sách” lần nữa (chọn lại tệp nếu ô chọn tệp đã trống).`, {
              fileName,
              outcome: "review",
              problems: [],
              summary,
              token: result.plan.token,
            });
          }
          const message = result.changed ? `Đã cập nhật danh sách: ${counts(summary)}.` : "Danh sách đã giống tệp: không có gì thay đổi.";
          return answer(200, message, { fileName, outcome: "applied", problems: [], summary, token: null });
        },
      }),
    },
    { upload: { maxBytes: MAX_ROSTER_FILE_BYTES } },
  );
}

const FIELD_LABELS: Record<RosterField, string> = { fullName: "Họ và tên", birthDate: "Ngày sinh", cccd: "Số CCCD", phone: "Số điện thoại", position: "Chức vụ" };
const shown = (field: RosterField, p: Person) => {
  const value = p[field];
  if (value === null) return "(trống)";
  return field === "birthDate" ? birthDateText(value) : value;
};

function PeopleTable({ people, testId }: { people: (Person & { row?: number })[]; testId: string }) {
  return (
    <div className="table-wrap">
      <table className="card-table" data-testid={testId}>
        <thead>
          <tr>
            <th scope="col">Họ và tên</th>
            <th scope="col">Số CCCD</th>
            <th scope="col">Số điện thoại</th>
            <th scope="col">Chức vụ</th>
          </tr>
        </thead>
        <tbody>
          {people.map((p, i) => (
            <tr key={i}>
              <td data-label="Họ và tên">{p.row ? `${p.fullName} (dòng ${p.row})` : p.fullName}</td>
              <td data-label="Số CCCD">{p.cccd ?? "—"}</td>
              <td data-label="Số điện thoại">{p.phone ?? "—"}</td>
              <td data-label="Chức vụ">{p.position ?? "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export default function ImportRoster() {
  const { unit } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const report = result?.data;
  const summary = report?.summary;
  const done = report?.outcome === "applied";
  return (
    <>
      <p className="small">
        <Link to={`/quan-ly/don-vi/${unit.id}/danh-sach`}>← Danh sách cán bộ</Link>
      </p>
      <h1>Nhập danh sách cán bộ: {unit.name}</h1>
      <p className="small">
        Nhận tệp Excel theo <a href="/quan-ly/mau-danh-sach-can-bo.xlsx">tệp mẫu</a>, tối đa {formatNumber(MAX_ROSTER_ROWS)} người và {MAX_ROSTER_FILE_BYTES / 1024 / 1024} MB,
        mỗi dòng một người với các cột Họ và tên, Ngày sinh (không bắt buộc), Số CCCD, Số điện thoại (cần ít nhất một trong hai số) và Chức vụ. Tệp được kiểm tra
        trước; tệp còn lỗi thì danh sách không thay đổi gì.
        {unit.rosterSize !== null &&
          ` Đơn vị đã có danh sách ${formatNumber(unit.rosterSize)} người: tệp mới sẽ thay cho danh sách này, sau khi bạn xem những người được thêm, bỏ và thay đổi.`}
      </p>
      <FileImportForm
        id="roster-file"
        label="Tệp danh sách cán bộ"
        accept=".xlsx"
        applyIntent="apply"
        applyLabel={unit.rosterSize === null ? "Nhập danh sách" : "Thay thế danh sách"}
        busy={busy}
      >
        {report?.token && <input type="hidden" name="token" value={report.token} />}
      </FileImportForm>
      {result && (
        <section className="card" aria-live="polite" data-testid="import-report">
          <p className={`alert ${result.ok ? "alert--ok" : report?.outcome === "review" ? "alert--warning" : "alert--error"}`}>{result.message}</p>
          {report && <p className="small muted">Tệp: {report.fileName}</p>}
          <ImportProblemsTable problems={report?.problems ?? []} formatCount={formatNumber} />
          {summary && summary.added.length > 0 && (
            <>
              <h2>{done ? "Người đã thêm" : "Người sẽ thêm"}</h2>
              <PeopleTable people={summary.added} testId="roster-added" />
            </>
          )}
          {summary && summary.changed.length > 0 && (
            <>
              <h2>{done ? "Người đã thay đổi thông tin" : "Người sẽ thay đổi thông tin"}</h2>
              <div className="table-wrap">
                <table className="card-table" data-testid="roster-changed">
                  <thead>
                    <tr>
                      <th scope="col">Họ và tên</th>
                      <th scope="col">Thay đổi</th>
                    </tr>
                  </thead>
                  <tbody>
                    {summary.changed.map((c, i) => (
                      <tr key={i}>
                        <td data-label="Họ và tên">{`${c.after.fullName} (dòng ${c.row})`}</td>
                        <td data-label="Thay đổi">{c.fields.map((f) => `${FIELD_LABELS[f]}: ${shown(f, c.before)} → ${shown(f, c.after)}`).join("; ")}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          )}
          {summary && summary.removed.length > 0 && (
            <>
              <h2>{done ? "Người đã bỏ khỏi danh sách" : "Người sẽ bỏ khỏi danh sách"}</h2>
              <PeopleTable people={summary.removed} testId="roster-removed" />
            </>
          )}
        </section>
      )}
    </>
  );
}
