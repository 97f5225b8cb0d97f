// npm run bank:check — validates every shipped question bank and counts its questions.
// Problems are printed as `file:line: what is wrong`; the exit code is 1 when there is any.
import path from "node:path";
import { loadBanks } from "../app/banks/load-banks.server";
import { DIFFICULTY_LABELS, TOPICS, type TopicKey } from "../app/banks/topics";

const root = path.resolve(process.argv[2] ?? "question-banks");
const { banks, problems } = loadBanks(root);

for (const problem of problems) console.log(`${problem.file}:${problem.line}: ${problem.message}`);

for (const bank of banks) {
  console.log(`\nNgân hàng "${bank.header.title}" (mã ${bank.header.key}): ${bank.questions.length} câu hỏi`);
  const byTopic = new Map<string, number>();
  const byDifficulty = new Map<string, number>();
  for (const q of bank.questions) {
    byTopic.set(q.topic, (byTopic.get(q.topic) ?? 0) + 1);
    byDifficulty.set(q.difficulty, (byDifficulty.get(q.difficulty) ?? 0) + 1);
  }
  for (const topic of Object.keys(TOPICS) as TopicKey[]) {
    const count = byTopic.get(topic) ?? 0;
    if (count > 0) console.log(`  ${String(count).padStart(4)}  ${TOPICS[topic]}`);
  }
  console.log(
    `  Độ khó: ${Object.entries(DIFFICULTY_LABELS)
      .map(([key, label]) => `${label} ${byDifficulty.get(key) ?? 0}`)
      .join(", ")}`,
  );
}

if (problems.length > 0) {
  console.log(`\n${problems.length} lỗi cần sửa.`);
  process.exit(1);
}
console.log(`\nHợp lệ: ${banks.length} ngân hàng, ${banks.reduce((n, b) => n + b.questions.length, 0)} câu hỏi.`);
