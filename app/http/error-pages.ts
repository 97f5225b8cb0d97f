// What an error page says for each HTTP status: a title, and a message for when the refusal
// carries none of its own. Plain Vietnamese, shown under the site's header.

export interface ErrorPageText {
  title: string;
  message: string;
}

const PAGES: Record<number, ErrorPageText> = {
  400: { title: "Yêu cầu không hợp lệ", message: "Thông tin gửi lên chưa đúng. Hãy quay lại trang trước, kiểm tra rồi thử lại." },
  401: { title: "Cần đăng nhập", message: "Phiên đăng nhập đã kết thúc. Hãy đăng nhập lại để tiếp tục." },
  403: { title: "Không có quyền truy cập", message: "Tài khoản của bạn không được phép xem hoặc thực hiện việc này." },
  404: { title: "Không tìm thấy trang", message: "Đường dẫn không đúng hoặc nội dung đã bị gỡ." },
  405: { title: "Thao tác không được hỗ trợ", message: "Trang này không nhận thao tác vừa gửi." },
  409: { title: "Không thực hiện được", message: "Dữ liệu vừa được thay đổi ở nơi khác. Hãy tải lại trang rồi thử lại." },
  413: { title: "Dữ liệu quá lớn", message: "Dữ liệu gửi lên vượt quá giới hạn cho phép." },
  429: { title: "Quá nhiều yêu cầu", message: "Bạn đã thử quá nhiều lần trong thời gian ngắn. Hãy đợi một lúc rồi thử lại." },
  503: { title: "Hệ thống đang bận", message: "Hệ thống đang quá tải hoặc đang bảo trì. Hãy thử lại sau ít phút." },
};

const SERVER_ERROR: ErrorPageText = {
  title: "Đã có lỗi xảy ra",
  message: "Vui lòng thử lại sau ít phút. Nếu lỗi lặp lại, hãy báo cho ban tổ chức.",
};

/**
 * The text of the error page for a status; `refusal` is the message the server gave with it (a
 * Vietnamese refusal such as "Không tìm thấy cuộc thi."), which wins over the generic one. A 500
 * or an unknown server status never echoes what it carries; a 503 is thrown on purpose, with its words.
 */
export function errorPageText(status: number | null, refusal?: unknown): ErrorPageText {
  if (status === null || (status >= 500 && status !== 503)) return SERVER_ERROR;
  const page = PAGES[status] ?? PAGES[400];
  return typeof refusal === "string" && refusal.trim() !== "" ? { ...page, message: refusal } : page;
}
