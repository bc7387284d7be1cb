import { Readable } from 'node:stream';
import { constants, crc32, createInflateRaw, deflateRawSync } from 'node:zlib';
import { FilterError } from '../filter/errors.ts';

/**
 * A lean ZIP reader and writer for the export filter: entries are inflated as streams (a 500 MB sheet never
 * sits in memory), unchanged entries are copied compressed as they are, new ones are deflated chunk by chunk.
 */

export interface ZipEntry {
  name: string;
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  /** Offset of the compressed data in the archive. */
  dataOffset: number;
}

const bad = (what: string) => new FilterError('FILTER_BAD_ARCHIVE', `archive: ${what}`);

export function isZip(bytes: Uint8Array): boolean {
  return (
    bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04
  );
}

export function readZip(bytes: Uint8Array): ZipEntry[] {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 65_557); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw bad('no end of central directory (truncated?)');
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  if (p === 0xffffffff) throw bad('ZIP64 archives are not supported');
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== 0x02014b50) throw bad('broken central directory');
    const method = buf.readUInt16LE(p + 10);
    const crc = buf.readUInt32LE(p + 16);
    const compressedSize = buf.readUInt32LE(p + 20);
    const size = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLen);
    if (local + 30 > buf.length || buf.readUInt32LE(local) !== 0x04034b50) throw bad(`broken entry ${name}`);
    const dataOffset = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    if (dataOffset + compressedSize > buf.length) throw bad(`entry ${name} is truncated`);
    if (method !== 0 && method !== 8) throw bad(`entry ${name} uses compression method ${method}`);
    entries.push({ name, method, crc, compressedSize, size, dataOffset });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

function raw(bytes: Uint8Array, e: ZipEntry): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset + e.dataOffset, e.compressedSize);
}

/** Compressed input is fed to zlib in slices of this size: zlib inflates a whole written chunk before it
 * looks at back-pressure, so one big write would inflate the entire entry (×5–10) into memory at once. */
const INFLATE_SLICE = 64 << 10;

/** The entry's bytes, inflated as a stream of chunks (bounded: ~64 KB of input, ≤ 256 KB chunks out). */
export async function* entryChunks(bytes: Uint8Array, e: ZipEntry): AsyncGenerator<Buffer> {
  const data = raw(bytes, e);
  if (e.method === 0) {
    for (let i = 0; i < data.length; i += 1 << 20) yield data.subarray(i, i + (1 << 20));
    return;
  }
  const inflate = createInflateRaw({ chunkSize: 256 << 10 });
  function* slices(): Generator<Buffer> {
    for (let i = 0; i < data.length; i += INFLATE_SLICE) yield data.subarray(i, i + INFLATE_SLICE);
  }
  const stream = Readable.from(slices(), { objectMode: false, highWaterMark: INFLATE_SLICE }).pipe(inflate);
  try {
    for await (const chunk of stream) yield chunk as Buffer;
  } catch {
    throw bad(`entry ${e.name} does not inflate (truncated?)`);
  }
}

export async function entryBytes(bytes: Uint8Array, e: ZipEntry): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of entryChunks(bytes, e)) parts.push(c);
  return Buffer.concat(parts);
}

interface Written {
  name: Buffer;
  crc: number;
  compressedSize: number;
  size: number;
  offset: number;
  method: number;
  /** The local header to patch with sizes once known. */
  hdr?: Buffer;
}

const DOS_TIME = 0;
const DOS_DATE = ((2026 - 1980) << 9) | (1 << 5) | 1;

/** Builds an archive in memory, entry by entry. */
export class ZipWriter {
  readonly chunks: Buffer[] = [];
  private offset = 0;
  private readonly written: Written[] = [];
  private readonly level: number;

  constructor(level = 6) {
    this.level = level;
  }

  private push(b: Buffer): void {
    this.chunks.push(b);
    this.offset += b.length;
  }

