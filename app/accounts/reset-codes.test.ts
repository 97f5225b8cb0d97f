import { describe, expect, it } from "vitest";
import type { Role } from "~/database/schema";
import { RESET_CODE_ALPHABET, RESET_CODE_LENGTH, drawResetCode, resetCodeGroups, resetCodeRefusal } from "./reset-codes";

describe("who may issue a reset code for whom", () => {
  const person = (id: number, role: Role) => ({ id, role });
  const roles: Role[] = ["contestant", "leader", "organizer", "admin"];

  it("lets an admin issue for anyone but themself", () => {
    for (const role of roles) expect(resetCodeRefusal(person(1, "admin"), person(2, role))).toBeNull();
    expect(resetCodeRefusal(person(1, "admin"), person(1, "admin"))).toMatch(/chính mình/);
  });

  it("lets an organizer issue for contestants and leaders only", () => {
    const organizer = person(1, "organizer");
    expect(resetCodeRefusal(organizer, person(2, "contestant"))).toBeNull();
    expect(resetCodeRefusal(organizer, person(3, "leader"))).toBeNull();
    expect(resetCodeRefusal(organizer, person(4, "organizer"))).toMatch(/chỉ cấp mã.*thí sinh và lãnh đạo/);
    expect(resetCodeRefusal(organizer, person(5, "admin"))).toMatch(/chỉ cấp mã.*thí sinh và lãnh đạo/);
    expect(resetCodeRefusal(organizer, organizer)).toMatch(/chính mình/);
  });

  it("lets nobody else issue", () => {
    for (const role of ["contestant", "leader"] as Role[]) {
      expect(resetCodeRefusal(person(1, role), person(2, "contestant"))).toBe("Bạn không có quyền cấp mã đặt lại mật khẩu.");
    }
  });
});

describe("the code", () => {
  it("draws every character from the unambiguous alphabet", () => {
    let n = 0;
    const code = drawResetCode((max) => n++ % max);
    expect(code).toBe(RESET_CODE_ALPHABET.slice(0, RESET_CODE_LENGTH));
    expect(drawResetCode((max) => max - 1)).toBe("9".repeat(RESET_CODE_LENGTH));
    expect(RESET_CODE_ALPHABET).not.toMatch(/[01OIL]|[a-z]/);
  });

  it("is shown in groups of five", () => {
    expect(resetCodeGroups("ABCDEFGHJK")).toEqual(["ABCDE", "FGHJK"]);
  });
});
