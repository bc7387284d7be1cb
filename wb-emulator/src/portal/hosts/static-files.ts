import { Hono } from 'hono';
import type { HostEnv } from '../../http/types.ts';
import type { Emulator } from '../../runtime/emulator.ts';
import { originsOf } from '../http/origins.ts';
import { IMAGES, appCss } from '../web/styles.ts';

/**
 * static-basket-NN.wbbasket.ru (and static-basket-NN.wb.ru): the portal's stylesheet and pictures, public,
 * cacheable, readable cross-origin. The stylesheet is written for the request's scheme and port.
 */
export function staticFilesHost(_emu: Emulator): Hono<HostEnv> {
  const app = new Hono<HostEnv>({ strict: false });
  const headers = (type: string) => ({
    'content-type': type,
    'cache-control': 'public, max-age=3600',
    'access-control-allow-origin': '*',
    'cross-origin-resource-policy': 'cross-origin',
  });
  app.get(
    '/portal/css/app.css',
    (c) => new Response(appCss(originsOf(c)), { headers: headers('text/css; charset=utf-8') }),
  );
  app.get('/portal/img/:name', (c) => {
    const image = IMAGES[c.req.param('name')];
    return image ? new Response(image, { headers: headers('image/svg+xml') }) : c.text('Not Found', 404);
  });
  app.notFound((c) => c.text('Not Found', 404));
  return app;
}
