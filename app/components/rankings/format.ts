/** Time taken as "mm:ss" ("62:05" past an hour: entries are short, minutes read better than hours). */
export function formatMinSec(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  return `${String(Math.floor(total / 60)).padStart(2, "0")}:${String(total % 60).padStart(2, "0")}`;
}

/** A participation rate (a fraction) as a percentage, "—" when the unit has no headcount. */
export function formatRate(rate: number | null): string {
  if (rate === null) return "—";
  return `${new Intl.NumberFormat("vi-VN", { maximumFractionDigits: 1 }).format(Math.round(rate * 1000) / 10)}%`;
}

export function formatAverage(value: number | null): string {
  if (value === null) return "—";
  return new Intl.NumberFormat("vi-VN", { maximumFractionDigits: 1 }).format(value);
}
