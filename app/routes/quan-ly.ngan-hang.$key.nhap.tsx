import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { readBoundedUpload } from "~/http/bounded-upload.server";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireRole } from "~/auth/auth.server";
import { bankByKey } from "~/banks/bank-export.server";
import { applyImport, planImport, type ImportPlan, type ImportProblem } from "~/banks/bank-import.server";
import { MAX_UPLOAD_BYTES, readUploadedBankFile } from "~/banks/uploaded-bank-file.server";
import { FileImportForm } from "~/components/file-import-form";
import { ImportProblemsTable } from "~/components/import-problems-table";
import { notFound } from "~/http/responses.server";
import { UserFacingError } from "~/http/user-facing-error";

export const meta: MetaFunction = () => [{ title: "Nhập câu hỏi · Quản lý" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requireRole(context.db, request, ["organizer"]);
  const bank = await bankByKey(context.db, params.key ?? "");
  if (!bank) notFound("Không tìm thấy ngân hàng câu hỏi.");
  return { bank: { key: bank.key, title: bank.title } };
}

type ImportReport = {
  fileName: string | null;
  outcome: "refused" | "checked" | "imported";
  message: string;
  problems: ImportProblem[];
  plan: ImportPlan | null;
};

const report = (status: number, body: ImportReport) => json(body, { status });

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireRole(context.db, request, ["organizer"]);
  const bank = await bankByKey(context.db, params.key ?? "");
  if (!bank) notFound("Không tìm thấy ngân hàng câu hỏi.");
  const upload = await readBoundedUpload(request, MAX_UPLOAD_BYTES);
  if (!upload.ok) {
    const message = upload.reason === "too-large" ? `Tệp quá lớn: tối đa ${MAX_UPLOAD_BYTES / 1024 / 1024} MB.` : "Không đọc được tệp gửi lên. Vui lòng chọn lại tệp.";
    return report(upload.reason === "too-large" ? 413 : 400, { fileName: null, outcome: "refused", message, problems: [], plan: null });
  }
  const form = upload.form;
  const file = form.get("file");
  if (!file || typeof file === "string" || file.size === 0) {
    return report(400, { fileName: null, outcome: "refused", message: "Vui lòng chọn một tệp Excel hoặc tệp văn bản câu hỏi để nhập.", problems: [], plan: null });
  }
  const parsed = await readUploadedBankFile(file.name, new Uint8Array(await file.arrayBuffer()));
  if (parsed.problems.length > 0) {
    return report(400, { fileName: file.name, outcome: "refused", message: "Tệp có lỗi. Chưa có câu hỏi nào được nhập.", problems: parsed.problems, plan: null });
  }
  if (parsed.questions.length === 0) {
    return report(400, { fileName: file.name, outcome: "refused", message: "Tệp không có câu hỏi nào.", problems: [], plan: null });
  }
  const plan = await planImport(context.db, bank.id, parsed.questions);
  if (plan.problems.length > 0) {
    return report(409, { fileName: file.name, outcome: "refused", message: "Tệp có lỗi. Chưa có câu hỏi nào được nhập.", problems: plan.problems, plan });
  }
  if (form.get("intent") !== "import") {
    return report(200, { fileName: file.name, outcome: "checked", message: "Tệp hợp lệ. Xem lại báo cáo rồi chọn tệp và nhấn “Nhập vào ngân hàng”.", problems: [], plan });
  }
  try {
    const applied = await applyImport(context.db, { bankId: bank.id, questions: parsed.questions, actorId: user.id, submitForReview: form.get("submitForReview") === "on" });
    return report(200, {
      fileName: file.name,
      outcome: "imported",
      message: `Đã nhập: ${applied.counts.create} câu mới, ${applied.counts.update} câu có phiên bản mới, ${applied.counts.unchanged} câu không đổi.`,
      problems: [],
      plan: applied,
    });
  } catch (error) {
    if (error instanceof UserFacingError) {
      return report(error.status, { fileName: file.name, outcome: "refused", message: error.message, problems: [], plan: null });
    }
    throw error;
  }
}

export default function ImportBank() {
  const { bank } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const duplicates = result?.plan?.rows.filter((r) => r.likelyDuplicateOf) ?? [];
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
          <input type="checkbox" name="submitForReview" /> Gửi duyệt ngay các câu được nhập
        </label>
      </FileImportForm>
      {result && (
        <section className="card" aria-live="polite" data-testid="import-report">
          <p className={`alert ${result.outcome === "refused" ? "alert--error" : "alert--ok"}`}>{result.message}</p>
          {result.fileName && <p className="small muted">Tệp: {result.fileName}</p>}
          {result.plan && result.outcome === "checked" && (
            <p>{`Sẽ thêm ${result.plan.counts.create} câu mới, tạo phiên bản mới cho ${result.plan.counts.update} câu, ${result.plan.counts.unchanged} câu không đổi.`}</p>
          )}
          <ImportProblemsTable problems={result.problems} />
          {duplicates.length > 0 && (
            <>
              <h2>Có thể trùng với câu hỏi đã có</h2>
              <p className="small muted">Không chặn việc nhập, nhưng nên xem lại trước khi duyệt.</p>
              <table>
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
                      <td className="num">{d.row}</td>
                      <td>{d.key}</td>
                      <td>{d.likelyDuplicateOf}</td>
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
