import ExcelJS from "exceljs";
import { formatNumber } from "~/text/format";
import {
  BLANK,
  formulaErrorMessage,
  neutralizeCellText,
  readFirstSheet,
  type CellRead,
  type SheetColumn,
  type SheetRow,
} from "~/spreadsheets/read-sheet.server";
import { choiceKey, choiceNames, DIFFICULTY_LABELS, QUESTION_TYPE_LABELS, TOPICS, TOPIC_KEYS, type TopicKey } from "../topics";
import {
  OPTION_LETTERS,
  checkFileQuestion,
  findDuplicates,
  fromFileQuestion,
  type Difficulty,
  type ExchangeProblem,
  type ExchangeQuestion,
  type ExchangeResult,
  type OptionLetter,
  type QuestionType,
} from "./exchange-question";

// Question banks as .xlsx: the template organizers fill in, the export of a bank,
// and the import of either. One question per row, columns found by their header.

export { INVALID_WORKBOOK_MESSAGE, neutralizeCellText, restoreCellText } from "~/spreadsheets/read-sheet.server";

export const MAX_QUESTION_ROWS = 5000;
export const QUESTION_SHEET_NAME = "Câu hỏi";
export const GUIDE_SHEET_NAME = "Hướng dẫn";

type OptionColumnId = `option${OptionLetter}`;
export type QuestionColumnId =
  | "key"
  | "topic"
  | "type"
  | "difficulty"
  | "stem"
  | OptionColumnId
  | "correct"
  | "explanation"
  | "document"
  | "issuer"
  | "date"
  | "article"
  | "tags";

export interface QuestionColumn extends SheetColumn<QuestionColumnId> {
  width: number;
  wrap: boolean;
  /** How to fill the column (shown on the template's "Hướng dẫn" sheet). */
  help: string;
}

const OPTION_HELP =
  "Từ 2 đến 6 phương án, điền liên tiếp từ cột Phương án A; các phương án của một câu không được trùng nhau. " +
  'Câu Đúng / Sai: Phương án A là "Đúng", Phương án B là "Sai".';

/** The template's columns, in order. */
export const QUESTION_COLUMNS: readonly QuestionColumn[] = [
  {
    id: "key",
    header: "Mã câu hỏi",
    required: true,
    width: 16,
    wrap: false,
    help: "Mã ổn định, không trùng trong tệp: chữ thường không dấu, số và dấu gạch ngang, ví dụ the-che-001. Không dùng lại mã của câu đã bỏ.",
  },
  {
    id: "topic",
    header: "Chủ đề",
    required: true,
    width: 30,
    wrap: true,
    help: "Tên một chủ đề trong bảng Chủ đề bên dưới (chọn trong danh sách của ô); không phân biệt chữ hoa, chữ thường, có dấu hay không dấu.",
  },
  {
    id: "type",
    header: "Loại câu hỏi",
    required: true,
    width: 20,
    wrap: false,
    help: "Tên một loại câu hỏi trong bảng Loại câu hỏi bên dưới (chọn trong danh sách của ô).",
  },
  {
    id: "difficulty",
    header: "Độ khó",
    required: true,
    width: 13,
    wrap: false,
    help: "Tên một độ khó trong bảng Độ khó bên dưới (chọn trong danh sách của ô).",
  },
  {
    id: "stem",
    header: "Nội dung câu hỏi",
    required: true,
    width: 60,
    wrap: true,
    help: "Câu hỏi đầy đủ. Hai câu trong một tệp không được trùng nội dung, kể cả khi chỉ khác dấu, chữ hoa, chữ thường hay khoảng trắng.",
  },
  ...OPTION_LETTERS.map(
    (letter): QuestionColumn => ({
      id: `option${letter}`,
      header: `Phương án ${letter}`,
      required: letter === "A" || letter === "B",
      width: 30,
      wrap: true,
      help: OPTION_HELP,
    }),
  ),
  {
    id: "correct",
    header: "Đáp án đúng",
    required: true,
    width: 13,
    wrap: false,
    help:
      'Chữ cái của phương án đúng, ví dụ "B". Câu một đáp án đúng và câu Đúng / Sai: đúng một chữ cái. ' +
      'Câu nhiều đáp án đúng: ít nhất hai chữ cái, cách nhau bởi dấu phẩy, ví dụ "A, C".',
  },
  {
    id: "explanation",
    header: "Giải thích",
    required: true,
    width: 50,
    wrap: true,
    help: "Giải thích vì sao đáp án đúng, dẫn chiếu văn bản căn cứ.",
  },
  {
    id: "document",
    header: "Văn bản căn cứ",
    required: true,
    width: 32,
    wrap: true,
    help: "Loại và số hiệu của văn bản là nguồn của đáp án đúng.",
  },
  {
    id: "issuer",
    header: "Cơ quan ban hành",
    required: true,
    width: 24,
    wrap: true,
    help: "Cơ quan, người có thẩm quyền ban hành văn bản căn cứ.",
  },
  {
    id: "date",
    header: "Ngày ban hành",
    required: true,
    width: 15,
    wrap: false,
    help:
      "Ngày ban hành văn bản căn cứ: ô kiểu ngày, hoặc chữ ghi ngày/tháng/năm (ví dụ 31/12/2024) hay năm-tháng-ngày (ví dụ 2024-12-31). " +
      "Nên gõ năm-tháng-ngày để Excel không hiểu nhầm ngày thành tháng.",
  },
  {
    id: "article",
    header: "Điều, khoản",
    required: false,
    width: 18,
    wrap: true,
    help: "Không bắt buộc. Điều, khoản, mục của văn bản căn cứ chứa nội dung của đáp án, ví dụ Điều 5, khoản 2.",
  },
  {
    id: "tags",
    header: "Thẻ",
    required: false,
    width: 22,
    wrap: true,
    help: "Không bắt buộc. Các thẻ cách nhau bởi dấu phẩy; mỗi thẻ không chứa dấu phẩy.",
  },
];

