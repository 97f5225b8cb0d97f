import fs from "node:fs";
import path from "node:path";
import { isMap, isSeq, LineCounter, parseDocument, type Document } from "yaml";
import type { z } from "zod";
import { foldText } from "~/text/normalize";
import { bankHeaderSchema, fieldLabel, topicFileSchema, type BankHeader, type BankQuestion } from "./bank-file";
import { describeYamlError } from "./exchange/yaml-exchange.server";
import type { TopicKey } from "./topics";

export interface BankProblem {
  file: string;
  line: number;
  message: string;
}

export interface LoadedQuestion extends BankQuestion {
  topic: TopicKey;
  file: string;
  line: number;
}

export interface LoadedBank {
  header: BankHeader;
  folder: string;
  questions: LoadedQuestion[];
}

export interface BankLoadResult {
  banks: LoadedBank[];
  problems: BankProblem[];
}

/** Reads every bank folder under `root` (each with a bank.yaml) and checks it against the file rules. */
export function loadBanks(root: string): BankLoadResult {
  const problems: BankProblem[] = [];
  const banks: LoadedBank[] = [];
  const folders = fs
    .readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
  for (const folder of folders) {
    const bank = loadBank(path.join(root, folder), path.relative(process.cwd(), path.join(root, folder)), problems);
    if (bank) banks.push(bank);
  }
  const keys = new Map<string, string>();
  for (const bank of banks) {
    const seen = keys.get(bank.header.key);
    if (seen) problems.push({ file: `${bank.folder}/bank.yaml`, line: 1, message: `Mã ngân hàng "${bank.header.key}" đã dùng ở ${seen}` });
    keys.set(bank.header.key, bank.folder);
  }
  return { banks, problems };
}

function loadBank(dir: string, label: string, problems: BankProblem[]): LoadedBank | null {
  const headerFile = path.join(dir, "bank.yaml");
  if (!fs.existsSync(headerFile)) {
    problems.push({ file: `${label}/bank.yaml`, line: 1, message: "Thiếu tệp bank.yaml mô tả ngân hàng câu hỏi" });
    return null;
  }
  const header = parseYamlFile(headerFile, `${label}/bank.yaml`, bankHeaderSchema, problems);
  const questions: LoadedQuestion[] = [];
  const topicFiles = fs
    .readdirSync(dir)
    .filter((name) => /\.ya?ml$/.test(name) && name !== "bank.yaml")
    .sort();
  for (const name of topicFiles) {
    const fileLabel = `${label}/${name}`;
    const parsed = parseYamlFile(path.join(dir, name), fileLabel, topicFileSchema, problems);
    if (!parsed) continue;
    parsed.value.questions.forEach((question, index) => {
      questions.push({ ...question, topic: parsed.value.topic, file: fileLabel, line: parsed.lineOf(["questions", index]) });
    });
  }
  checkAcrossQuestions(questions, problems);
  if (!header) return null;
  return { header: header.value, folder: label, questions };
}

/** "Tất cả các phương án trên" and the like: fine now and then, a crutch when frequent. */
const ALL_OF_THE_ABOVE = /^(ca|tat ca)( cac)? (phuong an|dap an|y)( neu)? (tren|deu dung)/;
export const MAX_ALL_OF_THE_ABOVE_SHARE = 0.03;

