import fs from "node:fs";
import bcrypt from "bcrypt";
import { describe, expect, it } from "vitest";
import { hashPassword, PasswordCheckAbandoned, verifyPassword } from "./password.server";

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

  it("matches a Vietnamese password however its letters were typed, composed or with combining marks", async () => {
    const composed = "Mật-khẩu tổ hợp 2026".normalize("NFC");
    const decomposed = composed.normalize("NFD");
    expect(decomposed).not.toBe(composed);
    for (const typedFirst of [composed, decomposed]) {
      const hash = await hashPassword(typedFirst);
      expect(await verifyPassword(composed, hash)).toBe(true);
      expect(await verifyPassword(decomposed, hash)).toBe(true);
      expect(await verifyPassword("Mat-khau to hop 2026", hash)).toBe(false);
    }
  });

  it("still accepts a password hashed, before normalisation, as typed with combining marks", async () => {
    const decomposed = "Quốc-hội khóa XV".normalize("NFD");
    const oldHash = await bcrypt.hash(decomposed, 4);
    expect(await verifyPassword(decomposed.normalize("NFC"), oldHash)).toBe(true);
    expect(await verifyPassword(decomposed, oldHash)).toBe(true);
    expect(await verifyPassword("Quốc-hội khóa XIV", oldHash)).toBe(false);
  });

  it("hashes in threads of lower CPU priority than the event loop", async () => {
    await hashPassword("ưu tiên thấp");
    const values = threadNiceValues();
    expect(values[0]).toBe(0);
    expect(values.filter((nice) => nice === 10).length).toBeGreaterThanOrEqual(1);
  });
});

describe("an abandoned password check", () => {
  it("is dropped from the queue before it costs anything, and the others still run", async () => {
    const hash = await hashPassword("xếp-hàng");
    // More checks than workers: the last ones wait in the queue, and those are abandoned.
    const controllers = Array.from({ length: 6 }, () => new AbortController());
    const checks = controllers.map((c) => verifyPassword("xếp-hàng", hash, c.signal).then(
      (ok) => (ok ? "ok" : "wrong"),
      (error: Error) => error.name,
    ));
    controllers[4].abort();
    controllers[5].abort();
    expect(await Promise.all(checks)).toEqual(["ok", "ok", "ok", "ok", "PasswordCheckAbandoned", "PasswordCheckAbandoned"]);
    const already = new AbortController();
    already.abort();
    await expect(verifyPassword("xếp-hàng", hash, already.signal)).rejects.toBeInstanceOf(PasswordCheckAbandoned);
  });
});

describe("a password check that waits too long", () => {
  it("is answered 'busy' instead of waiting for its turn, while the checks already running finish", async () => {
    const hash = await hashPassword("hàng-dài");
    // Two workers take the first two; the other four would wait ~60 ms each, far past 1 ms.
    const outcomes = await Promise.all(
      Array.from({ length: 6 }, () => verifyPassword("hàng-dài", hash, undefined, 1).then(
        (ok) => (ok ? "ok" : "wrong"),
        (error: Error) => error.name,
      )),
    );
    expect(outcomes.slice(0, 2)).toEqual(["ok", "ok"]);
    expect(outcomes.slice(2)).toEqual(["PasswordCheckBusy", "PasswordCheckBusy", "PasswordCheckBusy", "PasswordCheckBusy"]);
    // Nothing is left behind: the next check runs at once.
    expect(await verifyPassword("hàng-dài", hash, undefined, 1000)).toBe(true);
  });
});
