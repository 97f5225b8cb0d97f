import { Composer, Document, isMap, isScalar, isSeq, Lexer, LineCounter, Parser, Scalar, type ErrorCode, type YAMLError } from "yaml";
import { fieldLabel, topicFileSchema } from "../bank-file";
import { TOPIC_KEYS, type TopicKey } from "../topics";
import {
  checkFileQuestion,
  findDuplicates,
  fromFileQuestion,
  issueMessage,
  toFileQuestion,
  type DuplicateCandidate,
  type ExchangeProblem,
  type ExchangeQuestion,
  type ExchangeResult,
} from "./exchange-question";

// Question banks as YAML: one topic file of question-banks/, or several in one stream
// separated by `---`. Problems carry the line (row) and the field's Vietnamese name (column).
// Organizers know this format as "tệp văn bản" (the text file a bank exports): messages never
// name YAML or the file's keys.

/** Vietnamese descriptions of the YAML parser's error codes. */
const YAML_ERRORS: Partial<Record<ErrorCode, string>> = {
  ALIAS_PROPS: "bí danh không được có thẻ hay neo",
  BAD_ALIAS: "bí danh không hợp lệ",
  BAD_DIRECTIVE: "chỉ thị không hợp lệ",
  BAD_DQ_ESCAPE: "ký tự thoát trong chuỗi ngoặc kép không hợp lệ",
  BAD_INDENT: "thụt lề không đúng",
  BAD_PROP_ORDER: "thứ tự thẻ và neo không hợp lệ",
  BAD_SCALAR_START: "giá trị bắt đầu bằng ký tự không được phép; hãy đặt giá trị trong ngoặc kép",
  BLOCK_AS_IMPLICIT_KEY: 'không được lồng trường trong trường trên cùng một dòng; nếu giá trị có dấu hai chấm và khoảng trắng (": "), hãy đặt cả giá trị trong ngoặc kép',
  BLOCK_IN_FLOW: "không được đặt khối trong danh sách hay ánh xạ viết trên một dòng",
  DUPLICATE_KEY: "một trường xuất hiện hai lần trong cùng một mục",
  KEY_OVER_1024_CHARS: "khóa dài quá 1024 ký tự",
  MISSING_CHAR: "thiếu ký tự đóng (ngoặc, dấu nháy)",
  MULTILINE_IMPLICIT_KEY: "khóa phải nằm trên một dòng; có thể thiếu dấu hai chấm hoặc thụt lề sai",
  MULTIPLE_ANCHORS: "một nút có nhiều neo",
  MULTIPLE_DOCS: "tài liệu thừa",
  MULTIPLE_TAGS: "một nút có nhiều thẻ",
  NON_STRING_KEY: "khóa phải là chuỗi",
  RESOURCE_EXHAUSTION: "tệp lồng nhau quá sâu hoặc dùng quá nhiều bí danh",
  TAB_AS_INDENT: "không được dùng ký tự tab để thụt lề",
  TAG_RESOLVE_FAILED: "không hiểu được thẻ kiểu dữ liệu",
  UNEXPECTED_TOKEN: "ký tự không mong đợi",
  BAD_COLLECTION_TYPE: "kiểu danh sách hay ánh xạ không hợp lệ",
};

/** What a parse error means, in Vietnamese. */
export function describeYamlError(code: ErrorCode): string {
  return YAML_ERRORS[code] ?? "lỗi cú pháp";
}

function yamlErrorProblem(error: YAMLError, lineCounter: LineCounter): ExchangeProblem {
  const position = error.linePos?.[0] ?? lineCounter.linePos(error.pos[0]);
  return { row: position.line, column: "", message: `Tệp không đúng cú pháp ở dòng ${position.line}, ký tự thứ ${position.col}: ${describeYamlError(error.code)}` };
}