export const QUESTION_COLUMN_HEADERS: readonly string[] = QUESTION_COLUMNS.map((column) => column.header);

const COLUMN_BY_ID = new Map(QUESTION_COLUMNS.map((column, index) => [column.id, { ...column, index }]));
const headerOf = (id: QuestionColumnId) => COLUMN_BY_ID.get(id)!.header;
const orderOf = (header: string) => QUESTION_COLUMNS.findIndex((column) => column.header === header);

// A cell may hold a choice's name or, as older files did, its key; messages list the names only.
const matchTopic = (text: string) => choiceKey<TopicKey>(TOPICS, text);
const matchType = (text: string) => choiceKey<QuestionType>(QUESTION_TYPE_LABELS, text);
const matchDifficulty = (text: string) => choiceKey<Difficulty>(DIFFICULTY_LABELS, text);

// --- Reading -----------------------------------------------------------------------------------

const pad = (n: number, width = 2) => String(n).padStart(width, "0");
const isoOfUtc = (date: Date) => `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
const dmyOfUtc = (date: Date) => `${pad(date.getUTCDate())}/${pad(date.getUTCMonth() + 1)}/${pad(date.getUTCFullYear(), 4)}`;

/** "31/12/2024", "31-12-2024", "31.12.2024" or "2024-12-31" → "2024-12-31"; whether the day exists is the schema's check. */
function parseDateText(text: string): string | null {
  const ymd = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
  if (ymd) return `${ymd[1]}-${pad(Number(ymd[2]))}-${pad(Number(ymd[3]))}`;
  const dmy = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(text);
  if (dmy) return `${dmy[3]}-${pad(Number(dmy[2]))}-${pad(Number(dmy[1]))}`;
  return null;
}

type RowCells = Map<QuestionColumnId, CellRead>;

/**
 * Reads questions from the first worksheet of an .xlsx file: row 1 holds the headers (any order),
 * every further non-empty row is one question. Never throws; every problem names its row and column.
 */
export async function parseQuestionWorkbook(data: Buffer | ArrayBuffer): Promise<ExchangeResult> {
  return readFirstSheet(data, { columns: QUESTION_COLUMNS, noun: "câu hỏi", maxRows: MAX_QUESTION_ROWS, headerProblemRow: 1 }, (read) =>
    read.ok ? convertRows(read.rows) : { questions: [], problems: read.problems },
  );
}

function convertRows(rows: SheetRow<QuestionColumnId>[]): ExchangeResult {
  const problems: ExchangeProblem[] = [];
  const converted = rows.map(({ row, cells }) => ({ row, cells, ...convertRow(cells) }));
  const duplicates = findDuplicates(
    converted.map(({ row, cells }) => ({ key: textOf(cells, "key"), stem: textOf(cells, "stem"), row, keyRow: row, stemRow: row })),
  );
  const rejected = new Set<number>();
  for (const duplicate of duplicates) {
    converted[duplicate.index].problems.push({ id: duplicate.field, message: duplicate.message });
    rejected.add(duplicate.index);
  }

  const questions: ExchangeResult["questions"] = [];
  converted.forEach((entry, index) => {
    for (const problem of entry.problems) {
      problems.push({ row: entry.row, column: problem.id ? headerOf(problem.id) : "", message: problem.message });
    }
    if (entry.question && entry.problems.length === 0 && !rejected.has(index)) questions.push({ ...entry.question, row: entry.row });
  });
  problems.sort((a, b) => a.row - b.row || orderOf(a.column) - orderOf(b.column));
  return { questions, problems };
}

function textOf(cells: RowCells, id: QuestionColumnId): string | undefined {
  const read = cells.get(id) ?? BLANK;
  if (read.kind === "text") return read.text;
  if (read.kind === "date") return dmyOfUtc(read.date); // e.g. an option Excel took for a date
  return undefined;
}

interface RowProblem {
  id: QuestionColumnId | null;
  message: string;
}

/** One row → the file shape, checked by the file schema; problems carry their column. */
function convertRow(cells: RowCells): { question: ExchangeQuestion | null; problems: RowProblem[] } {
  // Problems found while reading the cells; schema issues on the same column would only repeat them.
  const own = new Map<QuestionColumnId, string>();
  const report = (id: QuestionColumnId, message: string) => {
    if (!own.has(id)) own.set(id, message);
  };
  for (const [id, read] of cells) {
    if (read.kind === "error") report(id, formulaErrorMessage(read.code));
  }
  const text = (id: QuestionColumnId) => textOf(cells, id);

  const topicText = text("topic");
  const topic = topicText === undefined ? undefined : matchTopic(topicText);
  if (topicText === undefined) report("topic", "Thiếu chủ đề");
  else if (!topic) {
    report("topic", `Chủ đề "${topicText}" không hợp lệ. Hãy ghi tên một chủ đề: ${choiceNames(TOPICS)}`);
  }

  const typeText = text("type");
  const type = typeText === undefined ? undefined : matchType(typeText);
  if (typeText === undefined) report("type", "Thiếu loại câu hỏi");
  else if (!type) report("type", `Loại câu hỏi "${typeText}" không hợp lệ. Hãy ghi: ${choiceNames(QUESTION_TYPE_LABELS)}`);

  const difficultyText = text("difficulty");
  const difficulty = difficultyText === undefined ? undefined : matchDifficulty(difficultyText);
  if (difficultyText === undefined) report("difficulty", "Thiếu độ khó");
  else if (!difficulty) report("difficulty", `Độ khó "${difficultyText}" không hợp lệ. Hãy ghi: ${choiceNames(DIFFICULTY_LABELS)}`);

  // Options run from A to the last filled column; a gap is an empty option, reported by the schema.
  const optionTexts = OPTION_LETTERS.map((letter) => text(`option${letter}`));
  let lastOption = -1;
  optionTexts.forEach((option, index) => {
    if (option !== undefined) lastOption = index;
  });
  const options = optionTexts.slice(0, lastOption + 1).map((option) => option ?? "");

  const correctText = text("correct");
  let correct: string | string[] | undefined;
  if (correctText !== undefined) {
    const letters = correctText
      .split(/[\s,;]+/)
      .filter(Boolean)
      .map((token) => token.toUpperCase());
    const invalid = letters.filter((token) => !(OPTION_LETTERS as readonly string[]).includes(token));
    if (letters.length === 0) report("correct", "Thiếu đáp án đúng");
    else if (invalid.length > 0) {
      report("correct", `Đáp án đúng phải là chữ cái của phương án, từ A đến F (ví dụ "B" hoặc "A, C"); "${invalid.join(", ")}" không hợp lệ`);
    } else correct = type === "multiple" || letters.length !== 1 ? letters : letters[0];
  } else report("correct", "Thiếu đáp án đúng");

  let date: string | undefined;
  const dateCell = cells.get("date") ?? BLANK;
  if (dateCell.kind === "date") date = isoOfUtc(dateCell.date);
  else if (dateCell.kind === "text") {
    date = parseDateText(dateCell.text) ?? undefined;
    if (date === undefined) {
      report("date", `Ngày ban hành "${dateCell.text}" không hợp lệ; hãy ghi ngày/tháng/năm (ví dụ 31/12/2024) hoặc năm-tháng-ngày (ví dụ 2024-12-31)`);
    }
  } else if (dateCell.kind === "blank") report("date", "Thiếu ngày ban hành");

  const tags = (text("tags") ?? "")
    .split(",")
    .map((tag) => tag.trim())
    .filter(Boolean);
  const article = text("article");

  const fileQuestion = {
    key: text("key"),
    type,
    difficulty,
    stem: text("stem"),
    options,
    correct,
    explanation: text("explanation"),
    basis: { document: text("document"), issuer: text("issuer"), date, ...(article !== undefined ? { article } : {}) },
    ...(tags.length > 0 ? { tags } : {}),
  };
  const checked = checkFileQuestion(fileQuestion);

  const problems: RowProblem[] = [...own].map(([id, message]) => ({ id, message }));
  const seen = new Set<string>();
  for (const issue of checked.issues) {
    const id = columnOfIssue(issue.path, issue.code, options);
    if (id && own.has(id)) continue;
    const signature = `${id}\u0000${issue.message}`;
    if (seen.has(signature)) continue;
    seen.add(signature);
    problems.push({ id, message: issue.message });
  }
  const question = problems.length === 0 && checked.question && topic ? fromFileQuestion(topic, checked.question) : null;
  return { question, problems };
}

/** The column a schema issue is about, from its path in the file shape. */
function columnOfIssue(path: PropertyKey[], code: string, options: string[]): QuestionColumnId | null {
  const [first, second] = path;
  switch (first) {
    case "key":
    case "type":
    case "difficulty":
    case "stem":
    case "correct":
    case "explanation":
    case "tags":
      return first;
    case "options": {
      if (typeof second === "number" && second < OPTION_LETTERS.length) return `option${OPTION_LETTERS[second]}`;
      if (code === "too_small") return `option${OPTION_LETTERS[Math.min(options.length, 1)]}`; // the first missing of A, B
      return "optionA";
    }
    case "basis":
      if (second === "issuer" || second === "date" || second === "article") return second;
      return "document";
    default:
      return null;
  }
}

// --- Writing -----------------------------------------------------------------------------------

function sanitizeSheetName(name: string | undefined): string {
  const cleaned = (name ?? "")
    .replace(/[\\/?*[\]:]/g, " ")
    .replace(/\s+/g, " ")
    .trim()
    .replace(/^'+|'+$/g, "")
    .slice(0, 31)
    .trim();
  return cleaned || QUESTION_SHEET_NAME;
}

function addQuestionSheet(workbook: ExcelJS.Workbook, name: string): ExcelJS.Worksheet {
  const sheet = workbook.addWorksheet(name, { views: [{ state: "frozen", xSplit: 0, ySplit: 1 }] });
  sheet.columns = QUESTION_COLUMNS.map((column) => ({
    key: column.id,
    width: column.width,
    style: {
      alignment: { vertical: "top", wrapText: column.wrap },
      ...(column.id === "date" ? { numFmt: "dd/mm/yyyy" } : {}),
    },
  }));
  const header = sheet.getRow(1);
  QUESTION_COLUMNS.forEach((column, index) => {
    const cell = header.getCell(index + 1);
    cell.value = column.header;
    cell.font = { bold: true };
    cell.alignment = { vertical: "middle", wrapText: true };
    cell.fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFDDEBF7" } };
    cell.border = { bottom: { style: "thin" } };
  });
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: QUESTION_COLUMNS.length } };
  return sheet;
}

const cellText = (text: string): string => neutralizeCellText(text);

function isoToUtcDate(iso: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!match) return null;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d && y >= 1900 ? date : null;
}

/** One question as the cells of a row, in QUESTION_COLUMNS order; labels for topic, type and difficulty. */
function questionRow(question: ExchangeQuestion): ExcelJS.CellValue[] {
  if (question.options.length > OPTION_LETTERS.length) {
    throw new RangeError(`Câu "${question.key}" có ${question.options.length} phương án; tệp Excel chỉ có ${OPTION_LETTERS.length} cột phương án.`);
  }
  const values: Record<QuestionColumnId, ExcelJS.CellValue> = {
    key: cellText(question.key),
    topic: cellText(TOPICS[question.topic] ?? question.topic),
    type: cellText(QUESTION_TYPE_LABELS[question.type] ?? question.type),
    difficulty: cellText(DIFFICULTY_LABELS[question.difficulty] ?? question.difficulty),
    stem: cellText(question.stem),
    optionA: null,
    optionB: null,
    optionC: null,
    optionD: null,
    optionE: null,
    optionF: null,
    correct: question.correct.map((index) => OPTION_LETTERS[index] ?? String(index)).join(", "),
    explanation: cellText(question.explanation),
    document: cellText(question.basis.document),
    issuer: cellText(question.basis.issuer),
    date: isoToUtcDate(question.basis.date) ?? cellText(question.basis.date),
    article: question.basis.article === undefined ? null : cellText(question.basis.article),
    tags: question.tags.length > 0 ? cellText(question.tags.join(", ")) : null,
  };
  question.options.forEach((option, index) => {
    values[`option${OPTION_LETTERS[index]}`] = cellText(option);
  });
  return QUESTION_COLUMNS.map((column) => values[column.id]);
}

async function toBuffer(workbook: ExcelJS.Workbook): Promise<Buffer> {
  const written = await workbook.xlsx.writeBuffer();
  return Buffer.isBuffer(written) ? written : Buffer.from(written as ArrayBuffer);
}

function newWorkbook(): ExcelJS.Workbook {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "Cuộc thi tìm hiểu cải cách hành chính";
  workbook.created = new Date();
  return workbook;
}

/** An .xlsx with the template's columns, one question per row: it re-imports unchanged with parseQuestionWorkbook. */
export async function buildQuestionWorkbook(questions: ExchangeQuestion[], options: { sheetName?: string } = {}): Promise<Buffer> {
  const workbook = newWorkbook();
  const sheet = addQuestionSheet(workbook, sanitizeSheetName(options.sheetName));
  for (const question of questions) sheet.addRow(questionRow(question));
  return toBuffer(workbook);
}

/** Example rows of the template: about the file format itself, not about any legal document. */
export const TEMPLATE_EXAMPLES: readonly ExchangeQuestion[] = [
  {
    key: "vi-du-001",
    topic: "institutional",
    type: "single",
    difficulty: "easy",
    stem: "(Câu ví dụ, hãy xóa trước khi nhập) Trong tệp mẫu này, cột «Đáp án đúng» của câu một đáp án đúng ghi gì?",
    options: [
      "Toàn bộ nội dung của phương án đúng",
      "Chữ cái của phương án đúng, ví dụ B",
      "Số thứ tự của phương án đúng",
      "Để trống",
    ],
    correct: [1],
    explanation: "Cột «Đáp án đúng» ghi chữ cái của phương án đúng. Câu nhiều đáp án đúng ghi các chữ cái, cách nhau bởi dấu phẩy.",
    basis: { document: "Trang Hướng dẫn của tệp mẫu", issuer: "Ban tổ chức cuộc thi", date: "2025-01-01", article: "Cột «Đáp án đúng»" },
    tags: ["vi-du"],
  },
  {
    key: "vi-du-002",
    topic: "digital-transformation",
    type: "multiple",
    difficulty: "medium",
    stem: "(Câu ví dụ, hãy xóa trước khi nhập) Những cột nào trong tệp mẫu này bắt buộc phải điền?",
    options: ["Mã câu hỏi", "Thẻ", "Nội dung câu hỏi", "Điều, khoản"],
    correct: [0, 2],
    explanation: "Mã câu hỏi và Nội dung câu hỏi bắt buộc phải điền; Thẻ và Điều, khoản có thể để trống.",
    basis: { document: "Trang Hướng dẫn của tệp mẫu", issuer: "Ban tổ chức cuộc thi", date: "2025-01-01" },
    tags: ["vi-du", "cot-bat-buoc"],
  },
];

/** The empty template: the header row, two example rows and a "Hướng dẫn" sheet explaining every column. */
export async function buildTemplateWorkbook(): Promise<Buffer> {
  const workbook = newWorkbook();
  const sheet = addQuestionSheet(workbook, QUESTION_SHEET_NAME);
  for (const example of TEMPLATE_EXAMPLES) sheet.addRow(questionRow(example));

  const guide = workbook.addWorksheet(GUIDE_SHEET_NAME);
  guide.columns = [
    { width: 34, style: { alignment: { vertical: "top", wrapText: true } } },
    { width: 24, style: { alignment: { vertical: "top", wrapText: true } } },
    { width: 90, style: { alignment: { vertical: "top", wrapText: true } } },
  ];
  const title = (text: string) => {
    const row = guide.addRow([text]);
    row.font = { bold: true, size: 13 };
  };
  const tableHeader = (...cells: string[]) => {
    const row = guide.addRow(cells);
    row.font = { bold: true };
    row.eachCell((cell) => {
      cell.fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFDDEBF7" } };
    });
  };

  title("Hướng dẫn điền tệp câu hỏi");
  for (const line of [
    `Điền câu hỏi vào trang "${QUESTION_SHEET_NAME}" (trang tính đầu tiên). Dòng 1 là dòng tiêu đề: giữ nguyên tên cột; có thể đổi thứ tự cột.`,
    "Mỗi dòng từ dòng 2 là một câu hỏi; dòng trống được bỏ qua. Hai dòng ví dụ chỉ để minh họa cách ghi: hãy xóa trước khi nhập.",
    `Mỗi tệp có tối đa ${formatNumber(MAX_QUESTION_ROWS)} câu hỏi. Khi nhập, mọi lỗi được báo kèm số dòng và tên cột.`,
    "Nội dung bắt đầu bằng =, +, - hoặc @ được thêm dấu ' ở đầu khi xuất tệp để Excel không coi là công thức; khi nhập, dấu ' đó được bỏ đi.",
  ]) {
    // Not wrapped: the text runs on over the empty cells to its right.
    guide.addRow([line]).getCell(1).alignment = { vertical: "top", wrapText: false };
  }
  guide.addRow([]);

  title("Các cột");
  tableHeader("Cột", "Bắt buộc", "Cách ghi");
  for (const column of QUESTION_COLUMNS) {
    const row = guide.addRow([column.header, column.required ? "Bắt buộc" : "Không bắt buộc", column.help]);
    row.height = Math.max(1, Math.ceil(column.help.length / 85)) * 15; // not every spreadsheet fits wrapped rows itself
  }
  guide.addRow([]);

  const choiceTable = (heading: string, labels: Record<string, string>) => {
    title(heading);
    tableHeader("Tên");
    const first = guide.rowCount + 1;
    for (const label of Object.values(labels)) guide.addRow([label]);
    const range = `'${GUIDE_SHEET_NAME}'!$A$${first}:$A$${guide.rowCount}`;
    guide.addRow([]);
    return range;
  };
  const topicRange = choiceTable("Chủ đề", Object.fromEntries(TOPIC_KEYS.map((key) => [key, TOPICS[key]])));
  const typeRange = choiceTable("Loại câu hỏi", QUESTION_TYPE_LABELS);
  const difficultyRange = choiceTable("Độ khó", DIFFICULTY_LABELS);

  // Drop-down lists of the labels; typing a key (or anything else) stays allowed, the import checks it.
  const validations = (sheet as unknown as { dataValidations: { add(address: string, validation: ExcelJS.DataValidation): void } })
    .dataValidations;
  const listOn = (id: QuestionColumnId, range: string) => {
    const letter = sheet.getColumn(COLUMN_BY_ID.get(id)!.index + 1).letter;
    validations.add(`${letter}2:${letter}${MAX_QUESTION_ROWS + 1}`, {
      type: "list",
      allowBlank: true,
      formulae: [range],
      showErrorMessage: false,
    });
  };
  listOn("topic", topicRange);
  listOn("type", typeRange);
  listOn("difficulty", difficultyRange);

  return toBuffer(workbook);
}