function checkAcrossQuestions(questions: LoadedQuestion[], problems: BankProblem[]) {
  const crutches = questions.filter((q) => q.options.some((o) => ALL_OF_THE_ABOVE.test(foldText(o))));
  const allowed = Math.max(3, Math.floor(questions.length * MAX_ALL_OF_THE_ABOVE_SHARE));
  if (crutches.length > allowed) {
    const last = crutches[crutches.length - 1];
    problems.push({
      file: last.file,
      line: last.line,
      message: `Quá nhiều câu có phương án kiểu "Tất cả các phương án trên" (${crutches.length} câu, tối đa ${allowed}): hãy viết phương án nhiễu cụ thể hơn`,
    });
  }
  const byKey = new Map<string, LoadedQuestion>();
  const byStem = new Map<string, LoadedQuestion>();
  for (const question of questions) {
    const sameKey = byKey.get(question.key);
    if (sameKey) {
      problems.push({
        file: question.file,
        line: question.line,
        message: `Mã câu hỏi "${question.key}" trùng với câu ở ${sameKey.file}, dòng ${sameKey.line}`,
      });
    } else byKey.set(question.key, question);
    const stem = foldText(question.stem);
    const sameStem = byStem.get(stem);
    if (sameStem) {
      problems.push({
        file: question.file,
        line: question.line,
        message: `Câu hỏi "${question.key}" trùng nội dung với câu "${sameStem.key}" ở ${sameStem.file}, dòng ${sameStem.line}`,
      });
    } else byStem.set(stem, question);
  }
}

interface ParsedFile<T> {
  value: T;
  lineOf(path: (string | number)[]): number;
}

function parseYamlFile<S extends z.ZodType>(
  file: string,
  label: string,
  schema: S,
  problems: BankProblem[],
): ParsedFile<z.infer<S>> | null {
  const lineCounter = new LineCounter();
  const document = parseDocument(fs.readFileSync(file, "utf8"), { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (document.errors.length > 0) {
    for (const error of document.errors) {
      const line = error.linePos?.[0]?.line ?? lineCounter.linePos(error.pos[0]).line;
      problems.push({ file: label, line, message: `Tệp không đúng cú pháp: ${describeYamlError(error.code)}` });
    }
    return null;
  }
  const lineOf = (issuePath: readonly PropertyKey[]) => lineOfPath(document, lineCounter, issuePath);
  const raw = document.toJS();
  const result = schema.safeParse(raw);
  if (!result.success) {
    for (const issue of result.error.issues) {
      problems.push({ file: label, line: lineOf(issue.path), message: describeIssue(raw, issue.path, issue.message) });
    }
    return null;
  }
  return { value: result.data, lineOf };
}

function lineOfPath(document: Document, lineCounter: LineCounter, issuePath: readonly PropertyKey[]): number {
  // Walk as deep as the document goes, then report the line of the deepest node found.
  let node: unknown = document.contents;
  let offset = (document.contents as { range?: [number] } | null)?.range?.[0] ?? 0;
  for (const segment of issuePath) {
    let next: unknown;
    if (isMap(node)) {
      const pair = node.items.find((item) => (item.key as { value?: unknown })?.value === segment);
      if (pair) {
        const keyRange = (pair.key as { range?: [number] }).range;
        if (keyRange) offset = keyRange[0];
        next = pair.value;
      }
    } else if (isSeq(node) && typeof segment === "number") {
      next = node.items[segment];
    }
    if (!next) break;
    const range = (next as { range?: [number] }).range;
    if (range && !isMap(next)) offset = range[0];
    if (range && isMap(next) && typeof segment === "number") offset = range[0];
    node = next;
  }
  return lineCounter.linePos(offset).line;
}

/** "Câu \"bad-001\", Đáp án đúng: …" — names the question by its key and the field as organizers know it. */
function describeIssue(raw: unknown, issuePath: readonly PropertyKey[], message: string): string {
  let question = "";
  if (issuePath[0] === "questions" && typeof issuePath[1] === "number") {
    const key = (raw as { questions?: { key?: unknown }[] })?.questions?.[issuePath[1]]?.key;
    question = typeof key === "string" ? `Câu "${key}"` : `Câu thứ ${issuePath[1] + 1}`;
  }
  // The field's name, unless the message already says it ("Thiếu giải thích").
  const field = fieldLabel(issuePath);
  const named = field && foldText(message).includes(foldText(field));
  const where = [question, named ? "" : field].filter(Boolean).join(", ");
  return `${where ? `${where}: ` : ""}${message}`;
}
