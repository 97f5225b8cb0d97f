import type { Role } from "~/database/schema";

// Reset codes an organizer or admin issues for a person who cannot receive mail (most accounts
// made from a phone number). The code becomes the person's password, one-time and for a day, and
// the change is forced at the next login. Pure: who may issue for whom, the code's form. The reason
// follows the one rule of every organizer's and admin's change (~/commands/reason.ts).

/** Read aloud over the phone or sent by SMS: capitals and digits only, none that look alike (0/O, 1/I/L). */
export const RESET_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
/** 10 characters of 31: about 49 bits, against a login throttled per account, for one day at most. */
export const RESET_CODE_LENGTH = 10;
export const RESET_CODE_VALID_HOURS = 24;

/** A code of RESET_CODE_LENGTH characters; `draw(n)` gives a random integer in [0, n) (a CSPRNG on the server). */
export function drawResetCode(draw: (max: number) => number): string {
  let code = "";
  for (let i = 0; i < RESET_CODE_LENGTH; i++) code += RESET_CODE_ALPHABET[draw(RESET_CODE_ALPHABET.length)];
  return code;
}

/** "ABCDE", "FGHJK": the code in groups of five, easier to read out (it is typed without the gap). */
export function resetCodeGroups(code: string): string[] {
  return code.match(/.{1,5}/g) ?? [];
}

interface Person {
  id: number;
  role: Role;
}

/** Whom an organizer may help: people who take part or watch, never the staff who run the platform. */
const ORGANIZER_MAY_RESET: ReadonlySet<Role> = new Set<Role>(["contestant", "leader"]);

/**
 * Why `issuer` may not issue a reset code for `subject`, or null when they may. Admins may for
 * anyone but themselves; organizers for contestants and leaders only (not for another organizer
 * or an admin, whose accounts are worth more); nobody else.
 */
export function resetCodeRefusal(issuer: Person, subject: Person): string | null {
  if (issuer.id === subject.id) return "Không thể tự cấp mã đặt lại mật khẩu cho chính mình. Hãy dùng trang Đổi mật khẩu.";
  if (issuer.role === "admin") return null;
  if (issuer.role === "organizer") {
    return ORGANIZER_MAY_RESET.has(subject.role)
      ? null
      : "Ban tổ chức chỉ cấp mã đặt lại mật khẩu cho thí sinh và lãnh đạo. Mật khẩu của ban tổ chức và quản trị viên do quản trị hệ thống cấp lại.";
  }
  return "Bạn không có quyền cấp mã đặt lại mật khẩu.";
}
