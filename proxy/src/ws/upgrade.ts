import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from '@joycity/shared/logger';
import { createProxyServer } from 'http-proxy-3';
import type { AuthGate } from '../auth/gate.ts';
import type { HostMap } from '../hosts/host-map.ts';
import type { ProxyMetrics } from '../ops/metrics.ts';
import { matchDenyRule } from '../pipeline/deny-list.ts';
import { stripRequestHeaders } from '../pipeline/request-headers.ts';
import { clientIp } from '../pipeline/handler.ts';
import type { PortalSessionStore } from '../session/portal-sessions.ts';
import { cookieHeaderFor } from '../session/wb-cookies.ts';
import type { Upstream } from '../upstream/upstream.ts';

/**
 * WebSockets (the notifications socket of seller-communications) through the same gate, host table,
 * deny-list and server-side session as HTTP: http-proxy-3 on the node server's `upgrade` event, with the
 * request headers stripped and WB's session attached; `Origin` goes back in WB's form. The handshake answer
 * never carries WB's cookies to the browser.
 */
export function createUpgradeHandler(deps: {
  hostMap: HostMap;
  upstream: Upstream;
  gate: AuthGate;
  sessions: PortalSessionStore;
  metrics: ProxyMetrics;
  logger: Logger;
  trustedProxyHops: number;
}) {
  const proxy = createProxyServer({ ws: true, xfwd: false, changeOrigin: false, proxyTimeout: 0 });
  proxy.on('error', (err, _req, socket) => {
    // A browser leaving the page resets its socket: not worth a warning.
    if ((err as NodeJS.ErrnoException).code === 'ECONNRESET')
      deps.logger.debug({ err }, 'WebSocket closed by a reset');
    else deps.logger.warn({ err }, 'WebSocket upstream failed');
    deps.metrics.upstreamErrors.inc({ kind: 'websocket' });
    if (socket && 'destroy' in socket) (socket as Duplex).destroy();
  });
  proxy.on('proxyReqWs', (proxyReq) => {
    proxyReq.prependListener('upgrade', (proxyRes: IncomingMessage) => {
      delete proxyRes.headers['set-cookie'];
    });
  });

  const refuse = (socket: Duplex, status: number, text: string) => {
    socket.end(`HTTP/1.1 ${status} ${text}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`);
  };

  return async function handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    socket.on('error', () => socket.destroy());
    try {
      const entry = deps.hostMap.wbHostFor(String(req.headers.host ?? ''));
      if (!entry || !(req.url ?? '').startsWith('/')) return refuse(socket, 404, 'Not Found');
      const gate = await deps.gate.check({
        cookie: req.headers.cookie,
        ip: clientIp(req, deps.trustedProxyHops),
        userAgent: req.headers['user-agent'],
      });
      if (!gate.ok)
        return refuse(
          socket,
          gate.reason === 'login' ? 401 : 403,
          gate.reason === 'login' ? 'Unauthorized' : 'Forbidden',
        );
      const path = (req.url ?? '/').split('?')[0]!;
      if (matchDenyRule({ wbHost: entry.host, method: 'GET', path, rpcMethods: [] })) {
        deps.metrics.blocks.inc({ rule: 'websocket' });
        return refuse(socket, 403, 'Forbidden');
      }
      const session = await deps.sessions.get(gate.principal.currentAccountId);
      if (session.status === 'needs_relogin') return refuse(socket, 503, 'Service Unavailable');
      const headers: Record<string, string> = stripRequestHeaders(req.headers);
      delete headers['accept-encoding'];
      for (const name of [
        'connection',
        'upgrade',
        'sec-websocket-key',
        'sec-websocket-version',
        'sec-websocket-extensions',
        'sec-websocket-protocol',
      ]) {
        const value = req.headers[name];
        if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
      }
      const origin = req.headers.origin ? deps.hostMap.toWbUrl(req.headers.origin) : undefined;
      if (origin) headers.origin = origin.replace(/\/$/, '');
      const cookie = cookieHeaderFor(entry.host, session.cookies);
      if (cookie) headers.cookie = cookie;
      if (session.authorizev3) headers.authorizev3 = session.authorizev3;
      headers.host = entry.host;
      // The SPA may name its (placeholder) session token in the socket URL: the real one goes upstream.
      const url = new URL(req.url ?? '/', 'http://x');
      if (url.searchParams.has('token')) {
        if (session.authorizev3) url.searchParams.set('token', session.authorizev3);
        else url.searchParams.delete('token');
        req.url = `${url.pathname}${url.search}`;
      }
      if (deps.upstream.overridden) headers['x-forwarded-proto'] = 'https';
      // The request object itself goes to http-proxy-3: replace its headers with the clean set.
      for (const name of Object.keys(req.headers)) delete req.headers[name];
      Object.assign(req.headers, headers);
      const target = deps.upstream.target(entry);
      proxy.ws(req, socket, head, { target: target.origin, secure: true });
    } catch (err) {
      deps.logger.error({ err }, 'WebSocket upgrade failed');
      refuse(socket, 502, 'Bad Gateway');
    }
  };
}
