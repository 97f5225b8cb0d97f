import { dictionary } from "@zxcvbn-ts/language-common";
import { UserFacingError } from "~/http/user-facing-error";
import { VIETNAMESE_COMMON_PASSWORDS } from "./common-passwords-vi";
import { commonPasswordSet, findPasswordProblem, type PersonalData } from "./password-policy";

// The common passwords are those of @zxcvbn-ts/language-common (MIT; about 49,000 from published
// breach corpora, most common first), used from the package rather than copied, plus our own
// Vietnamese list. Server only: the browser gets a small part (common-passwords-top.ts).
let common: ReadonlySet<string> | undefined;

/** The common passwords as keys, built once on first use (a few tens of milliseconds). */
export function commonPasswords(): ReadonlySet<string> {
  common ??= commonPasswordSet([...dictionary["passwords-common"], ...VIETNAMESE_COMMON_PASSWORDS]);
  return common;
}

/**
 * The Vietnamese reason a new password may not be used, or null. Every way of setting a
 * password a person chose (registration, change, reset) asks this; generated and seeded ones don't.
 */
export function passwordProblem(password: string, personal: PersonalData = {}): string | null {
  return findPasswordProblem(password, personal, commonPasswords());
}

/** Throws a 400 UserFacingError with the reason (its code names the form field) when the password may not be used. */
export function assertNewPasswordAllowed(password: string, personal: PersonalData, field: string): void {
  const problem = passwordProblem(password, personal);
  if (problem) throw new UserFacingError(400, problem, field);
}
