import { foldText } from "~/text/normalize";

// Every downloaded file is named the same way: in Vietnamese, with its diacritics, as people name
// their own files ("Mẫu nhập câu hỏi.xlsx", "Đề nghị khen thưởng - Cuộc thi … - Dự thảo.pdf").
// The header carries that name in filename* (RFC 6266 / RFC 5987), which every current browser
// reads, and an unaccented fallback in filename for the clients that do not.

const OFFSET_MS = 7 * 60 * 60 * 1000;
/** Characters no file name may hold on Windows, macOS or phones, and line breaks. */
const FORBIDDEN = /[\\/:*?"<>|\u0000-\u001f\u007f]+/g;
const MAX_BASE_LENGTH = 150;

/** "23-11-2026": a day in Vietnam (UTC+7) as a file name can hold it (no slashes). */
export function fileNameDate(instant: Date): string {
  const shifted = new Date(instant.getTime() + OFFSET_MS);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${pad(shifted.getUTCDate())}-${pad(shifted.getUTCMonth() + 1)}-${shifted.getUTCFullYear()}`;
}

/**
 * A download's name from its parts, joined by " - ": "Ngân hàng câu hỏi - Cải cách thể chế -
 * 23-11-2026.xlsx". Characters a file name cannot hold become spaces; empty parts are dropped;
 * the name is cut at 150 characters before the extension.
 */
export function downloadFileName(parts: readonly (string | null | undefined)[], extension: string): string {
  const base = parts
    .map((part) => (part ?? "").normalize("NFC").replace(FORBIDDEN, " ").replace(/\s+/g, " ").trim())
    .filter(Boolean)
    .join(" - ")
    .slice(0, MAX_BASE_LENGTH)
    .trim()
    .replace(/[.\s-]+$/, "");
  return `${base || "Tệp tải về"}.${extension}`;
}

/** "bang-xep-hang-ca-nhan-cuoc-thi.xlsx": the name without diacritics, for clients that do not read filename*. */
export function asciiFileName(fileName: string): string {
  const dot = fileName.lastIndexOf(".");
  const extension = dot > 0 ? fileName.slice(dot + 1).toLowerCase().replace(/[^a-z0-9]/g, "") : "";
  const base = foldText(dot > 0 ? fileName.slice(0, dot) : fileName)
    .replace(/[^a-z0-9]+/g, "-")
    .slice(0, 100)
    .replace(/^-+|-+$/g, "");
  return `${base || "tep-tai-ve"}${extension ? `.${extension}` : ""}`;
}

/** The Content-Disposition of a download named `fileName` (from downloadFileName). */
export function attachment(fileName: string): string {
  const name = fileName.normalize("NFC");
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${asciiFileName(name)}"; filename*=UTF-8''${encoded}`;
}
