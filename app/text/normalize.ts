/**
 * Folds Vietnamese text for comparison and search: no diacritics (đ → d), lower case,
 * single spaces. "Thủ tục  MỘT cửa" and "thu tuc mot cua" fold to the same string.
 */
export function foldText(text: string): string {
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/đ/g, "d")
    .replace(/Đ/g, "D")
    .toLowerCase()
    .replace(/\s+/g, " ")
    .trim();
}
