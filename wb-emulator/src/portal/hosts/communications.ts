import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { Hono } from 'hono';
import { WebSocketServer, type WebSocket } from 'ws';
import { isAnswered } from '../../data/feedbacks.ts';
import type { AccountData } from '../../data/world.ts';
import type { UpgradeHandler } from '../../hosts/host-modules.ts';
import { refuseUpgrade } from '../../http/upgrade.ts';
import type { HostEnv, WbRequestContext } from '../../http/types.ts';
import type { Emulator } from '../../runtime/emulator.ts';
import { portalCors } from '../http/cors.ts';
import { nsFail, nsOk } from '../http/envelope.ts';
import { isWbOrigin, originsOf } from '../http/origins.ts';
import { intQuery, jsonObject, pageOf, portalErrors } from '../http/params.ts';
import { requireSession, sessionFrom } from '../session/guard.ts';
import { checkSession, parseCookieHeader } from '../session/session.ts';
import { PortalState } from '../session/state.ts';
import { notificationView, notificationsOf } from '../views/notifications.ts';
import { htmlPage } from '../web/pages.ts';
import { serveBundleFiles } from '../web/serve.ts';

/**
 * seller-communications.wildberries.ru: the bell and banners, and the live channels a real SPA keeps open —
 * a WebSocket (`/ns/notifications/ws`), an event stream (`/ns/notifications/api/v1/stream`), a beacon sink
 * (`/ns/events/api/v1/beacon`, checkable at `…/beacon/<id>`) — plus the notifications widget that the
 * portal embeds in an iframe and talks to with postMessage.
 */

const NOTIFICATIONS = '/ns/notifications/api/v1/notifications';
const STREAM = '/ns/notifications/api/v1/stream';
const BEACON = '/ns/events/api/v1/beacon';
export const WS_PATH = '/ns/notifications/ws';

/** How often the stream and the socket push counters (real time). */
const PUSH_EVERY_MS = 15_000;

function readSet(emu: Emulator, userId: number): Set<string> {
  const all = emu.scoped('portal.read', () => new Map<number, Set<string>>());
  let set = all.get(userId);
  if (!set) all.set(userId, (set = new Set()));
  return set;
}

function counters(emu: Emulator, d: AccountData, userId: number): Record<string, number> {
  const now = emu.clock.now();
  const read = readSet(emu, userId);
  return {
    unreadNotifications: notificationsOf(emu.world.seed, d, now).filter(
      (n) => !read.has(n.id) && n.createdMs >= now - 3 * 86_400_000,
    ).length,
    unansweredFeedbacks: d.feedbacks.feedbacks(now).filter((f) => !isAnswered(f, now)).length,
    unansweredQuestions: d.feedbacks.questions(now).filter((q) => !isAnswered(q, now)).length,
  };
}

export function communicationsHost(emu: Emulator): Hono<HostEnv> {
  const app = new Hono<HostEnv>({ strict: false });
  app.use('*', portalCors());
  portalErrors(app);
  serveBundleFiles(app);

  // Beacons arrive with or without a session (sendBeacon is fire-and-forget); they are only recorded.
  app.post(BEACON, async (c) => {
    const body = await c.req.text();
    let id = '';
    try {
      const parsed = JSON.parse(body) as Record<string, unknown>;
      id = typeof parsed.id === 'string' ? parsed.id.slice(0, 64) : '';
    } catch {
      // not JSON: still recorded
    }
    const state = PortalState.of(emu);
    state.beacons.push({
      id: id || state.id(16),
      receivedAt: new Date().toISOString(),
      host: c.env.wb.host.host,
      body: body.slice(0, 2000),
    });
    if (state.beacons.length > 200) state.beacons.shift();
    return new Response(null, { status: 204 });
  });
  app.get(`${BEACON}/:id`, (c) => {
    const hit = PortalState.of(emu).beacons.find((b) => b.id === c.req.param('id'));
    return hit ? nsOk({ received: true, receivedAt: hit.receivedAt }) : nsFail(404, 'beacon not received');
  });

  app.use('/ns/*', requireSession(emu, { mode: 'ns' }));

  app.get(NOTIFICATIONS, (c) => {
    const s = sessionFrom(c);
    const now = emu.clock.now();
    const all = notificationsOf(emu.world.seed, s.data, now);
    const limit = intQuery(c, 'limit', { min: 1, max: 100, fallback: 20 });
    const offset = intQuery(c, 'offset', { min: 0, fallback: 0 });
    const read = readSet(emu, s.user.userId);
    return nsOk({
      notifications: pageOf(all, offset, limit).map((n) => notificationView(n, now, read)),
      total: all.length,
      unread: counters(emu, s.data, s.user.userId).unreadNotifications,
    });
  });
  app.post(`${NOTIFICATIONS}/read`, async (c) => {
    const s = sessionFrom(c);
    const body = await jsonObject(c);
    const read = readSet(emu, s.user.userId);
    for (const id of Array.isArray(body.ids) ? body.ids : []) if (typeof id === 'string') read.add(id);
    return nsOk(counters(emu, s.data, s.user.userId));
  });

  app.get('/ns/banners/api/v1/banners', (c) => {
    const o = originsOf(c);
    return nsOk({
      banners: [
        {
          id: 1,
          title: 'Продвигайте товары в ВБ.Продвижении',
          image: `${o.of('static')}/portal/img/banner-advert.svg`,
          link: `${o.of('cmp')}/campaigns/list/active`,
        },
        {
          id: 2,
          title: 'Новые тарифы логистики с 1 декабря',
          image: `${o.of('static')}/portal/img/banner-logistics.svg`,
          link: `${o.of('shell')}/help-center`,
        },
      ],
    });
  });

  // Server-sent events: counters now, then every 15 s, with comments as keep-alives between.
  app.get(STREAM, (c) => {
    const s = sessionFrom(c);
    const encoder = new TextEncoder();
    let timer: NodeJS.Timeout | undefined;
    let seq = 0;
    let unregister: (() => void) | undefined;
    const stop = () => {
      if (timer) clearInterval(timer);
      timer = undefined;
      unregister?.();
    };
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        const push = () => {
          try {
            controller.enqueue(
              encoder.encode(
                `id: ${++seq}\nevent: counters\ndata: ${JSON.stringify(counters(emu, s.data, s.user.userId))}\n\n`,
              ),
            );
          } catch {
            stop();
          }
        };
        controller.enqueue(encoder.encode(`retry: 5000\n: connected\n\n`));
        push();
        timer = setInterval(push, PUSH_EVERY_MS);
        timer.unref();
        unregister = emu.onDispose(() => {
          stop();
          try {
            controller.close();
          } catch {
            // already closed
          }
        });
      },
      cancel: stop,
    });
    return new Response(stream, {
      headers: {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache',
        'x-accel-buffering': 'no',
      },
    });
  });

  app.get('/widget/notifications', (c) => {
    const o = originsOf(c);
    return htmlPage(c, {
      title: 'Уведомления',
      entry: 'widget',
      config: { parentOrigin: o.of('shell') },
      body: '<div id="widget" class="widget">…</div>',
      bodyClass: 'transparent',
      frameAncestors: ["'self'", o.of('shell'), o.of('cmp')],
    });
  });

  app.all('*', (c) => nsFail(404, `no such service: ${new URL(c.req.url).pathname}`));
  return app;
}

