import ExcelJS from "exceljs";
import { afterEach, describe, expect, it } from "vitest";
import { TOPICS } from "../topics";
import {
  INVALID_WORKBOOK_MESSAGE,
  MAX_QUESTION_ROWS,
  QUESTION_COLUMNS,
  QUESTION_COLUMN_HEADERS,
  TEMPLATE_EXAMPLES,
  buildQuestionWorkbook,
  buildTemplateWorkbook,
  parseQuestionWorkbook,
} from "./excel.server";
import type { ExchangeQuestion, ExchangeResult } from "./exchange-question";

type Header = (typeof QUESTION_COLUMN_HEADERS)[number];
type RowValues = Partial<Record<Header, ExcelJS.CellValue>>;

/** A valid row as header → cell value; `overrides` replace cells (null empties one). */
function row(overrides: RowValues = {}, n = 1): RowValues {
  return {
    "Mã câu hỏi": `cau-${n}`,
    "Chủ đề": "Cải cách thể chế",
    "Loại câu hỏi": "Một đáp án đúng",
    "Độ khó": "Dễ",
    "Nội dung câu hỏi": `Câu hỏi thử số ${n}?`,
    "Phương án A": "Phương án một",
    "Phương án B": "Phương án hai",
    "Phương án C": "Phương án ba",
    "Đáp án đúng": "B",
    "Giải thích": "Vì phương án hai đúng.",
    "Văn bản căn cứ": "Văn bản thử nghiệm số 1",
    "Cơ quan ban hành": "Cơ quan thử nghiệm",
    "Ngày ban hành": "2021-07-15",
    "Điều, khoản": "Điều 1",
    "Thẻ": "thu, nghiem",
    ...overrides,
  };
}

/** An .xlsx built directly with exceljs: row 1 = headers, then one row per entry. */
async function workbook(rows: RowValues[], headers: readonly string[] = QUESTION_COLUMN_HEADERS): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet("Câu hỏi");
  sheet.addRow([...headers]);
  for (const values of rows) sheet.addRow(headers.map((header) => values[header as Header] ?? null));
  return Buffer.from(await book.xlsx.writeBuffer());
}

async function parseRows(rows: RowValues[], headers?: readonly string[]): Promise<ExchangeResult> {
  return parseQuestionWorkbook(await workbook(rows, headers));
}

const withoutRow = (questions: ExchangeResult["questions"]): ExchangeQuestion[] => questions.map(({ row: _row, ...question }) => question);

