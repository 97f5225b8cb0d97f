// Organizers type times in Vietnam time (UTC+7, no daylight saving), whatever the server's zone.

const OFFSET_MS = 7 * 60 * 60 * 1000;

/** "2026-11-23T08:00" typed in Vietnam → the instant. Null for anything else. */
export function parseVietnamDateTime(value: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value.trim());
  if (!match) return null;
  const [y, mo, d, h, mi] = match.slice(1).map(Number);
  const utc = Date.UTC(y, mo - 1, d, h, mi);
  const check = new Date(utc);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d || h > 23 || mi > 59) return null;
  return new Date(utc - OFFSET_MS);
}

/** The instant as a datetime-local value in Vietnam time. */
export function toVietnamDateTimeInput(date: Date | string): string {
  return new Date(new Date(date).getTime() + OFFSET_MS).toISOString().slice(0, 16);
}
