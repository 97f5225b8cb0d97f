import { OLD_WORKBOOK_MESSAGE } from "~/spreadsheets/read-sheet.server";
import { parseQuestionWorkbook } from "./exchange/excel.server";
import type { ExchangeResult } from "./exchange/exchange-question";
import { parseQuestionYaml } from "./exchange/yaml-exchange.server";

export const MAX_UPLOAD_BYTES = 5 * 1024 * 1024;

/**
 * Reads an uploaded bank file by what it is, not only by its name: an .xlsx must be a zip
 * container, a YAML file must be UTF-8 text. Anything else is refused with a clear message.
 */
export async function readUploadedBankFile(name: string, data: Uint8Array): Promise<ExchangeResult> {
  const lower = name.toLowerCase();
  const fail = (message: string): ExchangeResult => ({ questions: [], problems: [{ row: 0, column: "", message }] });
  if (data.byteLength === 0) return fail("Tệp rỗng.");
  if (data.byteLength > MAX_UPLOAD_BYTES) return fail(`Tệp quá lớn: tối đa ${MAX_UPLOAD_BYTES / 1024 / 1024} MB.`);
  if (lower.endsWith(".xlsx")) return parseQuestionWorkbook(Buffer.from(data));
  if (lower.endsWith(".yaml") || lower.endsWith(".yml")) {
    let text: string;
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(data);
    } catch {
      return fail("Tệp văn bản phải được lưu với bảng mã Unicode.");
    }
    return parseQuestionYaml(text);
  }
  if (lower.endsWith(".xls")) return fail(OLD_WORKBOOK_MESSAGE);
  return fail("Chỉ nhận tệp Excel soạn theo tệp mẫu, hoặc tệp văn bản xuất từ một ngân hàng câu hỏi.");
}
