// A contest's address (slug) from its title: what the new-contest form fills in as the organizer
// types (in the browser) and what the server uses when the address is left blank. Pure, so the
// browser and the server agree letter for letter.

import { foldText } from "~/text/normalize";

/** The longest address the form accepts (contest-forms.ts repeats it for the input). */
export const SLUG_MAX = 100;

/** The address when the title has no letter or digit at all. */
export const FALLBACK_SLUG = "cuoc-thi";

/**
 * "Cuộc thi tìm hiểu CCHC năm 2027" → "cuoc-thi-tim-hieu-cchc-nam-2027": diacritics folded (đ → d),
 * lower case, every run of other characters one hyphen, none at either end; cut at a hyphen to fit
 * `max`. "" when nothing is left.
 */
export function slugFromTitle(title: string, max: number = SLUG_MAX): string {
  const folded = foldText(title)
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return cutAtHyphen(folded, max);
}

/** At most `max` characters, cut after a whole word when there is one, never ending in a hyphen. */
function cutAtHyphen(slug: string, max: number): string {
  if (slug.length <= max) return slug;
  const cut = slug.slice(0, max);
  // The cut fell between words, or inside one: keep the words that fit whole.
  if (slug[max] === "-") return cut.replace(/-+$/, "");
  const lastHyphen = cut.lastIndexOf("-");
  return (lastHyphen > 0 ? cut.slice(0, lastHyphen) : cut).replace(/-+$/, "");
}

/**
 * The first of `base`, `base-2`, `base-3`, … that is not taken, within `max` characters (the base is
 * shortened to make room for the number).
 */
export function uniqueSlug(base: string, taken: ReadonlySet<string>, max: number = SLUG_MAX): string {
  const start = base === "" ? FALLBACK_SLUG : cutAtHyphen(base, max);
  if (!taken.has(start)) return start;
  for (let n = 2; ; n++) {
    const suffix = `-${n}`;
    const candidate = `${cutAtHyphen(start, max - suffix.length)}${suffix}`;
    if (!taken.has(candidate)) return candidate;
  }
}
