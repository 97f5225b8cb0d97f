import bcrypt from "bcrypt";

const COST = 10;

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, COST);
}

export function verifyPassword(password: string, hash: string): Promise<boolean> {
  return bcrypt.compare(password, hash);
}

// Compared against when the login is unknown, so that a wrong login and a wrong password take the same time.
let dummyHash: Promise<string> | undefined;
export async function burnPasswordCheck(password: string): Promise<void> {
  dummyHash ??= bcrypt.hash("không-phải-mật-khẩu-thật", COST);
  await bcrypt.compare(password, await dummyHash);
}
