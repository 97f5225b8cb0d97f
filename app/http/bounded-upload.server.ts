import { MaxPartSizeExceededError, unstable_parseMultipartFormData, type UploadHandler } from "@remix-run/node";

export type BoundedUpload = { ok: true; form: FormData } | { ok: false; reason: "too-large" | "unreadable" };

/**
 * Reads a multipart form in memory, each part at most `maxPartBytes`. A part over the limit is
 * not kept but still read to its end (up to `drainBytes` in all), so that the answer "file too
 * large" reaches the browser instead of a connection reset while it is still sending.
 */
export async function readBoundedUpload(request: Request, maxPartBytes: number, drainBytes = maxPartBytes * 8): Promise<BoundedUpload> {
  let tooLarge = false;
  let total = 0;
  const handler: UploadHandler = async ({ filename, contentType, name, data }) => {
    let size = 0;
    const chunks: Uint8Array<ArrayBuffer>[] = [];
    for await (const chunk of data) {
      size += chunk.byteLength;
      total += chunk.byteLength;
      if (total > drainBytes) throw new MaxPartSizeExceededError(name, maxPartBytes);
      if (size > maxPartBytes) {
        tooLarge = true;
        chunks.length = 0;
        continue;
      }
      chunks.push(chunk as Uint8Array<ArrayBuffer>);
    }
    if (size > maxPartBytes) return undefined;
    if (typeof filename === "string") return new File(chunks, filename, { type: contentType });
    return new Blob(chunks, { type: contentType }).text();
  };
  try {
    const form = await unstable_parseMultipartFormData(request, handler);
    return tooLarge ? { ok: false, reason: "too-large" } : { ok: true, form };
  } catch (error) {
    return { ok: false, reason: error instanceof MaxPartSizeExceededError ? "too-large" : "unreadable" };
  }
}

export type Upload = { ok: true; form: FormData } | { ok: false; status: 400 | 413; message: string };

/**
 * The one way an upload is read (every upload form goes through it, by `handleIntents`'s `upload`
 * option): the form within `maxBytes` a part, or the refusal to show. Whether a file was chosen is
 * the form's schema's question (`uploadedFile` in ./forms.ts); what the file holds, its reader's.
 */
export async function readUpload(request: Request, maxBytes: number): Promise<Upload> {
  const upload = await readBoundedUpload(request, maxBytes);
  if (upload.ok) return upload;
  if (upload.reason === "too-large") return { ok: false, status: 413, message: `Tệp quá lớn: tối đa ${maxBytes / 1024 / 1024} MB.` };
  return { ok: false, status: 400, message: "Không đọc được tệp gửi lên. Vui lòng chọn lại tệp." };
}
