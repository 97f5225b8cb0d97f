import { formatNumber } from "~/text/format";
import { foldText } from "~/text/normalize";

// The question list's search: whole words of the folded text (no diacritics, any case), so
// "thu tuc mot cua" finds "thủ tục … một cửa" but "thu" does not find "thuộc" or "thực". The
// questions holding every word are listed, by relevance: the stem (what the list shows) before the
// rest of the question — the whole phrase in the stem, the phrase anywhere, more of the query's
// word pairs side by side in the stem, more of its words in the stem, then the same anywhere —
// and ties by question code. Only when no question holds every word are those holding some
// listed, in the same order: "của" or "một" alone is in most questions, and ranking them all
// would cost every search (docs/decisions/0005). The database side is in questions.server.ts
// (tsvectors of search_text and of the stem).

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

/** Letters and digits of any script: a word, as the database's `[[:alnum:]]` splits the text. */
const WORD = /[\p{L}\p{N}]+/gu;
/** Words a query may have; more adds nothing a person types into a search box. */
export const MAX_QUERY_WORDS = 8;

export interface SearchQuery {
  /** The query's words in order, folded: the phrase. */
  words: string[];
  /** The same without repeats. */
  distinct: string[];
}

/** "Thủ tục “một cửa”" → words thu, tuc, mot, cua; null when nothing is left to search for. */
export function parseSearchQuery(query: string): SearchQuery | null {
  const words = (foldText(query).match(WORD) ?? []).slice(0, MAX_QUERY_WORDS);
  if (words.length === 0) return null;
  return { words, distinct: [...new Set(words)] };
}

/**
 * The query as PostgreSQL text-search queries ('simple' configuration) over the folded words:
 * `phrase` the words side by side in order, `all` every word, `any` at least one, `pairs` each
 * two neighbouring words side by side. Words hold letters and digits only, so nothing needs quoting.
 */
export function searchTsQueries(query: SearchQuery): { phrase: string; all: string; any: string; pairs: string[]; each: string[] } {
  const pairs: string[] = [];
  for (let i = 1; i < query.words.length; i++) pairs.push(`${query.words[i - 1]} <-> ${query.words[i]}`);
  return {
    phrase: query.words.join(" <-> "),
    all: query.distinct.join(" & "),
    any: query.distinct.join(" | "),
    pairs: [...new Set(pairs)],
    each: query.distinct,
  };
}

/** How one text matches a query. */
export interface TextMatch {
  phrase: boolean;
  /** Neighbouring word pairs of the query found side by side. */
  pairs: number;
  /** Distinct words of the query found. */
  words: number;
}

/** How well a question matches: its stem, and its whole search text (stem, options, explanation…). */
export interface SearchRelevance {
  allWords: boolean;
  stem: TextMatch;
  text: TextMatch;
}

function textMatch(text: string, query: SearchQuery): TextMatch {
  const words = foldText(text).match(WORD) ?? [];
  const has = new Set(words);
  const side = (sequence: readonly string[]) => words.some((_w, i) => sequence.every((word, j) => words[i + j] === word));
  return {
    phrase: side(query.words),
    pairs: searchTsQueries(query).pairs.filter((pair) => side(pair.split(" <-> "))).length,
    words: query.distinct.filter((word) => has.has(word)).length,
  };
}

/**
 * The relevance of one question (its stem and its whole search text), as the database computes
 * it: the pure statement of the ranking, for tests and for anyone reading what the order means.
 */
export function relevanceOf(question: { stem: string; text: string }, query: SearchQuery): SearchRelevance {
  const text = textMatch(question.text, query);
  return { allWords: text.words === query.distinct.length, stem: textMatch(question.stem, query), text };
}

/** Which of the (relevance-scored) questions the list shows: those with every word, or else those with some. */
export function listedBySearch<R extends SearchRelevance>(scored: readonly R[]): R[] {
  const every = scored.filter((r) => r.allWords);
  return every.length > 0 ? every : scored.filter((r) => r.text.words > 0);
}

/**
 * Sorts like the list: every word; the phrase in the stem; the phrase anywhere; pairs, then words,
 * in the stem; pairs, then words, anywhere; then the code.
 */
export function compareRelevance(a: SearchRelevance & { key: string }, b: SearchRelevance & { key: string }): number {
  return (
    Number(b.allWords) - Number(a.allWords) ||
    Number(b.stem.phrase) - Number(a.stem.phrase) ||
    Number(b.text.phrase) - Number(a.text.phrase) ||
    b.stem.pairs - a.stem.pairs ||
    b.stem.words - a.stem.words ||
    b.text.pairs - a.text.pairs ||
    b.text.words - a.text.words ||
    (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)
  );
}

/** One character folded as foldText folds it (combining marks vanish, đ → d, lower case). */
function foldChar(char: string): string {
  return char
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/đ/g, "d")
    .replace(/Đ/g, "D")
    .toLowerCase();
}

/**
 * Where the query's words stand in `text` (the stem as written, with its diacritics), as
 * [start, end) offsets into it: whole words only, folded as the search folds them. Neighbouring
 * matched words (only spaces or punctuation between) make one range, so "một cửa" is marked as
 * one phrase.
 */
export function matchRanges(text: string, query: SearchQuery | null): [number, number][] {
  if (!query) return [];
  const wanted = new Set(query.words);
  // The folded text, with the offset in `text` each folded character came from.
  let folded = "";
  const origin: number[] = [];
  for (let i = 0; i < text.length; ) {
    const codePoint = text.codePointAt(i)!;
    const char = String.fromCodePoint(codePoint);
    const piece = foldChar(char);
    for (let k = 0; k < piece.length; k++) origin.push(i);
    folded += piece;
    i += char.length;
  }
  origin.push(text.length);
  const ranges: [number, number][] = [];
  let lastWordIndex = -2;
  let wordIndex = 0;
  for (const match of folded.matchAll(WORD)) {
    const start = origin[match.index!];
    const endFolded = match.index! + match[0].length;
    // The end in `text`: up to the next folded character's origin, so trailing combining marks stay inside.
    const end = origin[endFolded];
    if (wanted.has(match[0])) {
      const previous = ranges[ranges.length - 1];
      if (previous && lastWordIndex === wordIndex - 1) previous[1] = end;
      else ranges.push([start, end]);
      lastWordIndex = wordIndex;
    }
    wordIndex++;
  }
  return ranges;
}

/** "3 câu có đúng cụm từ, 12 câu có đủ các từ"; "Không câu nào có đủ các từ; 40 câu có một số từ": what a search found. */
export function describeSearchTiers(tiers: { phrase: number; allWords: number; someWords: number }): string {
  if (tiers.phrase + tiers.allWords > 0) {
    return [tiers.phrase > 0 ? `${formatNumber(tiers.phrase)} câu có đúng cụm từ` : null, tiers.allWords > 0 ? `${formatNumber(tiers.allWords)} câu có đủ các từ` : null]
      .filter(Boolean)
      .join(", ");
  }
  if (tiers.someWords > 0) return `Không câu nào có đủ các từ; ${formatNumber(tiers.someWords)} câu có một số từ`;
  return "Không có câu hỏi nào chứa các từ này";
}

/** Stems compared for duplicates: folded, punctuation removed. */
export function duplicateFingerprint(stem: string): string {
  return foldText(stem).replace(/[^\p{L}\p{N} ]+/gu, " ").replace(/\s+/g, " ").trim();
}
