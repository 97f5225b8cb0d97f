import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useNavigation } from "@remix-run/react";
import { useEffect, useState } from "react";
import { MAX_ACCOUNT_FILE_BYTES, MAX_ACCOUNT_ROWS, XLSX_CONTENT_TYPE } from "~/accounts/bulk-account-limits";
import {
  buildInitialPasswordsWorkbook,
  createAccountsFromSheet,
  parseAccountWorkbook,
  passwordListFileName,
  planAccounts,
  type AccountProblem,
} from "~/accounts/bulk-accounts.server";
import { clientInfo, requireRole } from "~/auth/auth.server";
import { FileImportForm } from "~/components/file-import-form";
import { ImportProblemsTable } from "~/components/import-problems-table";
import { handleIntents, intent, type Done } from "~/http/form-actions.server";
import { formLevel, uploadedFile } from "~/http/forms";
import { formatNumber } from "~/text/format";
import { z } from "~/validation/z";

export const meta: MetaFunction = () => [{ title: "Tạo tài khoản từ tệp Excel · Quản lý" }];

// The answer to "Tạo tài khoản" carries the initial passwords: never kept by a browser or proxy cache.
export const headers: HeadersFunction = () => ({ "Cache-Control": "no-store" });

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireRole(context.db, request, ["organizer"]);
  return null;
}

type CreatedRow = { row: number; fullName: string; login: string; unitCode: string; position: string | null; initialPassword: string };

type AccountImportReport = {
  fileName: string;
  outcome: "refused" | "checked" | "created";
  problems: AccountProblem[];
  /** Accounts in the file (checked) or created. */
  count: number;
  created: CreatedRow[] | null;
  /** The .xlsx of initial passwords, only in the answer that created the accounts. */
  download: { name: string; base64: string } | null;
};

const REFUSED = "Tệp có lỗi. Chưa có tài khoản nào được tạo.";

function passwordFileName(): string {
  return passwordListFileName(new Date());
}

const fileSchema = formLevel(z.object({ file: uploadedFile("Vui lòng chọn một tệp Excel để tạo tài khoản.") }));

const answer = (status: number, message: string, report: Partial<AccountImportReport> & Pick<AccountImportReport, "fileName" | "outcome">): Done<AccountImportReport> => ({
  status,
  message,
  data: { problems: [], count: 0, created: null, download: null, ...report },
  headers: { "Cache-Control": "no-store" },
});

