import { createRequire } from "node:module";
import path from "node:path";

// DejaVu has every Vietnamese glyph (precomposed letters with diacritics); PDFs embed it rather
// than rely on the reader's fonts. Located through the installed package, wherever it lives.

const require = createRequire(import.meta.url);

export const FONT_FILES = {
  sans: "DejaVuSans.ttf",
  sansBold: "DejaVuSans-Bold.ttf",
  sansItalic: "DejaVuSans-Oblique.ttf",
  serif: "DejaVuSerif.ttf",
  serifBold: "DejaVuSerif-Bold.ttf",
  serifItalic: "DejaVuSerif-Italic.ttf",
} as const;

export type FontName = keyof typeof FONT_FILES;

let directory: string | undefined;

/** The absolute path of one of the DejaVu TTF files. */
export function fontPath(name: FontName): string {
  directory ??= path.join(path.dirname(require.resolve("dejavu-fonts-ttf/package.json")), "ttf");
  return path.join(directory, FONT_FILES[name]);
}

/** Registers the fonts on a pdfkit document under their names ("sans", "serifBold"…). */
export function registerFonts(doc: PDFKit.PDFDocument): void {
  for (const name of Object.keys(FONT_FILES) as FontName[]) doc.registerFont(name, fontPath(name));
}
