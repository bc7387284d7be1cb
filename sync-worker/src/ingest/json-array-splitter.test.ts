import { describe, expect, it } from 'vitest';
import { splitJsonArray, WbBodyError } from './json-array-splitter.ts';

async function collect(chunks: string[], batchSize = 2) {
  const out: string[] = [];
  for await (const b of splitJsonArray(
    (async function* () {
      for (const c of chunks) yield Buffer.from(c);
    })(),
    batchSize,
  )) {
    expect(b.count).toBe((JSON.parse(b.json) as unknown[]).length);
    out.push(...(JSON.parse(b.json) as unknown[]).map((e) => JSON.stringify(e)));
  }
  return out;
}

/** Every way of cutting `text` into two chunks gives the same elements. */
async function everyCut(text: string) {
  const whole = await collect([text]);
  for (let i = 1; i < Buffer.byteLength(text); i++) {
    const buf = Buffer.from(text);
    const parts = [buf.subarray(0, i), buf.subarray(i)];
    const out: string[] = [];
    for await (const b of splitJsonArray(
      (async function* () {
        yield* parts;
      })(),
      3,
    ))
      out.push(...(JSON.parse(b.json) as unknown[]).map((e) => JSON.stringify(e)));
    expect(out).toEqual(whole);
  }
  return whole;
}

describe('splitJsonArray', () => {
  it('yields each element of a bare array, in batches, exactly as sent', async () => {
    const rows = [{ a: 1, s: 'x]}{' }, { b: [1, { c: 2 }], q: 'he said \\"hi\\"' }, { r: 'Коледино' }];
    const text = JSON.stringify(rows);
    expect(await everyCut(text)).toEqual(rows.map((r) => JSON.stringify(r)));
  });

  it("gives each batch as WB's exact bytes, however the answer is cut (multi-byte characters too)", async () => {
    const text = JSON.stringify([{ r: 'Коледино' }, { s: 'a\\"b' }, { t: 'Тула', n: 1 }, { u: '€' }]);
    const buf = Buffer.from(text);
    for (let i = 1; i < buf.length; i++) {
      const inner: Buffer[] = [];
      for await (const b of splitJsonArray([buf.subarray(0, i), buf.subarray(i)], 3)) {
        expect(b.bytes.toString('utf8')).toBe(b.json);
        inner.push(b.bytes.subarray(1, -1));
      }
      expect(
        Buffer.concat([
          Buffer.from('['),
          ...inner.flatMap((p, k) => (k ? [Buffer.from(','), p] : [p])),
          Buffer.from(']'),
        ]).equals(buf),
      ).toBe(true);
    }
  });

  it('keeps big integers as digits (the raw text is what goes on)', async () => {
    const text = '[{"reportId":9007200254743498123,"x":"1.10"}]';
    const batches = [];
    for await (const b of splitJsonArray([Buffer.from(text)], 10)) batches.push(b);
    expect(batches[0]!.json).toBe(text);
    expect(batches[0]!.last).toBe('{"reportId":9007200254743498123,"x":"1.10"}');
  });

  it('handles backslash runs split across chunks', async () => {
    const rows = [{ p: 'a\\\\', q: '\\"' }, { p: '\\\\\\"x' }];
    expect(await everyCut(JSON.stringify(rows))).toEqual(rows.map((r) => JSON.stringify(r)));
  });

  it('finds the array inside a wrapper object (stocks report)', async () => {
    const text = JSON.stringify({ data: { note: '[not this]', items: [{ nmId: 1 }, { nmId: 2 }] } });
    expect(await everyCut(text)).toEqual(['{"nmId":1}', '{"nmId":2}']);
  });

  it('yields nothing for an empty array', async () => {
    expect(await collect(['[', ' ]'])).toEqual([]);
  });

  it('refuses a body cut short, and one without an array', async () => {
    await expect(collect(['[{"a":1},{"b":'])).rejects.toBeInstanceOf(WbBodyError);
    await expect(collect(['[{"a":1}'])).rejects.toThrow(/ended before/);
    await expect(collect(['{"error":true}'])).rejects.toThrow(/no JSON array/);
  });
});
