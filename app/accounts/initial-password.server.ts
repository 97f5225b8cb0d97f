import { randomInt } from "node:crypto";
import type { PersonalData } from "./password-policy";
import { passwordProblem } from "./password-policy.server";

// Initial passwords are read off a printed list or a spreadsheet and typed in by hand, often on a
// phone: no characters that look alike (0/O/o, 1/l/I/i), nothing a keyboard hides behind a shift layer.
export const INITIAL_PASSWORD_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghjkmnpqrstuvwxyz23456789";
export const INITIAL_PASSWORD_LENGTH = 10;

/**
 * A readable random password of 10 characters (about 57 bits), drawn with a CSPRNG, that passes the
 * password policy for this person (drawn again in the very rare case it would not, e.g. "aaaaaaaaaa").
 * `draw` is the random source, replaceable only to test that redraw.
 */
export function generateInitialPassword(personal: PersonalData = {}, draw: (max: number) => number = randomInt): string {
  for (;;) {
    let password = "";
    for (let i = 0; i < INITIAL_PASSWORD_LENGTH; i++) password += INITIAL_PASSWORD_ALPHABET[draw(INITIAL_PASSWORD_ALPHABET.length)];
    if (!passwordProblem(password, personal)) return password;
  }
}

/** Runs `task` over `items`, at most `limit` at a time, keeping the order of the results. */
export async function mapWithConcurrency<T, R>(items: readonly T[], limit: number, task: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index], index);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}
