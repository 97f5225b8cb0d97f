// Số căn cước công dân (CCCD, now "số định danh cá nhân"): 12 digits, the first 3 the code of the
// province or centrally-run city where the person's birth was registered.
//
// The codes: Phụ lục I "Danh mục mã tỉnh, thành phố trực thuộc Trung ương nơi công dân đăng ký khai
// sinh", issued with Thông tư 07/2016/TT-BCA (01/02/2016) of the Ministry of Public Security, which
// details Luật Căn cước công dân 2014 and Nghị định 137/2015/NĐ-CP — the 63 provinces as they were
// before the 2025 mergers. A number keeps its code for life, so the merged provinces change nothing
// here. (Read from the annex as reproduced by thuvienphapluat.vn and in a copy of the circular.)
export const CCCD_PROVINCE_CODES: Readonly<Record<string, string>> = {
  "001": "Hà Nội",
  "002": "Hà Giang",
  "004": "Cao Bằng",
  "006": "Bắc Kạn",
  "008": "Tuyên Quang",
  "010": "Lào Cai",
  "011": "Điện Biên",
  "012": "Lai Châu",
  "014": "Sơn La",
  "015": "Yên Bái",
  "017": "Hòa Bình",
  "019": "Thái Nguyên",
  "020": "Lạng Sơn",
  "022": "Quảng Ninh",
  "024": "Bắc Giang",
  "025": "Phú Thọ",
  "026": "Vĩnh Phúc",
  "027": "Bắc Ninh",
  "030": "Hải Dương",
  "031": "Hải Phòng",
  "033": "Hưng Yên",
  "034": "Thái Bình",
  "035": "Hà Nam",
  "036": "Nam Định",
  "037": "Ninh Bình",
  "038": "Thanh Hóa",
  "040": "Nghệ An",
  "042": "Hà Tĩnh",
  "044": "Quảng Bình",
  "045": "Quảng Trị",
  "046": "Thừa Thiên Huế",
  "048": "Đà Nẵng",
  "049": "Quảng Nam",
  "051": "Quảng Ngãi",
  "052": "Bình Định",
  "054": "Phú Yên",
  "056": "Khánh Hòa",
  "058": "Ninh Thuận",
  "060": "Bình Thuận",
  "062": "Kon Tum",
  "064": "Gia Lai",
  "066": "Đắk Lắk",
  "067": "Đắk Nông",
  "068": "Lâm Đồng",
  "070": "Bình Phước",
  "072": "Tây Ninh",
  "074": "Bình Dương",
  "075": "Đồng Nai",
  "077": "Bà Rịa - Vũng Tàu",
  "079": "Hồ Chí Minh",
  "080": "Long An",
  "082": "Tiền Giang",
  "083": "Bến Tre",
  "084": "Trà Vinh",
  "086": "Vĩnh Long",
  "087": "Đồng Tháp",
  "089": "An Giang",
  "091": "Kiên Giang",
  "092": "Cần Thơ",
  "093": "Hậu Giang",
  "094": "Sóc Trăng",
  "095": "Bạc Liêu",
  "096": "Cà Mau",
};

export type CccdCheck = { ok: true; cccd: string } | { ok: false; message: string };

/**
 * Checks a CCCD as typed: spaces and dots between digit groups are allowed and dropped. `fromNumberCell`:
 * the spreadsheet held a number, which drops leading zeros (every province code starts with 0), so
 * 9 to 11 digits are padded back to 12.
 */
export function checkCccd(raw: string, options: { fromNumberCell?: boolean } = {}): CccdCheck {
  let digits = raw.trim().replace(/[\s.]/g, "");
  if (!/^\d+$/.test(digits)) return { ok: false, message: `Số CCCD “${raw.trim()}” chỉ được gồm chữ số (12 chữ số)` };
  if (options.fromNumberCell && digits.length >= 9 && digits.length < 12) digits = digits.padStart(12, "0");
  if (digits.length !== 12) return { ok: false, message: `Số CCCD “${raw.trim()}” có ${digits.length} chữ số; số CCCD phải có đúng 12 chữ số` };
  const code = digits.slice(0, 3);
  if (!(code in CCCD_PROVINCE_CODES)) {
    return { ok: false, message: `Số CCCD “${digits}” bắt đầu bằng “${code}”, không phải mã tỉnh, thành phố nơi đăng ký khai sinh` };
  }
  return { ok: true, cccd: digits };
}

/** What a reader without the right to see it reads of a CCCD: the first and last 3 digits' shape, e.g. 0xx•••••123. */
export function maskCccd(cccd: string): string {
  return `${cccd[0]}xx${"•".repeat(Math.max(cccd.length - 6, 0))}${cccd.slice(-3)}`;
}

/** A phone likewise: 09x•••••678. */
export function maskPhone(phone: string): string {
  return `${phone.slice(0, 2)}x${"•".repeat(Math.max(phone.length - 6, 0))}${phone.slice(-3)}`;
}
