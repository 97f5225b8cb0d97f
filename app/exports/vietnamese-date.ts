// Dates as Vietnamese official documents write them (Nghị định 30/2020/NĐ-CP): "ngày 05 tháng 01
// năm 2026" — a leading zero for days below 10 and for months 1 and 2 — in Vietnam time (UTC+7).

const OFFSET_MS = 7 * 60 * 60 * 1000;

/** The calendar day in Vietnam of an instant. */
export function vietnamCalendarDay(instant: Date): { day: number; month: number; year: number } {
  const shifted = new Date(instant.getTime() + OFFSET_MS);
  return { day: shifted.getUTCDate(), month: shifted.getUTCMonth() + 1, year: shifted.getUTCFullYear() };
}

/** "ngày 23 tháng 11 năm 2026"; "ngày 05 tháng 02 năm 2026"; "ngày 15 tháng 3 năm 2026". */
export function vietnameseDateWords(instant: Date): string {
  const { day, month, year } = vietnamCalendarDay(instant);
  const dd = day < 10 ? `0${day}` : String(day);
  const mm = month <= 2 ? `0${month}` : String(month);
  return `ngày ${dd} tháng ${mm} năm ${year}`;
}

/** "Hậu Giang, ngày 23 tháng 11 năm 2026", the line above a signature. */
export function placeAndDate(place: string | undefined, instant: Date): string {
  const words = vietnameseDateWords(instant);
  return place && place.trim() ? `${place.trim()}, ${words}` : words.charAt(0).toUpperCase() + words.slice(1);
}
