import { Hono } from 'hono';
import type { HostEnv } from '../../http/types.ts';
import type { Emulator } from '../../runtime/emulator.ts';

/** feedbackNN.wbbasket.ru: photos attached to reviews (`/vol…/part…/<reviewId>/photos/{fs,ms}<n>.webp`). */
const PIXEL_WEBP = Buffer.from('UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==', 'base64');

export function staticFeedbackHost(_emu: Emulator): Hono<HostEnv> {
  const app = new Hono<HostEnv>();
  app.get('/:vol/:part/:id/photos/:file', (c) => {
    const { vol, part, file } = c.req.param();
    if (!/^vol\d+$/.test(vol) || !/^part\d+$/.test(part) || !/^(fs|ms)\d\.webp$/.test(file))
      return c.text('Not Found', 404);
    return c.body(new Uint8Array(PIXEL_WEBP), 200, {
      'content-type': 'image/webp',
      'cache-control': 'public, max-age=31536000, immutable',
      'access-control-allow-origin': '*',
    });
  });
  app.notFound((c) => c.text('Not Found', 404));
  return app;
}
