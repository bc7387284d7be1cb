import { Hono } from 'hono';
import type { HostEnv } from '../http/types.ts';
import { basketNumber } from '../data/reference.ts';
import type { Emulator } from '../runtime/emulator.ts';

/**
 * `basket-NN.wbbasket.ru`: card photos at `/vol{nm/1e5}/part{nm/1e3}/{nm}/images/{size}/{n}.webp`. A photo
 * exists when the article is one of the emulator's, the basket number is the one WB's layout gives for it,
 * and `n` is within the card's photo count; anything else is 404, as WB's CDN answers.
 */

// A 1×1 lossless WebP: enough for `<img>` to load; the portal may swap in richer pictures.
const PIXEL_WEBP = Buffer.from('UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==', 'base64');
const SIZES = new Set(['big', 'c246x328', 'c516x688', 'square', 'tm']);

export function basketHost(emu: Emulator): Hono<HostEnv> {
  const app = new Hono<HostEnv>();
  app.get('/:vol/:part/:nm/images/:size/:file', function photo(c) {
    const { vol, part, nm, size, file } = c.req.param();
    const m = /^(\d+)\.webp$/.exec(file);
    const nmId = Number(nm);
    const card = Number.isSafeInteger(nmId)
      ? emu.world.data.map((d) => d.account.cardByNm.get(nmId)).find(Boolean)
      : undefined;
    const ok =
      card !== undefined &&
      m !== null &&
      SIZES.has(size) &&
      vol === `vol${Math.floor(nmId / 100_000)}` &&
      part === `part${Math.floor(nmId / 1000)}` &&
      c.env.wb.host.number === basketNumber(nmId) &&
      Number(m[1]) >= 1 &&
      Number(m[1]) <= card.photoCount;
    if (!ok) return c.body('Not Found', 404, { 'content-type': 'text/plain' });
    return c.body(new Uint8Array(PIXEL_WEBP), 200, {
      'content-type': 'image/webp',
      'cache-control': 'public, max-age=31536000, immutable',
      'access-control-allow-origin': '*',
    });
  });
  app.notFound((c) => c.body('Not Found', 404, { 'content-type': 'text/plain' }));
  return app;
}
