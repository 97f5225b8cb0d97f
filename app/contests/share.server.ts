import QRCode from "qrcode";
import { siteUrl } from "~/http/site-url.server";
import { shareDescription, type ShareCard } from "./share";

/** The site's own picture when a contest has no banner: the 512 px icon in public/. */
export const FALLBACK_SHARE_IMAGE = "/icons/icon-512.png";

/** The public pages of a contest that carry share tags. */
export type SharedPage = "landing" | "ranking" | "results";

const PAGE_PATH: Record<SharedPage, string> = { landing: "", ranking: "/xep-hang", results: "/ket-qua" };

/** The absolute address of a contest's landing page, as people type it or scan it. */
export function contestPublicUrl(request: Request, slug: string): string {
  return siteUrl(request, `/cuoc-thi/${slug}`);
}

export function contestShareCard(
  request: Request,
  contest: { slug: string; title: string; hasBanner: boolean; ownerUnitName: string; rules: string },
  page: SharedPage,
): ShareCard {
  const description =
    page === "landing"
      ? shareDescription(`${contest.ownerUnitName} tổ chức. ${contest.rules}`)
      : page === "ranking"
        ? shareDescription(`Bảng xếp hạng cá nhân và đơn vị của ${contest.title}, cập nhật trực tiếp.`)
        : shareDescription(`Kết quả và danh sách đạt giải của ${contest.title}.`);
  const title = page === "landing" ? contest.title : page === "ranking" ? `Bảng xếp hạng · ${contest.title}` : `Kết quả · ${contest.title}`;
  return {
    title,
    description,
    url: `${contestPublicUrl(request, contest.slug)}${PAGE_PATH[page]}`,
    image: siteUrl(request, contest.hasBanner ? `/cuoc-thi/${contest.slug}/anh-bia` : FALLBACK_SHARE_IMAGE),
    wideImage: contest.hasBanner,
  };
}

/**
 * A QR code as one SVG path over a `size`×`size` grid of modules (quiet zone not included), drawn
 * on the server: the page needs no script, and an inline <svg> passes the Content-Security-Policy.
 * Error correction M survives a creased or smudged print.
 */
export function qrCodePath(text: string): { size: number; path: string } {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: "M" });
  const parts: string[] = [];
  for (let row = 0; row < modules.size; row++) {
    let col = 0;
    while (col < modules.size) {
      if (!modules.get(row, col)) {
        col++;
        continue;
      }
      const start = col;
      while (col < modules.size && modules.get(row, col)) col++;
      parts.push(`M${start} ${row}h${col - start}v1h-${col - start}z`);
    }
  }
  return { size: modules.size, path: parts.join("") };
}
