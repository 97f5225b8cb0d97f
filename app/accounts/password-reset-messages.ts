// What the reset pages say, shared by the server and the pages in the browser.

/** What every accepted request is answered, whether or not the address belongs to an account. */
export const RESET_REQUESTED_MESSAGE =
  "Nếu địa chỉ này thuộc một tài khoản, chúng tôi đã gửi thư hướng dẫn đặt lại mật khẩu. Hãy mở hộp thư (cả mục thư rác) và bấm vào liên kết trong thư trong vòng 30 phút. Không thấy thư sau vài phút? Hãy kiểm tra lại địa chỉ email rồi gửi lại yêu cầu.";
/** What phone-only accounts must do instead (nothing can be mailed to them). */
export const RESET_BY_PHONE_MESSAGE =
  "Tài khoản đăng ký bằng số điện thoại không nhận được thư: hãy liên hệ ban tổ chức cuộc thi để được cấp mã đặt lại mật khẩu, rồi đăng nhập bằng mã đó và chọn mật khẩu mới.";

export const RESET_LINK_INVALID_MESSAGE =
  "Liên kết đặt lại mật khẩu này không dùng được: có thể nó đã hết hạn (liên kết chỉ có hiệu lực 30 phút), đã được dùng, hoặc bị chép thiếu.";