/** The line of the deepest node of `path` that the document has (the key's line for a field). */
function lineOfPath(document: Document, lineCounter: LineCounter, path: readonly PropertyKey[]): number {
  let node: unknown = document.contents;
  let offset = (document.contents as { range?: [number] } | null)?.range?.[0] ?? document.range?.[0] ?? 0;
  for (const segment of path) {
    let next: unknown;
    if (isMap(node)) {
      const pair = node.items.find((item) => isScalar(item.key) && item.key.value === segment);
      if (pair) {
        const keyRange = (pair.key as { range?: [number] }).range;
        if (keyRange) offset = keyRange[0];
        next = pair.value;
      }
    } else if (isSeq(node) && typeof segment === "number") {
      next = node.items[segment];
      const range = (next as { range?: [number] } | undefined)?.range;
      if (range) offset = range[0];
    }
    if (!next) break;
    node = next;
  }
  return lineCounter.linePos(offset).line;
}

/** Nesting levels a file may have; a topic file needs 4 (topic file, questions, question, basis). */
export const MAX_YAML_DEPTH = 20;
/** Aliases a document may expand; the shipped banks use none. */
const MAX_ALIAS_COUNT = 100;

class TooDeep extends Error {
  constructor(readonly offset: number) {
    super("YAML nested too deeply");
  }
}

/**
 * The parser's tokens, as `parseAllDocuments` reads them, but fed one lexeme at a time and stopped
 * (TooDeep) as soon as the nesting passes MAX_YAML_DEPTH: a deep file is refused after its first
 * levels. Read whole, it would cost one parser stack entry per level, and building the document
 * recurses once per level (a stack overflow, after seconds, for a few hundred thousand brackets).
 */
function* tokensWithinDepth(text: string, lineCounter: LineCounter) {
  const parser = new Parser(lineCounter.addNewLine);
  lineCounter.addNewLine(0);
  // Besides the collections, the stack holds the document and, innermost, the scalar being read.
  const maxStack = MAX_YAML_DEPTH + 2;
  for (const lexeme of new Lexer().lex(text)) {
    yield* parser.next(lexeme);
    if (parser.stack.length > maxStack) throw new TooDeep(parser.offset);
  }
  yield* parser.end();
}

interface Candidate extends DuplicateCandidate {
  question: ExchangeQuestion | null;
  keyColumn: string;
  stemColumn: string;
}

/**
 * Reads one topic file, or several topic files separated by `---`, in the question-banks format.
 * Never throws. Questions with a problem are left out of `questions`.
 */
export function parseQuestionYaml(text: string): ExchangeResult {
  const problems: ExchangeProblem[] = [];
  const candidates: Candidate[] = [];
  try {
    const lineCounter = new LineCounter();
    const composer = new Composer({ lineCounter, prettyErrors: false, uniqueKeys: true });
    let documents: Document.Parsed[];
    try {
      documents = Array.from(composer.compose(tokensWithinDepth(text, lineCounter)));
    } catch (error) {
      if (!(error instanceof TooDeep)) throw error;
      const line = lineCounter.linePos(error.offset).line;
      const message = `Tệp lồng nhau quá sâu ở dòng ${line}: tối đa ${MAX_YAML_DEPTH} cấp. Hãy kiểm tra lại thụt lề và các dấu ngoặc.`;
      return { questions: [], problems: [{ row: line, column: "", message }] };
    }
    if (documents.length === 0) {
      for (const error of composer.streamInfo().errors) problems.push(yamlErrorProblem(error, lineCounter));
      if (problems.length === 0) problems.push({ row: 1, column: "", message: "Tệp không có nội dung." });
      return { questions: [], problems };
    }
    let found = 0;
    for (const document of documents) {
      if (document.errors.length > 0) {
        const seen = new Set<string>();
        for (const error of document.errors) {
          const problem = yamlErrorProblem(error, lineCounter);
          // One parse error often drags others along on the same line.
          if (seen.has(`${problem.row}:${error.code}`)) continue;
          seen.add(`${problem.row}:${error.code}`);
          problems.push(problem);
        }
        continue;
      }
      const start = lineCounter.linePos(document.contents?.range?.[0] ?? document.range[0]).line;
      let raw: unknown;
      try {
        raw = document.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
      } catch {
        // Unresolved aliases and alias bombs end up here.
        problems.push({ row: start, column: "", message: `Tệp không đúng cú pháp ở dòng ${start}: không đọc được nội dung (bí danh không hợp lệ hoặc dùng quá nhiều lần)` });
        continue;
      }
      if (raw === null || raw === undefined) continue; // an empty document, e.g. after a final `---`
      found++;
      if (typeof raw !== "object" || Array.isArray(raw)) {
        problems.push({ row: start, column: "", message: "Mỗi phần của tệp (ngăn cách bởi ---) phải gồm chủ đề và danh sách câu hỏi" });
        continue;
      }
      readDocument(document, raw, lineCounter, problems, candidates);
    }
    if (found === 0 && problems.length === 0) problems.push({ row: 1, column: "", message: "Tệp không có nội dung." });
  } catch {
    return { questions: [], problems: [...problems, { row: 0, column: "", message: "Không đọc được tệp: nội dung không đúng cú pháp" }] };
  }

  const rejected = new Set<number>();
  for (const duplicate of findDuplicates(candidates)) {
    const candidate = candidates[duplicate.index];
    problems.push({ row: duplicate.row, column: duplicate.field === "key" ? candidate.keyColumn : candidate.stemColumn, message: duplicate.message });
    rejected.add(duplicate.index);
  }
  const questions: ExchangeResult["questions"] = [];
  candidates.forEach((candidate, index) => {
    if (candidate.question && !rejected.has(index)) questions.push({ ...candidate.question, row: candidate.row });
  });
  problems.sort((a, b) => a.row - b.row);
  return { questions, problems };
}