describe("parseQuestionWorkbook: reading rows", () => {
  it("reads a valid row into the exchange shape, with its spreadsheet row", async () => {
    const result = await parseRows([row({}, 1), row({ "Loại câu hỏi": "Nhiều đáp án đúng", "Đáp án đúng": "A, C", "Điều, khoản": null, "Thẻ": null }, 2)]);
    expect(result.problems).toEqual([]);
    expect(result.questions).toStrictEqual([
      {
        row: 2,
        key: "cau-1",
        topic: "institutional",
        type: "single",
        difficulty: "easy",
        stem: "Câu hỏi thử số 1?",
        options: ["Phương án một", "Phương án hai", "Phương án ba"],
        correct: [1],
        explanation: "Vì phương án hai đúng.",
        basis: { document: "Văn bản thử nghiệm số 1", issuer: "Cơ quan thử nghiệm", date: "2021-07-15", article: "Điều 1" },
        tags: ["thu", "nghiem"],
      },
      {
        row: 3,
        key: "cau-2",
        topic: "institutional",
        type: "multiple",
        difficulty: "easy",
        stem: "Câu hỏi thử số 2?",
        options: ["Phương án một", "Phương án hai", "Phương án ba"],
        correct: [0, 2],
        explanation: "Vì phương án hai đúng.",
        basis: { document: "Văn bản thử nghiệm số 1", issuer: "Cơ quan thử nghiệm", date: "2021-07-15" },
        tags: [],
      },
    ]);
  });

  it("accepts keys and Vietnamese labels, whatever the case and diacritics, for topic, type and difficulty", async () => {
    const cases: [RowValues, Pick<ExchangeQuestion, "topic" | "type" | "difficulty">][] = [
      [{ "Chủ đề": "institutional", "Loại câu hỏi": "single", "Độ khó": "easy" }, { topic: "institutional", type: "single", difficulty: "easy" }],
      [{ "Chủ đề": "Cải cách thủ tục hành chính", "Loại câu hỏi": "Một đáp án đúng", "Độ khó": "Trung bình" }, { topic: "administrative-procedures", type: "single", difficulty: "medium" }],
      [{ "Chủ đề": "CAI CACH TAI CHINH CONG", "Loại câu hỏi": "nhieu dap an dung", "Độ khó": "KHÓ", "Đáp án đúng": "A,B" }, { topic: "public-finance", type: "multiple", difficulty: "hard" }],
      [{ "Chủ đề": "e-government", "Loại câu hỏi": "multiple", "Độ khó": "medium", "Đáp án đúng": "a; c" }, { topic: "e-government", type: "multiple", difficulty: "medium" }],
      [{ "Chủ đề": "Các chỉ số đo lường: PAR INDEX, SIPAS, PAPI, PCI, DDCI, DTI", "Loại câu hỏi": "Đúng/Sai", "Độ khó": "de", "Phương án A": "Đúng", "Phương án B": "Sai", "Phương án C": null, "Đáp án đúng": "A" }, { topic: "indices", type: "true_false", difficulty: "easy" }],
      [{ "Chủ đề": TOPICS["digital-transformation"], "Loại câu hỏi": "true_false", "Độ khó": "hard", "Phương án A": "Đúng", "Phương án B": "Sai", "Phương án C": null, "Đáp án đúng": "b" }, { topic: "digital-transformation", type: "true_false", difficulty: "hard" }],
    ];
    const result = await parseRows(cases.map(([overrides], index) => row(overrides, index + 1)));
    expect(result.problems).toEqual([]);
    expect(result.questions.map(({ topic, type, difficulty }) => ({ topic, type, difficulty }))).toEqual(cases.map(([, expected]) => expected));
  });

  it("finds columns by header whatever their order, case and diacritics, and ignores extra columns", async () => {
    const headers = [...QUESTION_COLUMN_HEADERS].reverse();
    const shuffled = ["Ghi chú", ...headers.map((header) => header.toUpperCase())];
    const values = row({}, 1);
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet("x");
    sheet.addRow(shuffled.map((header) => (header === "MÃ CÂU HỎI" ? "ma cau hoi" : header)));
    sheet.addRow(["một ghi chú", ...headers.map((header) => values[header as Header] ?? null)]);
    const result = await parseQuestionWorkbook(Buffer.from(await book.xlsx.writeBuffer()));
    expect(result.problems).toEqual([]);
    expect(result.questions).toHaveLength(1);
    expect(result.questions[0]).toMatchObject({ key: "cau-1", stem: "Câu hỏi thử số 1?", correct: [1], tags: ["thu", "nghiem"] });
  });

  it("reports each missing required column once, at row 1, and reads no question", async () => {
    const headers = QUESTION_COLUMN_HEADERS.filter((header) => header !== "Đáp án đúng" && header !== "Ngày ban hành");
    const result = await parseRows([row()], headers);
    expect(result.questions).toEqual([]);
    expect(result.problems).toEqual([
      { row: 1, column: "Đáp án đúng", message: expect.stringContaining("Thiếu cột") },
      { row: 1, column: "Ngày ban hành", message: expect.stringContaining("Thiếu cột") },
    ]);
  });

  it("does not require the optional columns (Phương án C–F, Điều, khoản, Thẻ)", async () => {
    const optional = new Set(["Phương án C", "Phương án D", "Phương án E", "Phương án F", "Điều, khoản", "Thẻ"]);
    const result = await parseRows([row()], QUESTION_COLUMN_HEADERS.filter((header) => !optional.has(header)));
    expect(result.problems).toEqual([]);
    expect(result.questions[0]).toMatchObject({ options: ["Phương án một", "Phương án hai"], tags: [], basis: { date: "2021-07-15" } });
    expect(result.questions[0].basis).not.toHaveProperty("article");
  });

  it("skips entirely empty rows and keeps the real row numbers", async () => {
    const blank: RowValues = Object.fromEntries(QUESTION_COLUMN_HEADERS.map((header) => [header, null]));
    const spaces: RowValues = { "Mã câu hỏi": "   ", "Nội dung câu hỏi": " " };
    const result = await parseRows([row({}, 1), blank, spaces, row({}, 2)]);
    expect(result.problems).toEqual([]);
    expect(result.questions.map((question) => [question.row, question.key])).toEqual([
      [2, "cau-1"],
      [5, "cau-2"],
    ]);
  });

  it("reads numbers, rich text and formula results as text", async () => {
    const result = await parseRows([
      row({
        "Phương án A": 2016,
        "Phương án B": { richText: [{ text: "Năm " }, { text: "2017", font: { bold: true } }] },
        "Phương án C": { formula: "\"Năm \"&2018", result: "Năm 2018" },
      }),
    ]);
    expect(result.problems).toEqual([]);
    expect(result.questions[0].options).toEqual(["2016", "Năm 2017", "Năm 2018"]);
  });

  it("says so when the sheet has a header row but no question", async () => {
    const result = await parseRows([]);
    expect(result.questions).toEqual([]);
    expect(result.problems).toEqual([{ row: 2, column: "", message: expect.stringContaining("không có câu hỏi nào") }]);
  });
});

