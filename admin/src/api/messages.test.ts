import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import en from '../../messages/en.json' with { type: 'json' };
import ru from '../../messages/ru.json' with { type: 'json' };

function keys(node: unknown, prefix = ''): string[] {
  if (typeof node !== 'object' || node === null) return [prefix];
  return Object.entries(node).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
}

function lookup(catalogue: unknown, key: string): unknown {
  return key
    .split('.')
    .reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], catalogue);
}

const ROOT = path.resolve(import.meta.dirname, '../..');

async function sources(): Promise<string[]> {
  const files: string[] = [];
  for (const dir of ['app', 'src/ui']) {
    for (const entry of await readdir(path.join(ROOT, dir), { recursive: true, withFileTypes: true })) {
      if (entry.isFile() && /\.tsx?$/.test(entry.name)) files.push(path.join(entry.parentPath, entry.name));
    }
  }
  return files;
}

describe('messages', () => {
  it('Russian and English have exactly the same keys, none empty', () => {
    expect(keys(en).sort()).toEqual(keys(ru).sort());
    for (const key of keys(ru)) {
      expect(String(lookup(ru, key)).trim(), key).not.toBe('');
      expect(String(lookup(en, key)).trim(), key).not.toBe('');
    }
  });

  it('every literal key the UI asks for exists (useTranslations/getTranslations namespace + t("key"))', async () => {
    const missing: string[] = [];
    for (const file of await sources()) {
      const text = await readFile(file, 'utf8');
      // Translator variables and the namespaces they are bound to in this file: const t = useTranslations('users');
      // (one name may be bound in several components of a file; a key must exist in one of them).
      const bindings = new Map<string, Set<string>>();
      for (const m of text.matchAll(
        /const (\w+) = (?:await )?(?:useTranslations|getTranslations)\('([\w.]+)'\)/g,
      )) {
        bindings.set(m[1]!, (bindings.get(m[1]!) ?? new Set()).add(m[2]!));
      }
      for (const [name, namespaces] of bindings) {
        for (const m of text.matchAll(new RegExp(`\\b${name}\\('([\\w.]+)'`, 'g'))) {
          if (![...namespaces].some((ns) => lookup(ru, `${ns}.${m[1]}`) !== undefined)) {
            missing.push(`${path.relative(ROOT, file)}: ${[...namespaces].join('|')}.${m[1]}`);
          }
        }
      }
    }
    expect(missing).toEqual([]);
  });
});
