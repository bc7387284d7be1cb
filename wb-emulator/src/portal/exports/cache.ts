import type { Emulator } from '../../runtime/emulator.ts';
import { LruCache } from '../../util/lru.ts';

/**
 * Generated exports by identity (closed reports never change): a large xlsx is built once per emulator run,
 * however often a benchmark downloads it. Dropped on reset.
 */
export async function cachedExport(
  emu: Emulator,
  key: string,
  build: () => Promise<Buffer>,
): Promise<Buffer> {
  const cache = emu.scoped('portal.exports', () => new LruCache<string, Promise<Buffer>>(6));
  let pending = cache.get(key);
  if (!pending) {
    const building = build();
    pending = building;
    cache.set(key, building);
    building.catch(() => cache.delete(key));
  }
  return pending;
}
