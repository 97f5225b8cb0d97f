import type { MetaDescriptor } from "@remix-run/node";

// What a link to a public contest page shows when it is pasted into Zalo, Facebook or a mail: the
// Open Graph and Twitter card tags. Crawlers read only absolute addresses, so `url` and `image` are.

export const SITE_NAME = "Thi tìm hiểu CCHC";

export interface ShareCard {
  title: string;
  description: string;
  /** The page's own absolute address, without its query. */
  url: string;
  /** An absolute address of an image the crawler can fetch: the contest's banner, or the site's icon. */
  image: string;
  /** A banner is wide and shown large; the icon is square and shown small. */
  wideImage: boolean;
}

/** Whitespace folded and cut at a word near `max` characters, with an ellipsis when cut. */
export function shareDescription(text: string, max = 200): string {
  const flat = text.replace(/\s+/g, " ").trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max - 1);
  const space = cut.lastIndexOf(" ");
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,.;:–-]+$/, "")}…`;
}

/** The page's title and its share tags (no tags when the loader failed). */
export function shareMeta(pageTitle: string, card: ShareCard | undefined): MetaDescriptor[] {
  if (!card) return [{ title: pageTitle }];
  return [
    { title: pageTitle },
    { name: "description", content: card.description },
    { property: "og:site_name", content: SITE_NAME },
    { property: "og:type", content: "website" },
    { property: "og:locale", content: "vi_VN" },
    { property: "og:title", content: card.title },
    { property: "og:description", content: card.description },
    { property: "og:url", content: card.url },
    { property: "og:image", content: card.image },
    { property: "og:image:alt", content: card.wideImage ? `Ảnh bìa ${card.title}` : SITE_NAME },
    { tagName: "link", rel: "canonical", href: card.url },
    { name: "twitter:card", content: card.wideImage ? "summary_large_image" : "summary" },
    { name: "twitter:title", content: card.title },
    { name: "twitter:description", content: card.description },
    { name: "twitter:image", content: card.image },
  ];
}