  private header(name: Buffer, method: number, crc: number, csize: number, size: number): void {
    const h = Buffer.alloc(30);
    h.writeUInt32LE(0x04034b50, 0);
    h.writeUInt16LE(20, 4);
    h.writeUInt16LE(0x0800, 6);
    h.writeUInt16LE(method, 8);
    h.writeUInt16LE(DOS_TIME, 10);
    h.writeUInt16LE(DOS_DATE, 12);
    h.writeUInt32LE(crc, 14);
    h.writeUInt32LE(csize, 18);
    h.writeUInt32LE(size, 22);
    h.writeUInt16LE(name.length, 26);
    this.push(h);
    this.push(name);
  }

  /** Copies an entry of another archive without recompressing it. */
  copy(source: Uint8Array, e: ZipEntry, name = e.name): void {
    const n = Buffer.from(name, 'utf8');
    const offset = this.offset;
    this.header(n, e.method, e.crc, e.compressedSize, e.size);
    this.push(Buffer.from(raw(source, e)));
    this.written.push({
      name: n,
      crc: e.crc,
      compressedSize: e.compressedSize,
      size: e.size,
      offset,
      method: e.method,
    });
  }

  add(name: string, content: Uint8Array): void {
    const w = this.open(name);
    w.write(Buffer.from(content.buffer, content.byteOffset, content.byteLength));
    w.close();
  }

  /** An entry written in pieces (strings or bytes); compressed in ~1 MB runs as it goes. */
  open(name: string): { write(piece: string | Buffer): void; close(): void } {
    const n = Buffer.from(name, 'utf8');
    const start = this.offset;
    this.header(n, 8, 0, 0, 0);
    const hdr = this.chunks[this.chunks.length - 2]!;
    const parts: Buffer[] = [];
    let pending: Array<string | Buffer> = [];
    let pendingLen = 0;
    let crc = 0;
    let size = 0;
    let csize = 0;
    const flush = (final: boolean) => {
      const chunk = Buffer.concat(pending.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : p)));
      pending = [];
      pendingLen = 0;
      crc = crc32(chunk, crc);
      size += chunk.length;
      const out = deflateRawSync(chunk, {
        level: this.level,
        finishFlush: final ? constants.Z_FINISH : constants.Z_SYNC_FLUSH,
      });
      csize += out.length;
      parts.push(out);
    };
    return {
      write: (piece) => {
        pending.push(piece);
        pendingLen += piece.length;
        if (pendingLen >= 1 << 20) {
          flush(false);
          // Compressed parts go out at once, so memory holds one run at a time.
          this.chunks.push(...parts);
          this.offset += parts.reduce((a, p) => a + p.length, 0);
          parts.length = 0;
        }
      },
      close: () => {
        flush(true);
        for (const p of parts) this.push(p);
        // No data descriptor: the sizes are patched into the local header in finish().
        this.written.push({ name: n, crc, compressedSize: csize, size, offset: start, method: 8, hdr });
      },
    };
  }

  finish(): Buffer {
    for (const w of this.written) {
      if (!w.hdr) continue;
      w.hdr.writeUInt32LE(w.crc >>> 0, 14);
      w.hdr.writeUInt32LE(w.compressedSize, 18);
      w.hdr.writeUInt32LE(w.size, 22);
    }
    const cdStart = this.offset;
    for (const w of this.written) {
      const c = Buffer.alloc(46);
      c.writeUInt32LE(0x02014b50, 0);
      c.writeUInt16LE(20, 4);
      c.writeUInt16LE(20, 6);
      c.writeUInt16LE(0x0800, 8);
      c.writeUInt16LE(w.method, 10);
      c.writeUInt16LE(DOS_TIME, 12);
      c.writeUInt16LE(DOS_DATE, 14);
      c.writeUInt32LE(w.crc >>> 0, 16);
      c.writeUInt32LE(w.compressedSize, 20);
      c.writeUInt32LE(w.size, 24);
      c.writeUInt16LE(w.name.length, 28);
      c.writeUInt32LE(w.offset, 42);
      this.push(c);
      this.push(w.name);
    }
    const e = Buffer.alloc(22);
    e.writeUInt32LE(0x06054b50, 0);
    e.writeUInt16LE(this.written.length, 8);
    e.writeUInt16LE(this.written.length, 10);
    e.writeUInt32LE(this.offset - cdStart, 12);
    e.writeUInt32LE(cdStart, 16);
    this.push(e);
    return Buffer.concat(this.chunks);
  }
}
