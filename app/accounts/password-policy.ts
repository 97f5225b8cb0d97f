import { foldText } from "~/text/normalize";
import { parseLoginIdentifier, type LoginIdentifier } from "./login-identifier";

// Which new passwords are refused, after NIST SP 800-63B: long enough, not too long for bcrypt, not
// on a list of common passwords, not the person's own login or name. No composition rules (no
// "one upper case, one digit"): they make passwords harder to remember, not harder to guess.
// Pure: the list of common passwords is passed in (loaded on the server, a small part in the browser).

export const PASSWORD_MIN_LENGTH = 8;
/** bcrypt reads only the first 72 bytes of the UTF-8 text: past them, characters would be silently ignored. */
export const PASSWORD_MAX_BYTES = 72;
/** A login shorter than this is not looked for inside a password ("an@x.vn" would refuse "cảnh sát"). */
const MIN_LOGIN_PIECE = 4;
const MIN_NAME_PIECE = 5;
/** A common word with this many characters or more, followed only by digits or symbols, is still common. */
const MIN_COMMON_STEM = 4;

export type PasswordRule = "tooShort" | "tooLong" | "pattern" | "common" | "commonWithSuffix" | "login" | "name";

export const PASSWORD_MESSAGES: Record<PasswordRule, string> = {
  tooShort: `Mật khẩu cần ít nhất ${PASSWORD_MIN_LENGTH} ký tự.`,
  tooLong: "Mật khẩu quá dài: tối đa 72 ký tự không dấu (mỗi chữ có dấu được tính như 2 hoặc 3 ký tự).",
  pattern: "Mật khẩu chỉ gồm ký tự lặp lại hoặc liên tiếp (như 11111111, 12345678, abcdefgh), rất dễ bị đoán. Vui lòng chọn mật khẩu khác.",
  common: "Mật khẩu này quá phổ biến, rất dễ bị đoán. Vui lòng chọn mật khẩu khác, ví dụ ghép vài từ thành một câu dễ nhớ.",
  commonWithSuffix:
    "Mật khẩu này chỉ là một mật khẩu phổ biến thêm vài chữ số hoặc ký hiệu, rất dễ bị đoán. Vui lòng chọn mật khẩu khác, ví dụ ghép vài từ thành một câu dễ nhớ.",
  login: "Mật khẩu không được chứa email hoặc số điện thoại dùng để đăng nhập.",
  name: "Mật khẩu không được chứa họ và tên của bạn.",
};

type LoginLike = LoginIdentifier | string | null | undefined;

/** What is known about the person whose password it is. */
export interface PersonalData {
  /** The person's logins: an email, a phone number, or both (as typed or already parsed). */
  login?: LoginLike | readonly LoginLike[];
  fullName?: string | null;
}

/**
 * The form in which passwords are compared: lower case, no Vietnamese diacritics (đ → d), and no
 * spaces, dots, dashes or underscores. "Mật Khẩu 123", "mat-khau-123" and "matkhau123" are one.
 */
export function passwordKey(text: string): string {
  return foldText(text).replace(/[\s._-]+/g, "");
}

/** A list of common passwords made ready for `findPasswordProblem`. */
export function commonPasswordSet(entries: Iterable<string>): Set<string> {
  const set = new Set<string>();
  for (const entry of entries) {
    const key = passwordKey(entry);
    if (key) set.add(key);
  }
  return set;
}

/** Length in characters as a person counts them (a composed "ệ" is one). */
export function passwordLength(password: string): number {
  return [...password.normalize("NFC")].length;
}

/** The length rules alone: what a form can check without the list or the person. */
export function passwordLengthRule(password: string): "tooShort" | "tooLong" | null {
  if (passwordLength(password) < PASSWORD_MIN_LENGTH) return "tooShort";
  // bcrypt reads at most 72 bytes of the composed form it is given (~/auth/password.server.ts).
  if (new TextEncoder().encode(password.normalize("NFC")).length > PASSWORD_MAX_BYTES) return "tooLong";
  return null;
}