async function readSheet(file: File) {
  return { fileName: file.name, sheet: await parseAccountWorkbook(file.name, new Uint8Array(await file.arrayBuffer())) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const organizer = await requireRole(context.db, request, ["organizer"]);
  return handleIntents(
    request,
    {
      check: intent({
        schema: fileSchema,
        run: async ({ file }) => {
          const { fileName, sheet } = await readSheet(file);
          const plan = await planAccounts(context.db, sheet);
          if (plan.problems.length > 0) return answer(400, REFUSED, { fileName, outcome: "refused", problems: plan.problems });
          const message = `Tệp hợp lệ: sẽ tạo ${formatNumber(plan.accounts.length)} tài khoản. Xem lại rồi nhấn “Tạo tài khoản” (chọn lại tệp nếu ô chọn tệp đã trống).`;
          return answer(200, message, { fileName, outcome: "checked", count: plan.accounts.length });
        },
      }),
      create: intent({
        schema: fileSchema,
        run: async ({ file }) => {
          const { fileName, sheet } = await readSheet(file);
          const result = await createAccountsFromSheet(context, sheet, { actorId: organizer.id, fileName, client: clientInfo(request, context) });
          if (!result.ok) return answer(400, REFUSED, { fileName, outcome: "refused", problems: result.problems });
          const workbook = await buildInitialPasswordsWorkbook(result.created);
          return answer(200, `Đã tạo ${formatNumber(result.created.length)} tài khoản thí sinh.`, {
            fileName,
            outcome: "created",
            count: result.created.length,
            created: result.created,
            download: { name: passwordFileName(), base64: workbook.toString("base64") },
          });
        },
      }),
    },
    { upload: { maxBytes: MAX_ACCOUNT_FILE_BYTES } },
  );
}

/** A link to the password file: a data: URL in the HTML, swapped for a blob: URL once the page runs. */
function PasswordFileLink({ download }: { download: { name: string; base64: string } }) {
  const dataUrl = `data:${XLSX_CONTENT_TYPE};base64,${download.base64}`;
  const [href, setHref] = useState(dataUrl);
  useEffect(() => {
    const bytes = Uint8Array.from(atob(download.base64), (c) => c.charCodeAt(0));
    const url = URL.createObjectURL(new Blob([bytes], { type: XLSX_CONTENT_TYPE }));
    setHref(url);
    return () => URL.revokeObjectURL(url);
  }, [download.base64]);
  return (
    <a className="button" href={href} download={download.name} data-testid="password-file">
      Tải danh sách mật khẩu ban đầu (tệp Excel)
    </a>
  );
}

export default function ImportAccounts() {
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state !== "idle";
  const creating = busy && navigation.formData?.get("intent") === "create";
  const report = result?.data;
  return (
    <>
      <p className="small">
        <Link to="/quan-ly">← Quản lý cuộc thi</Link>
      </p>
      <h1>Tạo tài khoản từ tệp Excel</h1>
      <p className="small">
        Nhận tệp Excel theo <a href="/quan-ly/mau-tai-khoan.xlsx">tệp mẫu</a>, tối đa {formatNumber(MAX_ACCOUNT_ROWS)} người và{" "}
        {MAX_ACCOUNT_FILE_BYTES / 1024 / 1024} MB, với các cột Họ và tên, Email hoặc số điện thoại, Mã đơn vị và Chức vụ (không bắt buộc).
        Mỗi người được tạo một tài khoản thí sinh với mật khẩu ban đầu ngẫu nhiên, phải đổi ở lần đăng nhập đầu tiên. Tệp còn lỗi thì không
        tài khoản nào được tạo.
      </p>
      <FileImportForm
        id="accounts-file"
        label="Tệp danh sách tài khoản"
        accept=".xlsx"
        applyIntent="create"
        applyLabel="Tạo tài khoản"
        busy={busy}
        footer={
          creating && (
            <p className="small muted" role="status">
              Đang tạo tài khoản… Với tệp lớn, việc này có thể mất một đến hai phút; vui lòng không đóng trang.
            </p>
          )
        }
      />
      {result && (
        <section className="card" aria-live="polite" data-testid="import-report">
          <p className={`alert ${result.ok ? "alert--ok" : "alert--error"}`}>{result.message}</p>
          {report && <p className="small muted">Tệp: {report.fileName}</p>}
          <ImportProblemsTable problems={report?.problems ?? []} formatCount={formatNumber} />
          {report?.outcome === "created" && report.download && report.created && (
            <>
              <p className="alert alert--info" role="note">
                Mật khẩu ban đầu chỉ hiển thị một lần, ngay lúc này, và không được lưu lại ở dạng đọc được: hãy tải danh sách về, giữ kín và gửi
                riêng cho từng người. Nếu rời trang mà chưa tải, không thể xem lại các mật khẩu này.
              </p>
              <p>
                <PasswordFileLink download={report.download} />
              </p>
              <div className="table-wrap">
                <table className="card-table">
                  <thead>
                    <tr>
                      <th className="num" scope="col">Dòng</th>
                      <th scope="col">Họ và tên</th>
                      <th scope="col">Đăng nhập</th>
                      <th scope="col">Mã đơn vị</th>
                      <th scope="col">Mật khẩu ban đầu</th>
                    </tr>
                  </thead>
                  <tbody>
                    {report.created.map((account) => (
                      <tr key={account.row}>
                        <td className="num" data-label="Dòng">{account.row}</td>
                        <td data-label="Họ và tên">{account.fullName}</td>
                        <td data-label="Đăng nhập">{account.login}</td>
                        <td data-label="Mã đơn vị">{account.unitCode}</td>
                        <td data-label="Mật khẩu ban đầu">
                          <code>{account.initialPassword}</code>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          )}
        </section>
      )}
    </>
  );
}
