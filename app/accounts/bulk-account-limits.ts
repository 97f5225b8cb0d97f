// Limits of the bulk account import, shared by the server module and the page (which runs in the browser too).

export const MAX_ACCOUNT_ROWS = 5000;
export const MAX_ACCOUNT_FILE_BYTES = 5 * 1024 * 1024;
export const XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
