import type { OutgoingMail } from "./mailer.server";

// The password-reset mail, in plain text and in simple HTML. Pure: the caller gives the link.

const SITE = "Thi tìm hiểu cải cách hành chính";

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

export function passwordResetMail(input: { to: string; fullName: string; link: string; minutes: number }): OutgoingMail {
  const { fullName, link, minutes } = input;
  const subject = `Đặt lại mật khẩu · ${SITE}`;
  const text = [
    `Chào ${fullName},`,
    "",
    `Có người (có thể là chính bạn) vừa yêu cầu đặt lại mật khẩu tài khoản của bạn trên trang ${SITE}.`,
    `Để chọn mật khẩu mới, hãy mở liên kết dưới đây trong vòng ${minutes} phút:`,
    "",
    link,
    "",
    "Liên kết chỉ dùng được một lần. Sau khi đặt lại, mọi thiết bị đang đăng nhập tài khoản này sẽ bị đăng xuất.",
    "",
    "Nếu bạn không yêu cầu, hãy bỏ qua thư này: mật khẩu của bạn không thay đổi.",
    "Đừng chuyển tiếp thư này cho người khác.",
    "",
    `Ban tổ chức ${SITE}`,
  ].join("\n");
  const html = `<!doctype html>
<html lang="vi"><body style="font-family: Arial, sans-serif; line-height: 1.5; color: #1a1a1a">
<p>Chào ${escapeHtml(fullName)},</p>
<p>Có người (có thể là chính bạn) vừa yêu cầu đặt lại mật khẩu tài khoản của bạn trên trang ${SITE}.
Để chọn mật khẩu mới, hãy bấm nút dưới đây trong vòng ${minutes} phút:</p>
<p><a href="${escapeHtml(link)}" style="display: inline-block; padding: 10px 18px; background: #1d4ed8; color: #ffffff; text-decoration: none; border-radius: 4px">Đặt lại mật khẩu</a></p>
<p>Nếu nút không bấm được, hãy chép liên kết này vào trình duyệt:<br>${escapeHtml(link)}</p>
<p>Liên kết chỉ dùng được một lần. Sau khi đặt lại, mọi thiết bị đang đăng nhập tài khoản này sẽ bị đăng xuất.</p>
<p>Nếu bạn không yêu cầu, hãy bỏ qua thư này: mật khẩu của bạn không thay đổi. Đừng chuyển tiếp thư này cho người khác.</p>
<p>Ban tổ chức ${SITE}</p>
</body></html>
`;
  return { to: input.to, subject, text, html };
}
