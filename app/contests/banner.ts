/** The image types a banner may be, recognised by their first bytes (not by the file name). */
export function bannerType(data: Uint8Array): "image/png" | "image/jpeg" | "image/webp" | null {
  if (data.length > 8 && data[0] === 0x89 && data[1] === 0x50 && data[2] === 0x4e && data[3] === 0x47) return "image/png";
  if (data.length > 3 && data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return "image/jpeg";
  if (data.length > 12 && String.fromCharCode(...data.slice(0, 4)) === "RIFF" && String.fromCharCode(...data.slice(8, 12)) === "WEBP") return "image/webp";
  return null;
}

export const MAX_BANNER_BYTES = 1024 * 1024;
