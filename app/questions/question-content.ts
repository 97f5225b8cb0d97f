import { createHash } from "node:crypto";
import type { TopicKey } from "~/banks/topics";
import type { Difficulty, LegalBasis, QuestionType } from "~/database/schema";

/** A question's content, as authored: what a version stores. */
export interface QuestionContent {
  key: string;
  topic: TopicKey;
  type: QuestionType;
  difficulty: Difficulty;
  stem: string;
  options: string[];
  /** 0-based, sorted. */
  correct: number[];
  explanation: string;
  basis: LegalBasis;
  tags: string[];
}

/** Same content, same hash: saving a question unchanged (or importing it twice) creates no version. */
export function contentHash(content: QuestionContent): string {
  const { key: _key, ...rest } = content;
  const basis = { document: rest.basis.document, issuer: rest.basis.issuer, date: rest.basis.date, article: rest.basis.article ?? null };
  return createHash("sha256")
    .update(JSON.stringify([rest.topic, rest.type, rest.difficulty, rest.stem, rest.options, rest.correct, rest.explanation, basis, rest.tags]))
    .digest("hex");
}