/** The notifications WebSocket: a session (cookies) and a WB Origin are required. */
export function communicationsUpgrade(emu: Emulator): UpgradeHandler {
  const wss = new WebSocketServer({ noServer: true });
  const sockets = new Set<WebSocket>();
  emu.onDispose(() => {
    for (const ws of sockets) ws.terminate();
    wss.close();
  });
  return (req: IncomingMessage, socket: Duplex, head: Buffer, wb: WbRequestContext) => {
    const url = new URL(req.url ?? '/', 'http://emulator');
    if (url.pathname !== WS_PATH) {
      wb.log.status = 404;
      return refuseUpgrade(socket, 404, 'Not Found');
    }
    if (req.headers.origin && !isWbOrigin(req.headers.origin)) {
      wb.log.status = 403;
      return refuseUpgrade(socket, 403, 'Forbidden', 'origin not allowed');
    }
    void checkSession(emu, {
      cookies: parseCookieHeader(req.headers.cookie),
      authorizev3: url.searchParams.get('token') ?? undefined,
    }).then((result) => {
      if (!result.ok) {
        wb.log.status = 401;
        return refuseUpgrade(socket, 401, 'Unauthorized', result.problem);
      }
      const s = result.session;
      wb.log.account = s.data.account.id;
      wb.log.status = 101;
      wss.handleUpgrade(req, socket, head, (ws) => {
        sockets.add(ws);
        const send = (msg: unknown) => {
          if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(msg));
        };
        send({
          type: 'hello',
          userId: s.user.userId,
          supplierId: s.data.account.supplierId,
          ...counters(emu, s.data, s.user.userId),
        });
        const timer = setInterval(
          () => send({ type: 'counters', ...counters(emu, s.data, s.user.userId) }),
          PUSH_EVERY_MS,
        );
        timer.unref();
        ws.on('message', (raw) => {
          let msg: Record<string, unknown>;
          try {
            msg = JSON.parse(
              Buffer.isBuffer(raw)
                ? raw.toString('utf8')
                : Buffer.concat(Array.isArray(raw) ? raw : [Buffer.from(raw)]).toString('utf8'),
            ) as Record<string, unknown>;
          } catch {
            return send({ type: 'error', message: 'not JSON' });
          }
          if (msg.type === 'ping') send({ type: 'pong', ts: Date.now() });
          else if (msg.type === 'subscribe') {
            send({ type: 'subscribed', channel: msg.channel });
            const now = emu.clock.now();
            const latest = notificationsOf(emu.world.seed, s.data, now)[0];
            if (latest)
              send({
                type: 'notification',
                notification: notificationView(latest, now, readSet(emu, s.user.userId)),
              });
            send({ type: 'counters', ...counters(emu, s.data, s.user.userId) });
          } else send({ type: 'error', message: `unknown message type '${String(msg.type)}'` });
        });
        ws.on('close', () => {
          clearInterval(timer);
          sockets.delete(ws);
        });
        ws.on('error', () => ws.terminate());
      });
    });
  };
}
