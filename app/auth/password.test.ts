import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { hashPassword, verifyPassword } from "./password.server";

/** Nice values of this process's threads (Linux keeps one per thread). */
function threadNiceValues(): number[] {
  return fs.readdirSync("/proc/self/task").map((tid) => {
    const stat = fs.readFileSync(`/proc/self/task/${tid}/stat`, "utf8");
    return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[16]);
  });
}

describe("password hashing", () => {
  it("verifies the right password and refuses a wrong one, also many at once", async () => {
    const hash = await hashPassword("Mật-khẩu@2026");
    expect(hash).toMatch(/^\$2[aby]\$10\$/);
    const checks = await Promise.all(
      Array.from({ length: 8 }, (_, i) => verifyPassword(i % 2 === 0 ? "Mật-khẩu@2026" : `sai-${i}`, hash)),
    );
    expect(checks).toEqual([true, false, true, false, true, false, true, false]);
  });

  it("hashes in threads of lower CPU priority than the event loop", async () => {
    await hashPassword("ưu tiên thấp");
    const values = threadNiceValues();
    expect(values[0]).toBe(0);
    expect(values.filter((nice) => nice === 10).length).toBeGreaterThanOrEqual(1);
  });
});
