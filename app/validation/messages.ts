import type { z } from "zod";
import { formatNumber } from "~/text/format";

// The words a person reads when a field has no message of its own. zod's Vietnamese locale names
// types and patterns ("mong đợi string, nhận được undefined", "phải khớp với mẫu /^a$/"); a person
// filling in a form needs to know what to do instead. Every schema that can say more gives its own
// message; this is the floor under them. Pure: the server and the browser share it.

type Issue = z.core.$ZodRawIssue;

const bound = (value: unknown) => (typeof value === "bigint" || typeof value === "number" ? formatNumber(Number(value)) : String(value));

/** The message for an issue, by what went wrong and what kind of value was expected. */
export function plainMessage(issue: Issue): string {
  switch (issue.code) {
    case "invalid_type":
      if (issue.input === undefined || issue.input === null || issue.input === "") return "Vui lòng nhập thông tin này.";
      if (issue.expected === "int") return "Vui lòng nhập một số nguyên.";
      if (issue.expected === "number" || issue.expected === "bigint") return "Vui lòng nhập một số.";
      if (issue.expected === "date") return "Vui lòng nhập một ngày hợp lệ.";
      return "Giá trị không hợp lệ.";
    case "too_small": {
      const n = bound(issue.minimum);
      if (issue.origin === "string") return Number(issue.minimum) <= 1 ? "Vui lòng nhập thông tin này." : `Cần ít nhất ${n} ký tự.`;
      if (issue.origin === "array" || issue.origin === "set") return `Cần chọn ít nhất ${n} mục.`;
      if (issue.origin === "date") return "Ngày này sớm hơn mức cho phép.";
      return issue.inclusive === false ? `Giá trị phải lớn hơn ${n}.` : `Giá trị phải từ ${n} trở lên.`;
    }
    case "too_big": {
      const n = bound(issue.maximum);
      if (issue.origin === "string") return `Tối đa ${n} ký tự.`;
      if (issue.origin === "array" || issue.origin === "set") return `Chọn tối đa ${n} mục.`;
      if (issue.origin === "date") return "Ngày này muộn hơn mức cho phép.";
      if (issue.origin === "file") return "Tệp quá lớn.";
      return issue.inclusive === false ? `Giá trị phải nhỏ hơn ${n}.` : `Giá trị không được vượt quá ${n}.`;
    }
    case "invalid_format":
      if (issue.format === "email") return "Địa chỉ email không hợp lệ.";
      if (issue.format === "url") return "Địa chỉ trang web không hợp lệ.";
      if (issue.format === "date" || issue.format === "datetime") return "Vui lòng nhập một ngày hợp lệ.";
      return "Giá trị chưa đúng định dạng.";
    case "invalid_value":
      return "Lựa chọn không hợp lệ.";
    case "not_multiple_of":
      return `Giá trị phải là bội số của ${bound(issue.divisor)}.`;
    case "unrecognized_keys":
      return "Biểu mẫu có thông tin không được chấp nhận.";
    default:
      return "Giá trị không hợp lệ.";
  }
}
