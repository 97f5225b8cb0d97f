import { formatNumber } from "~/text/format";

// Labels of the charts and the live stamp, in Vietnam time whatever the browser's zone.
const VN_TIME_ZONE = "Asia/Ho_Chi_Minh";

const timeOfDay = new Intl.DateTimeFormat("vi-VN", { timeZone: VN_TIME_ZONE, hour: "2-digit", minute: "2-digit", second: "2-digit", hour12: false });
const hourMinute = new Intl.DateTimeFormat("vi-VN", { timeZone: VN_TIME_ZONE, hour: "2-digit", minute: "2-digit", hour12: false });
const dayMonth = new Intl.DateTimeFormat("vi-VN", { timeZone: VN_TIME_ZONE, day: "2-digit", month: "2-digit" });

/** "14:05:09" */
export function formatTimeOfDay(value: Date | string | number): string {
  return timeOfDay.format(new Date(value));
}

/** "14:00" */
export function formatHour(value: Date | string | number): string {
  return hourMinute.format(new Date(value));
}

/** "24/11" (built from parts: ICU versions disagree on the separator of a day and month alone). */
export function formatDayMonth(value: Date | string | number): string {
  const parts = dayMonth.formatToParts(new Date(value));
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? "";
  return `${part("day")}/${part("month")}`;
}

/** "24/11 14:00", the date only when it differs from the previous label's. */
export function hourLabel(value: Date | string | number, previous: Date | string | number | null): string {
  const day = formatDayMonth(value);
  return previous !== null && formatDayMonth(previous) === day ? formatHour(value) : `${day} ${formatHour(value)}`;
}

/** 0.425 -> "42,5%" (one decimal at most). */
export function formatPercent(fraction: number): string {
  return `${new Intl.NumberFormat("vi-VN", { maximumFractionDigits: 1 }).format(Math.round(fraction * 1000) / 10)}%`;
}

export { formatNumber };