describe("parseQuestionWorkbook: dates", () => {
  const originalTz = process.env.TZ;
  afterEach(() => {
    if (originalTz === undefined) delete process.env.TZ;
    else process.env.TZ = originalTz;
  });

  it.each([
    ["a date cell", new Date(Date.UTC(2021, 6, 15))],
    ["text dd/mm/yyyy", "15/07/2021"],
    ["text d/m/yyyy", "15/7/2021"],
    ["text yyyy-mm-dd", "2021-07-15"],
  ])("stores %s as ISO yyyy-mm-dd", async (_label, value) => {
    const result = await parseRows([row({ "Ngày ban hành": value })]);
    expect(result.problems).toEqual([]);
    expect(result.questions[0].basis.date).toBe("2021-07-15");
  });

  it("reads date cells in UTC: the day does not shift in a time zone west of Greenwich", async () => {
    process.env.TZ = "America/Los_Angeles";
    const result = await parseRows([row({ "Ngày ban hành": new Date(Date.UTC(2021, 0, 1)) })]);
    expect(result.questions[0].basis.date).toBe("2021-01-01");
  });
});

describe("parseQuestionWorkbook: every rule reports its row and column", () => {
  // Row 2 is valid; the bad row is row 3. Each case expects exactly one problem.
  const cases: [string, RowValues, Header, string][] = [
    ["missing key", { "Mã câu hỏi": null }, "Mã câu hỏi", "Thiếu mã câu hỏi"],
    ["key with capitals and spaces", { "Mã câu hỏi": "Cau 2" }, "Mã câu hỏi", "chữ thường không dấu"],
    ["missing topic", { "Chủ đề": null }, "Chủ đề", "Thiếu chủ đề"],
    ["unknown topic", { "Chủ đề": "Cải cách giáo dục" }, "Chủ đề", "không hợp lệ"],
    ["missing type", { "Loại câu hỏi": null }, "Loại câu hỏi", "Thiếu loại câu hỏi"],
    ["unknown type", { "Loại câu hỏi": "Tự luận" }, "Loại câu hỏi", "không hợp lệ"],
    ["missing difficulty", { "Độ khó": null }, "Độ khó", "Thiếu độ khó"],
    ["unknown difficulty", { "Độ khó": "Rất khó" }, "Độ khó", "không hợp lệ"],
    ["missing stem", { "Nội dung câu hỏi": null }, "Nội dung câu hỏi", "Thiếu nội dung câu hỏi"],
    ["formula error in the stem", { "Nội dung câu hỏi": { error: "#N/A" } }, "Nội dung câu hỏi", "lỗi công thức"],
    ["a single option", { "Phương án B": null, "Phương án C": null, "Đáp án đúng": "A" }, "Phương án B", "ít nhất 2 phương án"],
    ["a gap between options", { "Phương án C": null, "Phương án D": "Phương án bốn" }, "Phương án C", "không được để trống"],
    ["options equal but for case and spacing", { "Phương án C": "phương  án MỘT" }, "Phương án A", "không được trùng nhau"],
    ["missing correct answer", { "Đáp án đúng": null }, "Đáp án đúng", "Thiếu đáp án đúng"],
    ["a correct answer that is not a letter A–F", { "Đáp án đúng": "G" }, "Đáp án đúng", "từ A đến F"],
    ["a correct answer naming a missing option", { "Đáp án đúng": "D" }, "Đáp án đúng", "Đáp án D không có trong danh sách phương án"],
    ["two answers for a single question", { "Đáp án đúng": "A, B" }, "Đáp án đúng", "đúng 1 đáp án đúng"],
    ["one answer for a multiple question", { "Loại câu hỏi": "Nhiều đáp án đúng", "Đáp án đúng": "A" }, "Đáp án đúng", "ít nhất 2 đáp án đúng"],
    ["a repeated answer", { "Loại câu hỏi": "Nhiều đáp án đúng", "Đáp án đúng": "A, A" }, "Đáp án đúng", "bị lặp lại"],
    ["true/false without Đúng, Sai", { "Loại câu hỏi": "Đúng / Sai", "Phương án C": null, "Đáp án đúng": "A" }, "Phương án A", "Đúng, Sai"],
    ["missing explanation", { "Giải thích": null }, "Giải thích", "Thiếu giải thích"],
    ["missing basis document", { "Văn bản căn cứ": null }, "Văn bản căn cứ", "Thiếu văn bản căn cứ"],
    ["missing issuer", { "Cơ quan ban hành": null }, "Cơ quan ban hành", "Thiếu cơ quan ban hành"],
    ["missing date", { "Ngày ban hành": null }, "Ngày ban hành", "Thiếu ngày ban hành"],
    ["a date that does not exist", { "Ngày ban hành": "30/02/2021" }, "Ngày ban hành", "không phải là một ngày có thật"],
    ["a date in no known format", { "Ngày ban hành": "tháng 7 năm 2021" }, "Ngày ban hành", "ngày/tháng/năm (ví dụ 31/12/2024)"],
    ["a number instead of a date", { "Ngày ban hành": 44392 }, "Ngày ban hành", "ngày/tháng/năm (ví dụ 31/12/2024)"],
  ];

  it.each(cases)("%s", async (_label, overrides, column, message) => {
    const result = await parseRows([row({}, 1), row(overrides, 2)]);
    expect(result.problems).toEqual([{ row: 3, column, message: expect.stringContaining(message) }]);
    expect(result.questions.map((question) => question.row)).toEqual([2]);
    // Organizers read these: no field key, topic code or date pattern of the file format.
    expect(result.problems[0].message).not.toMatch(/\([a-z_.-]+\)|\b(stem|basis|document|issuer|key|topic|type|difficulty|institutional|single|easy|yyyy|YYYY|dd\/mm)\b/);
  });

  it("lists the topics by name when one is wrong", async () => {
    const result = await parseRows([row({ "Chủ đề": "Cải cách giáo dục" }, 1)]);
    expect(result.problems[0].message).toBe(`Chủ đề "Cải cách giáo dục" không hợp lệ. Hãy ghi tên một chủ đề: ${Object.values(TOPICS).slice(0, -1).join(", ")} hoặc ${Object.values(TOPICS).at(-1)}`);
  });

  it("reports several problems of one row, each in its own column, in column order", async () => {
    const result = await parseRows([row({ "Độ khó": "?", "Mã câu hỏi": "X", "Ngày ban hành": null }, 1)]);
    expect(result.problems.map(({ row, column }) => [row, column])).toEqual([
      [2, "Mã câu hỏi"],
      [2, "Độ khó"],
      [2, "Ngày ban hành"],
    ]);
    expect(result.questions).toEqual([]);
  });

  it("reports a key used twice in the file, naming the first row", async () => {
    const result = await parseRows([row({}, 1), row({}, 2), row({ "Mã câu hỏi": "cau-1" }, 3)]);
    expect(result.problems).toEqual([{ row: 4, column: "Mã câu hỏi", message: expect.stringMatching(/"cau-1".*dòng 2/) }]);
    expect(result.questions.map((question) => question.row)).toEqual([2, 3]);
  });

  it("reports two stems that are the same once diacritics, case and spacing are folded", async () => {
    const result = await parseRows([
      row({ "Nội dung câu hỏi": "Thủ tục hành chính là gì?" }, 1),
      row({ "Nội dung câu hỏi": "  THU TUC   hanh chinh LA GI? " }, 2),
    ]);
    expect(result.problems).toEqual([{ row: 3, column: "Nội dung câu hỏi", message: expect.stringMatching(/"cau-1".*dòng 2/) }]);
    expect(result.questions.map((question) => question.key)).toEqual(["cau-1"]);
  });
});

