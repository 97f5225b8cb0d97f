import { formatNumber } from "~/text/format";
import { foldText } from "~/text/normalize";

// The question list's search: whole words of the folded text (no diacritics, any case), so
// "thu tuc mot cua" finds "thủ tục … một cửa" but "thu" does not find "thuộc" or "thực". The
// questions holding every word are listed, by relevance: the whole phrase first, then more of the
// query's word pairs side by side; ties by question code. Only when no question holds every word
// are those holding some listed (more pairs, then more words first): "của" or "một" alone is in
// most questions, and listing them after the good ones would bury nothing but cost every search.
// The database side is in questions.server.ts (a tsvector of search_text).

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

/** How well a text matches, in the order the list is sorted by (greater first), then the question code. */
export interface SearchRelevance {
  phrase: boolean;
  allWords: boolean;
  pairs: number;
  words: number;
}

/**
 * The relevance of one (folded) text, as the database computes it: the pure statement of the
 * ranking, for tests and for anyone reading what the list's order means.
 */
export function relevanceOf(text: string, query: SearchQuery): SearchRelevance {
  const words = foldText(text).match(WORD) ?? [];
  const has = new Set(words);
  const side = (sequence: readonly string[]) =>
    words.some((_w, i) => sequence.every((word, j) => words[i + j] === word));
  const pairs = searchTsQueries(query).pairs.filter((pair) => side(pair.split(" <-> "))).length;
  const found = query.distinct.filter((word) => has.has(word)).length;
  return { phrase: side(query.words), allWords: found === query.distinct.length, pairs, words: found };
}

/** Which of the (relevance-scored) questions the list shows: those with every word, or else those with some. */
export function listedBySearch<R extends SearchRelevance>(scored: readonly R[]): R[] {
  const every = scored.filter((r) => r.allWords);
  return every.length > 0 ? every : scored.filter((r) => r.words > 0);
}

/** Sorts like the list: phrase, every word, pairs side by side, words found, then the code. */
export function compareRelevance(a: SearchRelevance & { key: string }, b: SearchRelevance & { key: string }): number {
  return (
    Number(b.phrase) - Number(a.phrase) ||
    Number(b.allWords) - Number(a.allWords) ||
    b.pairs - a.pairs ||
    b.words - a.words ||
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
