import { foldText } from "~/text/normalize";
import { escapeLike } from "~/text/like";

export interface SearchableQuestion {
  key: string;
  stem: string;
  options: readonly string[];
  explanation: string;
  basis: { document: string; issuer?: string };
  tags?: readonly string[];
}

/** What the question list's search box matches: everything an organizer might type, folded. */
export function questionSearchText(question: SearchableQuestion): string {
  return foldText(
    [question.key, question.stem, ...question.options, question.explanation, question.basis.document, question.basis.issuer ?? "", ...(question.tags ?? [])].join(" \n "),
  );
}

/** A user's query made ready for `LIKE`: folded, with the wildcards escaped. */
export function searchPattern(query: string): string | null {
  const folded = foldText(query);
  if (!folded) return null;
  return `%${escapeLike(folded)}%`;
}

/**
 * One `LIKE` pattern per word, all of which must match: "thu tuc mot cua" finds "thủ tục hành
 * chính theo cơ chế một cửa". Words under three letters cannot use the trigram index, so they
 * are kept only when the query has nothing longer (then the whole query is one pattern).
 */
export function searchPatterns(query: string): string[] {
  const folded = foldText(query);
  if (!folded) return [];
  const words = [...new Set(folded.split(" ").filter((w) => w.length >= 3))];
  return (words.length > 0 ? words : [folded]).slice(0, 8).map((w) => `%${escapeLike(w)}%`);
}

/** Stems compared for duplicates: folded, punctuation removed. */
export function duplicateFingerprint(stem: string): string {
  return foldText(stem).replace(/[^\p{L}\p{N} ]+/gu, " ").replace(/\s+/g, " ").trim();
}