describe("parseQuestionWorkbook: files that are not a question workbook", () => {
  const invalid = [{ row: 0, column: "", message: INVALID_WORKBOOK_MESSAGE }];

  it.each([
    ["an empty buffer", Buffer.alloc(0)],
    ["an empty ArrayBuffer", new ArrayBuffer(0)],
    ["random bytes", Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256))],
    ["a CSV file renamed .xlsx", Buffer.from("Mã câu hỏi,Chủ đề\ncau-1,institutional\n", "utf8")],
    ["a zip-like header followed by garbage", Buffer.concat([Buffer.from("PK\u0003\u0004"), Buffer.alloc(200, 1)])],
  ])("%s gives the clear message instead of throwing", async (_label, data) => {
    await expect(parseQuestionWorkbook(data)).resolves.toEqual({ questions: [], problems: invalid });
  });

  it("a sheet without the header row says what row 1 must hold", async () => {
    const book = new ExcelJS.Workbook();
    book.addWorksheet("x").addRow(["ghi chú", "khác"]);
    const result = await parseQuestionWorkbook(Buffer.from(await book.xlsx.writeBuffer()));
    expect(result.questions).toEqual([]);
    expect(result.problems).toEqual([{ row: 1, column: "", message: expect.stringContaining("dòng tiêu đề") }]);
  });

  it("reads an ArrayBuffer as well as a Buffer", async () => {
    const buffer = await workbook([row()]);
    const arrayBuffer = buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength) as ArrayBuffer;
    const result = await parseQuestionWorkbook(arrayBuffer);
    expect(result.problems).toEqual([]);
    expect(result.questions).toHaveLength(1);
  });
});

