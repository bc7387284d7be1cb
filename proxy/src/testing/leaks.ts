import { inflateRawSync } from 'node:zlib';
import { readZip } from '../excel/zip.ts';

/**
 * Test helpers: every text a client could read in an answer (JSON as sent, base64 strings decoded, ZIP entries
 * unzipped, recursively), and the hidden nmIds found anywhere in it.
 */
export function readableTexts(bytes: Uint8Array, depth = 0): string[] {
  const buf = Buffer.from(bytes);
  if (depth > 4) return [];
  if (buf.length >= 4 && buf.readUInt32LE(0) === 0x04034b50) {
    const out: string[] = [];
    for (const e of readZip(buf)) {
      const data = buf.subarray(e.dataOffset, e.dataOffset + e.compressedSize);
      const inner = e.method === 8 ? inflateRawSync(data) : data;
      out.push(e.name, ...readableTexts(inner, depth + 1));
    }
    return out;
  }
  const text = buf.toString('utf8');
  const out = [text];
  for (const m of text.matchAll(/"([A-Za-z0-9+/]{64,}={0,2})"/g)) {
    const decoded = Buffer.from(m[1]!, 'base64');
    if (decoded.length >= 4 && decoded.readUInt32LE(0) === 0x04034b50)
      out.push(...readableTexts(decoded, depth + 1));
  }
  return out;
}

/** The nmIds of `candidates` that appear in the bytes as a whole number (not inside a longer digit run). */
export function leakedNmIds(bytes: Uint8Array, candidates: Iterable<number>): number[] {
  const texts = readableTexts(bytes).join('\n');
  const found = new Set<string>();
  for (const m of texts.matchAll(/\d+/g)) found.add(m[0]);
  return [...candidates].filter((nm) => found.has(String(nm)));
}
