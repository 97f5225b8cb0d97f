export type RoundState = "upcoming" | "open" | "closed";

export function roundState(opensAt: Date, closesAt: Date, now: Date): RoundState {
  if (now < opensAt) return "upcoming";
  if (now >= closesAt) return "closed";
  return "open";
}

export const ROUND_STATE_LABELS: Record<RoundState, string> = {
  upcoming: "Sắp mở",
  open: "Đang mở",
  closed: "Đã kết thúc",
};