describe("parseQuestionWorkbook: row limit", () => {
  const manyRows = (count: number) => Array.from({ length: count }, (_, index) => row({}, index + 1));

  it(`accepts exactly ${MAX_QUESTION_ROWS} question rows`, async () => {
    const result = await parseRows(manyRows(MAX_QUESTION_ROWS));
    expect(result.problems).toEqual([]);
    expect(result.questions).toHaveLength(MAX_QUESTION_ROWS);
  });

  it(`refuses more than ${MAX_QUESTION_ROWS} question rows with one problem naming the limit`, async () => {
    const result = await parseRows(manyRows(MAX_QUESTION_ROWS + 1));
    expect(result.questions).toEqual([]);
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]).toMatchObject({ row: 0, column: "" });
    expect(result.problems[0].message).toContain("5.000");
    expect(result.problems[0].message).toContain("5.001");
  });

  it("refuses a sheet too big to read at all (50,000+ rows, even mostly blank) with the same kind of problem", async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet("x");
    sheet.addRow([...QUESTION_COLUMN_HEADERS]);
    // A note in a column after the template's: the rows exist in the file but hold no question.
    for (let n = 0; n < 50_001; n++) sheet.addRow([]).getCell(QUESTION_COLUMN_HEADERS.length + 1).value = "ghi chú";
    const result = await parseQuestionWorkbook(Buffer.from(await book.xlsx.writeBuffer()));
    expect(result.questions).toEqual([]);
    expect(result.problems).toEqual([{ row: 0, column: "", message: expect.stringContaining("giới hạn 5.000 câu hỏi") }]);
  });
});

