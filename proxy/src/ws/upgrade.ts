import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from '@joycity/shared/logger';
import { createProxyServer } from 'http-proxy-3';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import type { AuthGate } from '../auth/gate.ts';
import type { HostMap } from '../hosts/host-map.ts';
import type { ProxyMetrics } from '../ops/metrics.ts';
import type { FilterExtension, FilterRequestContext, LiveFilter } from '../pipeline/extension.ts';
import type { Rewriter } from '../pipeline/rewriter.ts';
import { matchDenyRule } from '../pipeline/deny-list.ts';
import { stripRequestHeaders } from '../pipeline/request-headers.ts';
import { clientIp } from '../pipeline/handler.ts';
import type { PortalSessionStore } from '../session/portal-sessions.ts';
import { cookieHeaderFor } from '../session/wb-cookies.ts';
import type { Upstream } from '../upstream/upstream.ts';

const MENTIONS_WB = /wildberries|wbbasket|wb\.ru/i;

/** Close codes one may send (1005, 1006 and 1015 are only ever reported): others become 1011 / 1000. */
export function sendableCloseCode(code: number): number {
  if (
    (code >= 1000 && code <= 1014 && code !== 1004 && code !== 1005 && code !== 1006) ||
    (code >= 3000 && code <= 4999)
  )
    return code;
  return code === 1005 ? 1000 : 1011;
}

/**
 * WebSockets (the notifications socket of seller-communications) through the same gate, host table,
 * deny-list and server-side session as HTTP, with the request headers stripped and WB's session attached;
 * `Origin` goes back in WB's form. The handshake answer never carries WB's cookies to the browser.
 *
 * On hosts the filter has a live filter for (the filtered hosts, issue 6) the socket is terminated here: the
 * browser's socket is accepted only once WB's is open, and every text frame from WB goes through the filter
 * (counters that would count hidden items removed, notifications naming a hidden article dropped, anything
 * unknown dropped); binary frames from WB are dropped; frames from the browser go up with public URLs mapped
 * back. Elsewhere http-proxy-3 pipes the socket.
 */
export function createUpgradeHandler(deps: {
  hostMap: HostMap;
  upstream: Upstream;
  gate: AuthGate;
  sessions: PortalSessionStore;
  metrics: ProxyMetrics;
  logger: Logger;
  trustedProxyHops: number;
  filter: FilterExtension<unknown>;
  rewriter: Rewriter;
}) {
  // The browser gets the subprotocol WB chose (or none).
  const chosen = new WeakMap<IncomingMessage, string>();
  const wss = new WebSocketServer({
    noServer: true,
    perMessageDeflate: false,
    handleProtocols: (_offered, request) => chosen.get(request) ?? false,
  });
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

  /** The browser's socket and WB's, relayed through the live filter. */
  function terminate(
    req: IncomingMessage,
    socket: Duplex,
    head: Buffer,
    url: string,
    headers: Record<string, string>,
    live: LiveFilter,
    wbHost: string,
  ) {
    const up: Record<string, string> = {};
    for (const [name, value] of Object.entries(headers))
      if (!/^(connection|upgrade|sec-websocket-.*)$/.test(name)) up[name] = value;
    const protocols = (req.headers['sec-websocket-protocol'] ?? '')
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean);
    const upstream = new WebSocket(url, protocols, {
      headers: up,
      perMessageDeflate: false,
      followRedirects: false,
    });
    socket.once('close', () => {
      if (!client) upstream.terminate();
    });
    // WB's frames are filtered in order, after the browser's socket is open.
    let chain: Promise<void> = Promise.resolve();
    let client: WebSocket | undefined;
    const dropped = (reason: string) => {
      deps.metrics.liveMessages.inc({ channel: 'websocket', outcome: `drop:${reason}` });
      deps.logger.info({ host: wbHost, reason }, 'WebSocket message from WB dropped');
    };
    const relay = async (data: RawData, isBinary: boolean) => {
      if (isBinary) return dropped('binary');
      const text = rawText(data);
      const d = await live.frame(text);
      if (d.action === 'drop') return dropped(d.reason);
      const out = MENTIONS_WB.test(d.text)
        ? deps.rewriter.rewriteBody('application/json', d.text, { wbHost, target: req.url ?? '/' })
        : d.text;
      if (deps.rewriter.findUnmappedWbUrls(out).length > 0) return dropped('unmapped-url');
      deps.metrics.liveMessages.inc({ channel: 'websocket', outcome: 'pass' });
      if (client?.readyState === WebSocket.OPEN) client.send(out);
    };
    upstream.on('message', (data, isBinary) => {
      chain = chain
        .then(() => relay(data, isBinary))
        .catch((err: unknown) => {
          deps.logger.error({ err }, 'WebSocket filter failed: closing');
          client?.close(1011);
          upstream.terminate();
        });
    });
    upstream.on('upgrade', (res) => delete res.headers['set-cookie']);
    // The browser's handshake is answered once: WB's refusal status, or 502 when WB cannot be reached.
    let answered = false;
    const refuseOnce = (status: number, text: string) => {
      if (answered || client) return;
      answered = true;
      refuse(socket, status, text);
    };
    upstream.once('unexpected-response', (_r, res) => {
      const status = res.statusCode ?? 502;
      res.resume();
      refuseOnce(status >= 400 && status < 600 ? status : 502, 'Refused');
      upstream.terminate();
    });
    upstream.on('error', (err) => {
      if (answered) return;
      deps.metrics.upstreamErrors.inc({ kind: 'websocket' });
      deps.logger.warn({ err }, 'WebSocket upstream failed');
      if (client) client.close(1011);
      else refuseOnce(502, 'Bad Gateway');
    });
    upstream.once('open', () => {
      if (upstream.protocol) chosen.set(req, upstream.protocol);
      wss.handleUpgrade(req, socket, head, (ws) => {
        client = ws;
        ws.on('message', (data, isBinary) => {
          if (upstream.readyState !== WebSocket.OPEN) return;
          if (isBinary) upstream.send(data, { binary: true });
          else upstream.send(deps.rewriter.requestText(rawText(data)));
        });
        ws.on('close', (code, reason) => {
          if (upstream.readyState === WebSocket.OPEN) upstream.close(sendableCloseCode(code), reason);
          else upstream.terminate();
        });
        ws.on('error', () => ws.terminate());
        if (upstream.readyState !== WebSocket.OPEN) ws.close(1011);
      });
    });
    upstream.on('close', (code, reason) => {
      // What WB already sent is delivered before the browser hears the close.
      void chain.then(() => {
        if (client && (client.readyState === WebSocket.OPEN || client.readyState === WebSocket.CONNECTING))
          client.close(sendableCloseCode(code), reason);
      });
    });
  }

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
      const live = deps.filter.liveFilter
        ? await deps.filter.liveFilter({
            userId: gate.principal.userId,
            userEmail: gate.principal.email,
            ip: clientIp(req, deps.trustedProxyHops),
            roles: gate.principal.roles,
            locale: 'ru',
            accountId: gate.principal.currentAccountId,
            wbHost: entry.host,
            method: 'GET',
            path,
            search: '', // the query may hold WB's token now
            body: undefined,
            headers: stripRequestHeaders(req.headers),
          } satisfies FilterRequestContext)
        : null;
      if (live) {
        const target = deps.upstream.target(entry);
        const up = `${target.origin.replace(/^http/, 'ws')}${req.url ?? '/'}`;
        return terminate(req, socket, head, up, headers, live, entry.host);
      }
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

function rawText(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}
