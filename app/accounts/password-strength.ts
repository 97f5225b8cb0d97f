import { TOP_COMMON_PASSWORDS } from "./common-passwords-top";
import { PASSWORD_MIN_LENGTH, commonPasswordSet, findPasswordRule, passwordLength, type PersonalData } from "./password-policy";

// The hint shown under a new password as it is typed. Advice only: the server decides, with the
// whole list. The browser knows only the ~200 most common passwords.

export type StrengthLevel = "short" | "long" | "refused" | "weak" | "fair" | "strong";

export interface StrengthHint {
  level: StrengthLevel;
  text: string;
}

const topCommon = commonPasswordSet(TOP_COMMON_PASSWORDS);

/** Rough bits of guessing a password of this length and variety would take, were it random. */
export function estimatedBits(password: string): number {
  const chars = [...password.normalize("NFC")];
  let pool = 0;
  if (chars.some((c) => /[a-z]/.test(c))) pool += 26;
  if (chars.some((c) => /[A-Z]/.test(c))) pool += 26;
  if (chars.some((c) => /[0-9]/.test(c))) pool += 10;
  if (chars.some((c) => /[\x20-\x2f\x3a-\x40\x5b-\x60\x7b-\x7e]/.test(c))) pool += 33;
  // Vietnamese letters with diacritics and anything else beyond ASCII.
  if (chars.some((c) => c > "\x7e")) pool += 100;
  // Characters used over and over add little: "aaaaaaab" is not eight characters' worth.
  const length = Math.min(chars.length, new Set(chars).size * 2);
  return length * Math.log2(Math.max(pool, 1));
}

const WEAK_BELOW_BITS = 55;
const STRONG_FROM_BITS = 75;

export function strengthHint(password: string, personal: PersonalData = {}): StrengthHint | null {
  if (password === "") return null;
  const rule = findPasswordRule(password, personal, topCommon);
  switch (rule) {
    case "tooShort":
      return { level: "short", text: `Quá ngắn: cần thêm ${PASSWORD_MIN_LENGTH - passwordLength(password)} ký tự nữa.` };
    case "tooLong":
      return { level: "long", text: "Quá dài: tối đa 72 ký tự không dấu (chữ có dấu được tính như 2 hoặc 3 ký tự)." };
    case "pattern":
      return { level: "refused", text: "Ký tự lặp lại hoặc liên tiếp: rất dễ bị đoán." };
    case "common":
    case "commonWithSuffix":
      return { level: "refused", text: "Mật khẩu quá phổ biến: rất dễ bị đoán." };
    case "login":
      return { level: "refused", text: "Không nên dùng email hoặc số điện thoại của bạn trong mật khẩu." };
    case "name":
      return { level: "refused", text: "Không nên dùng họ và tên của bạn trong mật khẩu." };
  }
  const bits = estimatedBits(password);
  if (bits < WEAK_BELOW_BITS) return { level: "weak", text: "Yếu: nên dài hơn, ví dụ ghép vài từ thành một câu dễ nhớ." };
  if (bits < STRONG_FROM_BITS) return { level: "fair", text: "Tạm được: dài hơn sẽ an toàn hơn." };
  return { level: "strong", text: "Mạnh." };
}