/** Questions covering the tricky cases of a round trip. */
const ROUND_TRIP: ExchangeQuestion[] = [
  {
    key: "cong-thuc-1",
    topic: "institutional",
    type: "single",
    difficulty: "easy",
    stem: "=1+1 có phải là một công thức không?",
    options: ["-1", "+1", "@mọi người", "'=nguyên văn"],
    correct: [2],
    explanation: "=SUM(A1:A2) chỉ là chữ ở đây.",
    basis: { document: "Văn bản A", issuer: "Cơ quan B", date: "2021-07-15", article: "-Điều 3" },
    tags: ["=tag", "thu"],
  },
  {
    key: "dien-thoai-1",
    topic: "digital-transformation",
    type: "multiple",
    difficulty: "hard",
    stem: "+84 là mã quốc gia của nước nào?",
    options: ["Việt Nam", "Lào", "Campuchia", "Thái Lan", "Một nước khác", "Không nước nào"],
    correct: [0, 4, 5],
    explanation: "Câu thử có đủ sáu phương án.\nDòng thứ hai của giải thích.",
    basis: { document: "Văn bản C", issuer: "@Cơ quan D", date: "1999-12-31" },
    tags: [],
  },
  {
    key: "dung-sai-1",
    topic: "indices",
    type: "true_false",
    difficulty: "medium",
    stem: "Câu Đúng / Sai có hai phương án.",
    options: ["Đúng", "Sai"],
    correct: [0],
    explanation: "Đúng / Sai luôn có hai phương án.",
    basis: { document: "Văn bản E", issuer: "Cơ quan F", date: "2024-02-29" },
    tags: ["dung-sai"],
  },
];

