import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { endEverySession, endOneSession, ownSessions } from "~/accounts/account-sessions.server";
import { clientInfo, requireUser } from "~/auth/auth.server";
import { ROLE_LABELS } from "~/auth/roles";
import { clearSessionCookie } from "~/auth/sessions.server";
import { handleIntents, intent } from "~/http/form-actions.server";
import { bigintIdField, confirmField, formLevel } from "~/http/forms";
import { ConfirmAction } from "~/components/confirm-action";
import { UserFacingError } from "~/http/user-facing-error";
import { formatDateTime } from "~/text/format";
import { z } from "~/validation/z";

export const meta: MetaFunction = () => [{ title: "Tài khoản · Thi tìm hiểu CCHC" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(context.db, request);
  return {
    person: { fullName: user.fullName, role: ROLE_LABELS[user.role], unitName: user.unitName },
    sessions: await ownSessions(context.db, user),
    // "Đăng xuất khỏi mọi thiết bị" asks first: a link here with ?xac-nhan=dang-xuat-tat-ca.
    confirmEndAll: new URL(request.url).searchParams.get("xac-nhan") === "dang-xuat-tat-ca",
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(context.db, request);
  const client = clientInfo(request, context);
  return handleIntents(request, {
    "end-session": intent({
      schema: formLevel(z.object({ sessionId: bigintIdField("Phiên đăng nhập không hợp lệ.") })),
      run: async ({ sessionId }) => {
        if (sessionId === user.sessionId) throw new UserFacingError(400, "Đây là phiên bạn đang dùng: hãy bấm Đăng xuất.");
        if (!(await endOneSession(context.db, user, sessionId, client))) throw new UserFacingError(404, "Phiên đăng nhập này đã kết thúc.");
        return { message: "Đã đăng xuất thiết bị đó." };
      },
    }),
    "end-all": intent({
      // Sent from its confirmation panel only.
      schema: formLevel(z.object({ confirm: confirmField })),
      run: async () => {
        await endEverySession(context.db, user, client);
        return redirect("/dang-nhap", { headers: { "Set-Cookie": await clearSessionCookie() } });
      },
    }),
  });
}

export default function Account() {
  const { person, sessions, confirmEndAll } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  return (
    <>
      <h1>Tài khoản</h1>
      <section className="card">
        <p>
          <strong>{person.fullName}</strong>
          <br />
          <span className="muted">
            {person.role} · {person.unitName}
          </span>
        </p>
        <p>
          <Link to="/doi-mat-khau">Đổi mật khẩu</Link>
        </p>
      </section>
      <section className="card">
        <h2>Các thiết bị đang đăng nhập</h2>
        {result && (
          <p className={`alert ${result.ok ? "alert--ok" : "alert--error"}`} role="status">
            {result.message}
          </p>
        )}
        <ul className="session-list">
          {sessions.map((s) => (
            <li key={s.id} className="session-list__item">
              <div>
                <strong>{s.device}</strong>
                {s.current && (
                  <>
                    {" "}
                    <span className="badge">Thiết bị này</span>
                  </>
                )}
                <br />
                <span className="muted small">
                  Đăng nhập lúc {formatDateTime(s.createdAt)} · dùng gần nhất {formatDateTime(s.lastSeenAt)}
                  {s.ip ? ` · địa chỉ mạng ${s.ip}` : ""}
                </span>
              </div>
              {!s.current && (
                <Form method="post">
                  <input type="hidden" name="intent" value="end-session" />
                  <input type="hidden" name="sessionId" value={s.id} />
                  <button type="submit" className="button button--secondary button--small" disabled={busy}>
                    Đăng xuất thiết bị này
                  </button>
                </Form>
              )}
            </li>
          ))}
        </ul>
        {confirmEndAll ? (
          <ConfirmAction
            heading="Đăng xuất khỏi mọi thiết bị"
            lines={[
              sessions.length > 1
                ? `Cả ${sessions.length} thiết bị đang đăng nhập tài khoản này, gồm thiết bị bạn đang dùng, sẽ bị đăng xuất ngay.`
                : "Thiết bị bạn đang dùng, thiết bị duy nhất đang đăng nhập tài khoản này, sẽ bị đăng xuất ngay.",
              "Bài thi đang làm vẫn được giữ và vẫn tính giờ; muốn làm tiếp phải đăng nhập lại bằng mật khẩu.",
            ]}
            intent="end-all"
            confirmLabel="Xác nhận đăng xuất khỏi mọi thiết bị"
            cancelTo="/tai-khoan"
            busy={busy}
          />
        ) : (
          <div>
            <p className="muted small">Dùng khi bạn làm mất điện thoại hoặc nghi người khác biết mật khẩu; sau đó hãy đổi mật khẩu.</p>
            <Link className="button" to="/tai-khoan?xac-nhan=dang-xuat-tat-ca">
              Đăng xuất khỏi mọi thiết bị
            </Link>
          </div>
        )}
      </section>
    </>
  );
}
