import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import nodemailer, { type Transporter } from "nodemailer";
import { env } from "~/config/env.server";

// Every mail the app sends goes through here, over one transport made on first use: the SMTP
// server of SMTP_URL, or, without it (development), the outbox folder under DATA_DIR, where each
// mail is kept as an .eml file with a small .json beside it for the admin's "Thư đã gửi" page.

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
}

/** A mail kept in the outbox, as the admin's page lists it. */
export interface OutboxMail {
  id: string;
  to: string;
  subject: string;
  sentAt: string;
  text: string;
}

type Delivery = { kind: "smtp"; transport: Transporter } | { kind: "outbox"; transport: Transporter; dir: string };

let delivery: Delivery | undefined;

function makeDelivery(): Delivery {
  const { SMTP_URL } = env();
  if (SMTP_URL) return { kind: "smtp", transport: nodemailer.createTransport(SMTP_URL) };
  const dir = outboxDir();
  console.log("Chưa cấu hình máy chủ gửi thư: thư không được gửi đi mà được lưu lại; quản trị viên xem ở trang Thư đã gửi.");
  return { kind: "outbox", transport: nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "unix" }), dir };
}

export function outboxDir(): string {
  return path.resolve(env().DATA_DIR, "outbox");
}

/** Whether mails really leave (an SMTP server is configured) or stay in the outbox. */
export function mailGoesOut(): boolean {
  return Boolean(env().SMTP_URL);
}

/**
 * The site's own address for links in mails: PUBLIC_URL, or http://localhost:PORT. Never the
 * request's Host header, which whoever sends the request chooses (a reset link pointing elsewhere).
 */
export function publicUrl(pathname: string): string {
  const { PUBLIC_URL, PORT } = env();
  return `${PUBLIC_URL ?? `http://localhost:${PORT}`}${pathname}`;
}

/** Sends one mail; resolves once the SMTP server accepted it (or it is written to the outbox). */
export async function sendMail(mail: OutgoingMail): Promise<void> {
  delivery ??= makeDelivery();
  const message = { from: env().MAIL_FROM, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html };
  const info = await delivery.transport.sendMail(message);
  if (delivery.kind === "outbox") await keepInOutbox(delivery.dir, mail, info.message as Buffer);
}

async function keepInOutbox(dir: string, mail: OutgoingMail, raw: Buffer): Promise<void> {
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  const sentAt = new Date();
  // The time first, so that names sort by time; random bytes after it, so that none collide.
  const id = `${sentAt.toISOString().replace(/[:.]/g, "-")}-${randomBytes(4).toString("hex")}`;
  await fs.writeFile(path.join(dir, `${id}.eml`), raw, { mode: 0o600 });
  const summary: Omit<OutboxMail, "id"> = { to: mail.to, subject: mail.subject, sentAt: sentAt.toISOString(), text: mail.text };
  await fs.writeFile(path.join(dir, `${id}.json`), JSON.stringify(summary), { mode: 0o600 });
}

/** The newest mails of the outbox first (at most `limit`); none when the folder does not exist yet. */
export async function listOutbox(limit = 100): Promise<OutboxMail[]> {
  const dir = outboxDir();
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
  const newest = names
    .filter((name) => name.endsWith(".json"))
    .sort()
    .reverse()
    .slice(0, limit);
  const mails: OutboxMail[] = [];
  for (const name of newest) {
    try {
      const summary = JSON.parse(await fs.readFile(path.join(dir, name), "utf8")) as Omit<OutboxMail, "id">;
      mails.push({ id: name.slice(0, -".json".length), to: summary.to, subject: summary.subject, sentAt: summary.sentAt, text: summary.text });
    } catch {
      // A file someone edited or half-wrote is left out rather than breaking the page.
    }
  }
  return mails;
}