describe("buildQuestionWorkbook", () => {
  it("round-trips: export then import gives the same questions, with no problem", async () => {
    const result = await parseQuestionWorkbook(await buildQuestionWorkbook(ROUND_TRIP));
    expect(result.problems).toEqual([]);
    expect(withoutRow(result.questions)).toStrictEqual(ROUND_TRIP);
    expect(result.questions.map((question) => question.row)).toEqual([2, 3, 4]);
  });

  it("neutralises every cell that starts with = + - @ so a spreadsheet never runs it", async () => {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await buildQuestionWorkbook(ROUND_TRIP)) as unknown as ArrayBuffer);
    const sheet = book.worksheets[0];
    const column = (header: Header) => QUESTION_COLUMN_HEADERS.indexOf(header) + 1;
    const raw = (rowNumber: number, header: Header) => sheet.getRow(rowNumber).getCell(column(header)).value;
    expect(raw(2, "Nội dung câu hỏi")).toBe("'=1+1 có phải là một công thức không?");
    expect(raw(3, "Nội dung câu hỏi")).toBe("'+84 là mã quốc gia của nước nào?");
    expect(raw(2, "Phương án A")).toBe("'-1");
    expect(raw(2, "Phương án B")).toBe("'+1");
    expect(raw(2, "Phương án C")).toBe("'@mọi người");
    expect(raw(2, "Phương án D")).toBe("''=nguyên văn");
    expect(raw(2, "Giải thích")).toBe("'=SUM(A1:A2) chỉ là chữ ở đây.");
    expect(raw(2, "Điều, khoản")).toBe("'-Điều 3");
    expect(raw(2, "Thẻ")).toBe("'=tag, thu");
    expect(raw(3, "Cơ quan ban hành")).toBe("'@Cơ quan D");
    // No cell anywhere holds a formula or text a spreadsheet would take for one.
    sheet.eachRow((r) =>
      r.eachCell((cell) => {
        expect(cell.type).not.toBe(ExcelJS.ValueType.Formula);
        if (typeof cell.value === "string") expect(cell.value).not.toMatch(/^[=+\-@\t\r]/);
      }),
    );
  });

  it("writes labels, letters and a real date, with a bold frozen header and sized columns", async () => {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await buildQuestionWorkbook(ROUND_TRIP, { sheetName: "Ngân hàng: CCHC/2025" })) as unknown as ArrayBuffer);
    const sheet = book.worksheets[0];
    expect(sheet.name).toBe("Ngân hàng CCHC 2025");
    expect(sheet.getRow(1).values).toEqual([undefined, ...QUESTION_COLUMN_HEADERS]);
    expect(sheet.getRow(1).getCell(1).font?.bold).toBe(true);
    expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    const cell = (rowNumber: number, header: Header) => sheet.getRow(rowNumber).getCell(QUESTION_COLUMN_HEADERS.indexOf(header) + 1);
    expect(cell(3, "Chủ đề").value).toBe(TOPICS["digital-transformation"]);
    expect(cell(3, "Loại câu hỏi").value).toBe("Nhiều đáp án đúng");
    expect(cell(3, "Độ khó").value).toBe("Khó");
    expect(cell(3, "Đáp án đúng").value).toBe("A, E, F");
    expect(cell(2, "Ngày ban hành").value).toEqual(new Date(Date.UTC(2021, 6, 15)));
    expect(cell(2, "Nội dung câu hỏi").alignment?.wrapText).toBe(true);
    for (const [index, column] of QUESTION_COLUMNS.entries()) expect(sheet.getColumn(index + 1).width).toBe(column.width);
  });

  it("writes an empty list as a header-only workbook", async () => {
    const result = await parseQuestionWorkbook(await buildQuestionWorkbook([]));
    expect(result.questions).toEqual([]);
    expect(result.problems).toEqual([{ row: 2, column: "", message: expect.stringContaining("không có câu hỏi nào") }]);
  });
});

describe("buildTemplateWorkbook", () => {
  it("parses with zero problems into its two example rows, one single and one multiple", async () => {
    const result = await parseQuestionWorkbook(await buildTemplateWorkbook());
    expect(result.problems).toEqual([]);
    expect(withoutRow(result.questions)).toStrictEqual(TEMPLATE_EXAMPLES);
    expect(result.questions.map((question) => [question.row, question.type])).toEqual([
      [2, "single"],
      [3, "multiple"],
    ]);
  });

  it("has the template columns and a \"Hướng dẫn\" sheet explaining every column and the allowed values", async () => {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await buildTemplateWorkbook()) as unknown as ArrayBuffer);
    expect(book.worksheets.map((sheet) => sheet.name)).toEqual(["Câu hỏi", "Hướng dẫn"]);
    expect(book.worksheets[0].getRow(1).values).toEqual([undefined, ...QUESTION_COLUMN_HEADERS]);
    const guide: string[] = [];
    book.worksheets[1].eachRow((r) => r.eachCell((cell) => guide.push(String(cell.value))));
    for (const header of QUESTION_COLUMN_HEADERS) expect(guide).toContain(header);
    for (const value of [...Object.values(TOPICS), "Một đáp án đúng", "Nhiều đáp án đúng", "Đúng / Sai", "Dễ", "Trung bình", "Khó"]) {
      expect(guide).toContain(value);
    }
    // The guide is read by organizers: the file's keys and codes appear nowhere in it.
    for (const code of [...Object.keys(TOPICS), "single", "multiple", "true_false", "easy", "medium", "hard", "yyyy", "dd/mm"]) {
      expect(guide.join("\n"), code).not.toContain(code);
    }
  });
});
