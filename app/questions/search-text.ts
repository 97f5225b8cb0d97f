import { foldText } from "~/text/normalize";

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
  return `%${folded.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Stems compared for duplicates: folded, punctuation removed. */
export function duplicateFingerprint(stem: string): string {
  return foldText(stem).replace(/[^\p{L}\p{N} ]+/gu, " ").replace(/\s+/g, " ").trim();
}