function readDocument(document: Document, raw: object, lineCounter: LineCounter, problems: ExchangeProblem[], candidates: Candidate[]) {
  const lineOf = (path: readonly PropertyKey[]) => lineOfPath(document, lineCounter, path);
  const result = topicFileSchema.safeParse(raw);
  const questionsWithIssues = new Set<number>();
  if (!result.success) {
    for (const issue of result.error.issues) {
      problems.push({ row: lineOf(issue.path), column: fieldLabel(issue.path), message: issueMessage(issue, raw) });
      if (issue.path[0] === "questions" && typeof issue.path[1] === "number") questionsWithIssues.add(issue.path[1]);
    }
  }
  const record = raw as Record<string, unknown>;
  const topic = (TOPIC_KEYS as readonly unknown[]).includes(record.topic) ? (record.topic as TopicKey) : null;
  const items = Array.isArray(record.questions) ? (record.questions as unknown[]) : [];
  items.forEach((item, index) => {
    const at = (field: string) => ["questions", index, field];
    const fields = item !== null && typeof item === "object" ? (item as Record<string, unknown>) : {};
    // The same rules as the file (topicFileSchema runs bankQuestionSchema on each question).
    const checked = questionsWithIssues.has(index) ? null : checkFileQuestion(item).question;
    candidates.push({
      key: fields.key,
      stem: fields.stem,
      row: lineOf(["questions", index]),
      keyRow: lineOf(at("key")),
      stemRow: lineOf(at("stem")),
      keyColumn: fieldLabel(at("key")),
      stemColumn: fieldLabel(at("stem")),
      question: checked && topic ? fromFileQuestion(topic, checked) : null,
    });
  });
}

/**
 * The questions as YAML in the question-banks format: one topic file per topic (TOPIC_KEYS order),
 * separated by `---`. parseQuestionYaml reads it back to the same questions.
 */
export function buildQuestionYaml(questions: ExchangeQuestion[]): string {
  const documents: string[] = [];
  for (const topic of TOPIC_KEYS) {
    const inTopic = questions.filter((question) => question.topic === topic);
    if (inTopic.length === 0) continue;
    const document = new Document({ topic, questions: inTopic.map(toFileQuestion) });
    inTopic.forEach((question, index) => {
      const correct = document.getIn(["questions", index, "correct"], true);
      if (isSeq(correct)) correct.flow = true;
      const tags = document.getIn(["questions", index, "tags"], true);
      if (isSeq(tags)) tags.flow = true;
      const date = document.getIn(["questions", index, "basis", "date"], true);
      if (isScalar(date)) date.type = Scalar.QUOTE_DOUBLE;
    });
    documents.push(document.toString({ lineWidth: 0, flowCollectionPadding: false }));
  }
  return documents.join("---\n");
}