export function passwordLengthProblem(password: string): string | null {
  const rule = passwordLengthRule(password);
  return rule && PASSWORD_MESSAGES[rule];
}

/** The first rule the password breaks, or null when it may be used. */
export function findPasswordRule(password: string, personal: PersonalData, commonPasswords: ReadonlySet<string>): PasswordRule | null {
  const lengthRule = passwordLengthRule(password);
  if (lengthRule) return lengthRule;
  const key = passwordKey(password);
  if (isRepetitiveOrSequential(key)) return "pattern";
  if (commonPasswords.has(key)) return "common";
  const stem = key.replace(/[^\p{L}]+$/u, "");
  if (stem !== key && stem.length >= MIN_COMMON_STEM && commonPasswords.has(stem)) return "commonWithSuffix";
  return personalRule(key, personal);
}

/** The Vietnamese reason a new password is refused, or null when it may be used. */
export function findPasswordProblem(password: string, personal: PersonalData, commonPasswords: ReadonlySet<string>): string | null {
  const rule = findPasswordRule(password, personal, commonPasswords);
  return rule && PASSWORD_MESSAGES[rule];
}

/** Whether the password (as a key) contains the person's login or name. */
export function personalRule(key: string, personal: PersonalData): "login" | "name" | null {
  if (loginPieces(personal.login).some((piece) => key.includes(piece))) return "login";
  if (namePieces(personal.fullName).some((piece) => key.includes(piece))) return "name";
  return null;
}

function loginPieces(login: PersonalData["login"]): string[] {
  const logins: readonly LoginLike[] = Array.isArray(login) ? login : [login as LoginLike];
  const pieces: string[] = [];
  for (const raw of logins) {
    if (!raw) continue;
    const parsed = typeof raw === "string" ? parseLoginIdentifier(raw) : raw;
    if (!parsed) pieces.push(passwordKey(raw as string));
    else if (parsed.kind === "email") pieces.push(passwordKey(parsed.email.slice(0, parsed.email.lastIndexOf("@"))));
    // Without its leading 0, so "84912345678" and "0912345678" are both found.
    else pieces.push(parsed.phone.slice(1));
  }
  return pieces.filter((piece) => piece.length >= MIN_LOGIN_PIECE);
}

function namePieces(fullName: string | null | undefined): string[] {
  const words = foldText(fullName ?? "")
    .split(" ")
    .map(passwordKey)
    .filter(Boolean);
  if (words.length === 0) return [];
  const family = words[0];
  const given = words[words.length - 1];
  // Vietnamese order, the Western order, and family + given name without the middle names.
  const forms = [words.join(""), [...words].reverse().join("")];
  if (words.length > 2) forms.push(family + given, given + family);
  return [...new Set(forms)].filter((form) => form.length >= MIN_NAME_PIECE);
}

/**
 * One character over and over ("aaaaaaaa"), a short block repeated ("abcabcabc", "hahahaha"), a run
 * up or down ("12345678", "hgfedcba", "7890123") or nothing but spaces and separators.
 */
export function isRepetitiveOrSequential(key: string): boolean {
  const chars = [...key];
  if (chars.length < 4) return true;
  for (let unit = 1; unit <= 4 && unit * 2 <= chars.length; unit++) {
    if (chars.every((c, i) => c === chars[i % unit])) return true;
  }
  const steps = chars.slice(1).map((c, i) => step(chars[i], c));
  return steps.every((s) => s === 1) || steps.every((s) => s === -1);
}

function step(from: string, to: string): number {
  // Digits wrap around as on a keyboard's number row: ...8, 9, 0, 1...
  if (from === "9" && to === "0") return 1;
  if (from === "0" && to === "9") return -1;
  return to.codePointAt(0)! - from.codePointAt(0)!;
}
