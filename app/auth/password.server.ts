import bcrypt from "bcrypt";

const COST = 10;

// bcrypt runs on libuv's thread pool: a login storm (everyone arriving when a round opens)
// would otherwise take every core and starve the event loop, and with it the answer saves of
// people already in an entry. Hashes wait their turn instead; logins get slower, entries don't.
const MAX_CONCURRENT_HASHES = Math.max(1, Number(process.env.BCRYPT_CONCURRENCY ?? 2));
let running = 0;
const waiting: (() => void)[] = [];

async function limited<T>(work: () => Promise<T>): Promise<T> {
  if (running >= MAX_CONCURRENT_HASHES) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  try {
    return await work();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

export function hashPassword(password: string): Promise<string> {
  return limited(() => bcrypt.hash(password, COST));
}

export function verifyPassword(password: string, hash: string): Promise<boolean> {
  return limited(() => bcrypt.compare(password, hash));
}

// Compared against when the login is unknown, so that a wrong login and a wrong password take the same time.
let dummyHash: Promise<string> | undefined;
export async function burnPasswordCheck(password: string): Promise<void> {
  dummyHash ??= hashPassword("không-phải-mật-khẩu-thật");
  await verifyPassword(password, await dummyHash);
}
