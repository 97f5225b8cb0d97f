import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";
import { env } from "~/config/env.server";

const COST = 10;

// A bcrypt check costs ~60 ms of CPU. When a round opens, thousands log in at once; on libuv's
// pool those hashes took every core and starved the event loop and the database, and with them
// the answer saves of people already in an entry. So hashes run in a few worker threads at a
// lower CPU priority (Linux nice values are per thread): logins use what the saves leave over.
// BCRYPT_CONCURRENCY threads at most (the environment, config/env.server.ts).
const NICE = 10;

const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const bcrypt = require(workerData.bcryptPath);
try { require("node:os").setPriority(0, workerData.nice); } catch {}
parentPort.on("message", (task) => {
  try {
    const result = task.op === "hash" ? bcrypt.hashSync(task.password, task.cost) : bcrypt.compareSync(task.password, task.hash);
    parentPort.postMessage({ result });
  } catch (error) {
    parentPort.postMessage({ error: String(error && error.message || error) });
  }
});
`;

type Task = { op: "hash"; password: string; cost: number } | { op: "compare"; password: string; hash: string };
type Pending = { task: Task; resolve: (value: string | boolean) => void; reject: (error: Error) => void };

const queue: Pending[] = [];
const idle: Worker[] = [];
const busy = new Map<Worker, Pending>();
let started = 0;

function startWorker(): Worker {
  const bcryptPath = createRequire(import.meta.url).resolve("bcrypt");
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { bcryptPath, nice: NICE } });
  worker.unref();
  worker.on("message", (message: { result?: string | boolean; error?: string }) => {
    const pending = busy.get(worker);
    busy.delete(worker);
    if (pending) {
      if (message.error !== undefined) pending.reject(new Error(message.error));
      else pending.resolve(message.result!);
    }
    idle.push(worker);
    dispatch();
  });
  worker.on("error", (error) => {
    // A crashed worker fails its own task only; a fresh one takes its place.
    busy.get(worker)?.reject(error);
    busy.delete(worker);
    const at = idle.indexOf(worker);
    if (at !== -1) idle.splice(at, 1);
    started--;
    dispatch();
  });
  started++;
  return worker;
}

function dispatch() {
  while (queue.length > 0) {
    const worker = idle.pop() ?? (started < env().BCRYPT_CONCURRENCY ? startWorker() : undefined);
    if (!worker) return;
    const pending = queue.shift()!;
    busy.set(worker, pending);
    worker.postMessage(pending.task);
  }
}

/** Thrown when the person gave up (closed the connection) before their check started. */
export class PasswordCheckAbandoned extends Error {
  constructor() {
    super("The password check was abandoned before it started.");
    this.name = "PasswordCheckAbandoned";
  }
}

/** Thrown when a check waited longer than its caller allows: the server is too busy to answer in time. */
export class PasswordCheckBusy extends Error {
  constructor() {
    super("The password check waited too long for its turn.");
    this.name = "PasswordCheckBusy";
  }
}

function run(task: Task, signal?: AbortSignal, maxWaitMs?: number): Promise<string | boolean> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new PasswordCheckAbandoned());
    const pending: Pending = { task, resolve, reject };
    queue.push(pending);
    const dropFromQueue = (error: Error) => {
      const at = queue.indexOf(pending);
      if (at === -1) return;
      queue.splice(at, 1);
      reject(error);
    };
    // Under overload the queue is long; a check nobody waits for any more must not cost 60 ms of CPU.
    signal?.addEventListener("abort", () => dropFromQueue(new PasswordCheckAbandoned()), { once: true });
    // And in a first-come queue longer than the browser's patience everyone would wait until they
    // give up: past `maxWaitMs` the person gets a quick "busy, try again" instead.
    if (maxWaitMs !== undefined) setTimeout(() => dropFromQueue(new PasswordCheckBusy()), maxWaitMs).unref();
    dispatch();
  });
}

// The same Vietnamese password can arrive as precomposed letters ("ệ") or as a letter plus
// combining marks (Unikey's "Unicode tổ hợp", some phones): hashes are made of the NFC form, so
// either way of typing it matches.
export async function hashPassword(password: string): Promise<string> {
  return (await run({ op: "hash", password: password.normalize("NFC"), cost: COST })) as string;
}

export async function verifyPassword(password: string, hash: string, signal?: AbortSignal, maxWaitMs?: number): Promise<boolean> {
  const composed = password.normalize("NFC");
  if ((await run({ op: "compare", password: composed, hash }, signal, maxWaitMs)) as boolean) return true;
  // Hashes made before passwords were normalised hold the text as it was typed then: a password
  // first typed with combining marks is still found by its decomposed form. Only such
  // passwords (with marks, and wrong in the composed form) cost a second check.
  const decomposed = password.normalize("NFD");
  if (decomposed === composed) return false;
  return (await run({ op: "compare", password: decomposed, hash }, signal, maxWaitMs)) as boolean;
}

// Compared against when the login is unknown, so that a wrong login and a wrong password take the same time.
let dummyHash: Promise<string> | undefined;
export async function burnPasswordCheck(password: string, signal?: AbortSignal, maxWaitMs?: number): Promise<void> {
  dummyHash ??= hashPassword("không-phải-mật-khẩu-thật");
  await verifyPassword(password, await dummyHash, signal, maxWaitMs);
}
