import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireRole } from "~/auth/auth.server";
import { bankByKey } from "~/banks/bank-export.server";
import { applyImport, planImport, type ImportPlan, type ImportProblem } from "~/banks/bank-import.server";
import { MAX_UPLOAD_BYTES, readUploadedBankFile } from "~/banks/uploaded-bank-file.server";
import { FileImportForm } from "~/components/file-import-form";
import { ImportProblemsTable } from "~/components/import-problems-table";
import { notFound } from "~/http/responses.server";
import { handleIntents, intent, type Done } from "~/http/form-actions.server";
import { checkbox, fieldChecked, formLevel, uploadedFile } from "~/http/forms";
import { z } from "~/validation/z";

export const meta: MetaFunction = () => [{ title: "Nhập câu hỏi · Quản lý" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requireRole(context.db, request, ["organizer"]);
  const bank = await bankByKey(context.db, params.key ?? "");
  if (!bank) notFound("Không tìm thấy ngân hàng câu hỏi.");
  return { bank: { key: bank.key, title: bank.title } };
}

type ImportReport = {
  fileName: string;
  outcome: "refused" | "checked" | "imported";
  problems: ImportProblem[];
  plan: ImportPlan | null;
};

const REFUSED = "Tệp có lỗi. Chưa có câu hỏi nào được nhập.";

const importSchema = formLevel(z.object({ file: uploadedFile("Vui lòng chọn một tệp Excel hoặc tệp văn bản câu hỏi để nhập."), submitForReview: checkbox() }));

const answer = (status: number, message: string, report: Partial<ImportReport> & Pick<ImportReport, "fileName" | "outcome">): Done<ImportReport> => ({
  status,
  message,
  data: { problems: [], plan: null, ...report },
});

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireRole(context.db, request, ["organizer"]);
  const bank = await bankByKey(context.db, params.key ?? "");
  if (!bank) notFound("Không tìm thấy ngân hàng câu hỏi.");
  /** The file's questions planned against the bank, or the refusal that says what is wrong. */
  const plan = async (file: File) => {
    const fileName = file.name;
    const parsed = await readUploadedBankFile(fileName, new Uint8Array(await file.arrayBuffer()));
    if (parsed.problems.length > 0) return { ok: false as const, refusal: answer(400, REFUSED, { fileName, outcome: "refused", problems: parsed.problems }) };
    if (parsed.questions.length === 0) return { ok: false as const, refusal: answer(400, "Tệp không có câu hỏi nào.", { fileName, outcome: "refused" }) };
    const planned = await planImport(context.db, bank.id, parsed.questions);
    if (planned.problems.length > 0) return { ok: false as const, refusal: answer(409, REFUSED, { fileName, outcome: "refused", problems: planned.problems, plan: planned }) };
    return { ok: true as const, fileName, questions: parsed.questions, planned };
  };
  return handleIntents(
    request,
    {
      check: intent({
        schema: importSchema,
        run: async ({ file }) => {
          const checked = await plan(file);
          if (!checked.ok) return checked.refusal;
          return answer(200, "Tệp hợp lệ. Xem lại báo cáo rồi chọn tệp và nhấn “Nhập vào ngân hàng”.", { fileName: checked.fileName, outcome: "checked", plan: checked.planned });
        },
      }),
      import: intent({
        schema: importSchema,
        run: async ({ file, submitForReview }) => {
          const checked = await plan(file);
          if (!checked.ok) return checked.refusal;
          const applied = await applyImport(context, { bankId: bank.id, questions: checked.questions, actorId: user.id, submitForReview });
          const message = `Đã nhập: ${applied.counts.create} câu mới, ${applied.counts.update} câu có phiên bản mới, ${applied.counts.unchanged} câu không đổi.`;
          return answer(200, message, { fileName: checked.fileName, outcome: "imported", plan: applied });
        },
      }),
    },
    { upload: { maxBytes: MAX_UPLOAD_BYTES } },
  );
}

export default function ImportBank() {
  const { bank } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const report = result?.data;
  const duplicates = report?.plan?.rows.filter((r) => r.likelyDuplicateOf) ?? [];
  return (
    <>
      <p className="small">
        <Link to="/quan-ly/ngan-hang">← Ngân hàng câu hỏi</Link>
      </p>
      <h1>Nhập câu hỏi vào “{bank.title}”</h1>
      <p className="small">
        Nhận tệp Excel theo <a href="/quan-ly/mau-cau-hoi.xlsx">tệp mẫu</a> hoặc tệp văn bản xuất từ một ngân hàng, tối đa 5 MB. Câu có mã
        mới được thêm; câu có mã đã có và nội dung khác được lưu thành phiên bản mới và cần duyệt lại. Tệp còn lỗi thì không câu nào được
        nhập.
      </p>
      <FileImportForm id="bank-file" label="Tệp câu hỏi" accept=".xlsx,.yaml,.yml" applyIntent="import" applyLabel="Nhập vào ngân hàng" busy={busy}>
        <label className="row small" style={{ marginBottom: "1rem" }}>
          <input type="checkbox" name="submitForReview" defaultChecked={fieldChecked(result, "submitForReview", false)} /> Gửi duyệt ngay các câu được nhập
        </label>
      </FileImportForm>
      {result && (
        <section className="card" aria-live="polite" data-testid="import-report">
          <p className={`alert ${result.ok ? "alert--ok" : "alert--error"}`}>{result.message}</p>
          {report && <p className="small muted">Tệp: {report.fileName}</p>}
          {report?.plan && report.outcome === "checked" && (
            <p>{`Sẽ thêm ${report.plan.counts.create} câu mới, tạo phiên bản mới cho ${report.plan.counts.update} câu, ${report.plan.counts.unchanged} câu không đổi.`}</p>
          )}
          <ImportProblemsTable problems={report?.problems ?? []} />
          {duplicates.length > 0 && (
            <>
              <h2>Có thể trùng với câu hỏi đã có</h2>
              <p className="small muted">Không chặn việc nhập, nhưng nên xem lại trước khi duyệt.</p>
              <table className="card-table">
                <thead>
                  <tr>
                    <th className="num" scope="col">Dòng</th>
                    <th scope="col">Mã trong tệp</th>
                    <th scope="col">Trùng nội dung với</th>
                  </tr>
                </thead>
                <tbody>
                  {duplicates.map((d) => (
                    <tr key={d.row}>
                      <td className="num" data-label="Dòng">{d.row}</td>
                      <td data-label="Mã trong tệp">{d.key}</td>
                      <td data-label="Trùng nội dung với">{d.likelyDuplicateOf}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
        </section>
      )}
    </>
  );
}
