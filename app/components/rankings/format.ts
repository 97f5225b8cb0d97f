/** A participation rate (a fraction) as a percentage, "—" when the unit has no headcount. */
export function formatRate(rate: number | null): string {
  if (rate === null) return "—";
  return `${new Intl.NumberFormat("vi-VN", { maximumFractionDigits: 1 }).format(Math.round(rate * 1000) / 10)}%`;
}

export function formatAverage(value: number | null): string {
  if (value === null) return "—";
  return new Intl.NumberFormat("vi-VN", { maximumFractionDigits: 1 }).format(value);
}
