import { zipSync } from 'fflate';

/** A ZIP holding one file (WB's `?format=binary` exports: the xlsx inside an archive). */
export function zipOne(fileName: string, content: Uint8Array): Buffer {
  return Buffer.from(
    zipSync({ [fileName]: [content, { level: 6, mtime: new Date('2026-01-01T00:00:00Z') }] }),
  );
}
