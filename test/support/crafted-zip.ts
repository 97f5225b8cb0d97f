import zlib from "node:zlib";

// Building zip archives by hand, to craft workbooks no spreadsheet program would write: parts that
// inflate to gigabytes, directories that lie about sizes, too many parts.

export interface CraftedEntry {
  name: string;
  /** The bytes as stored in the archive (deflated unless `method` is 0). */
  stored: Uint8Array;
  method?: 0 | 8;
  /** What the directory declares. */
  uncompressedSize: number;
  crc?: number;
}

/** An archive of the entries, in order: local headers and data, then the central directory. */
export function buildZip(entries: readonly CraftedEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, "utf8");
    const method = entry.method ?? 8;
    const crc = entry.crc ?? 0;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // names in UTF-8
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(entry.stored.length, 18);
    local.writeUInt32LE(entry.uncompressedSize, 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, Buffer.from(entry.stored));

    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(entry.stored.length, 20);
    central.writeUInt32LE(entry.uncompressedSize, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += 30 + name.length + entry.stored.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** A deflated entry whose directory tells the truth. */
export function deflatedEntry(name: string, content: Uint8Array | string): CraftedEntry {
  const data = typeof content === "string" ? Buffer.from(content, "utf8") : content;
  return { name, stored: zlib.deflateRawSync(data), uncompressedSize: data.length, crc: zlib.crc32(data) };
}

/**
 * A raw deflate stream of `prefix`, then `repeat` × `chunk`, then `suffix`, made without deflating
 * the repeated part more than once: each piece ends with a full flush (byte-aligned, no reference
 * to earlier bytes), so the compressed chunk can simply be repeated. Its CRC is left at 0: computing
 * it would cost a pass over gigabytes, and nothing refusing these files gets as far as checking it.
 */
export function deflatedRepetition(prefix: string, chunk: Buffer, repeat: number, suffix: string): { stored: Buffer; size: number } {
  const flushed = (data: Buffer) => zlib.deflateRawSync(data, { level: 9, finishFlush: zlib.constants.Z_FULL_FLUSH });
  const head = Buffer.from(prefix, "utf8");
  const tail = Buffer.from(suffix, "utf8");
  const compressedChunk = flushed(chunk);
  const pieces = [flushed(head), ...Array.from({ length: repeat }, () => compressedChunk), zlib.deflateRawSync(tail)];
  return { stored: Buffer.concat(pieces), size: head.length + chunk.length * repeat + tail.length };
}

/** The parts of an archive this helper or a spreadsheet program wrote, inflated (for rebuilding it with changes). */
export function unzipParts(archive: Buffer): { name: string; content: Buffer }[] {
  const end = archive.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = archive.readUInt16LE(end + 10);
  let at = archive.readUInt32LE(end + 16);
  const parts: { name: string; content: Buffer }[] = [];
  for (let i = 0; i < count; i++) {
    const method = archive.readUInt16LE(at + 10);
    const size = archive.readUInt32LE(at + 20);
    const nameLength = archive.readUInt16LE(at + 28);
    const next = at + 46 + nameLength + archive.readUInt16LE(at + 30) + archive.readUInt16LE(at + 32);
    const name = archive.subarray(at + 46, at + 46 + nameLength).toString("utf8");
    const local = archive.readUInt32LE(at + 42);
    const dataStart = local + 30 + archive.readUInt16LE(local + 26) + archive.readUInt16LE(local + 28);
    const stored = archive.subarray(dataStart, dataStart + size);
    parts.push({ name, content: method === 8 ? zlib.inflateRawSync(stored) : Buffer.from(stored) });
    at = next;
  }
  return parts;
}
