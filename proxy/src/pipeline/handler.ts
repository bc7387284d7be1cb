import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { createBrotliDecompress, createGunzip, createInflate, gzipSync } from 'node:zlib';
import { appendAudit, type Database } from '@joycity/db';
import type { Principal } from '@joycity/shared/auth';
import { safeReturnUrl } from '@joycity/shared/auth';
import type { PortalSessionEnvelope } from '@joycity/shared/internal-api';
import type { Logger } from '@joycity/shared/logger';
import type { WbHostEntry } from '@joycity/shared/wb';
import { errors as undiciErrors } from 'undici';
import type { AuthGate } from '../auth/gate.ts';
import type { CachedAsset, StaticCache } from '../cache/static-cache.ts';
import { cachePolicy } from '../cache/static-cache.ts';
import type { HostMap } from '../hosts/host-map.ts';
import type { ProxyMetrics } from '../ops/metrics.ts';
import { pickLocale, renderPage, type Locale, type PageKind } from '../pages/render.ts';
import {
  filterUserSuppliers,
  SELLER_LK_PATH,
  SessionRejectedError,
  UPGRADE_PATH,
  type LocalAnswers,
} from '../session/local-answers.ts';
import type { PortalSessionStore } from '../session/portal-sessions.ts';
import type { SessionRefresher } from '../session/refresher.ts';
import { cookieHeaderFor, splitSetCookies } from '../session/wb-cookies.ts';
import type { Upstream } from '../upstream/upstream.ts';
import { BodyTooLargeError, CorruptBodyError, decodeBody, encodeBody, pickEncoding } from './codec.ts';
import { matchDenyRule, rpcMethodsOf, type DenyRule } from './deny-list.ts';
import {
  FilterDeniedError,
  FilterFailedError,
  type FilterExtension,
  type FilterRequestContext,
  type LiveFilter,
} from './extension.ts';
import { readBounded, RequestTooLargeError } from './read-body.ts';
import { stripRequestHeaders } from './request-headers.ts';
import { filterEventStream, type SseDecision, type SseEvent } from './sse-filter.ts';
import type { BodyKind, Rewriter, RewriteContext } from './rewriter.ts';
import { UnsupportedEncodingError, UpstreamBodyCorruptError } from '../rewrite/index.ts';
import { RUNTIME_EVENT_PATH } from '../runtime/index.ts';

export interface PipelineDeps {
  hostMap: HostMap;
  upstream: Upstream;
  gate: AuthGate;
  sessions: PortalSessionStore;
  refresher: SessionRefresher;
  local: LocalAnswers;
  rewriter: Rewriter;
  filter: FilterExtension<unknown>;
  cache?: StaticCache | undefined;
  metrics: ProxyMetrics;
  logger: Logger;
  db: Database;
  /** `<admin origin>`: where the login and the way back live. */
  adminOrigin: string;
  appDomain: string;
  maxBufferedBytes: number;
  maxRequestBytes?: number;
  trustedProxyHops: number;
}

/** Per-request facts for the access log and metrics. */
interface Exchange {
  startedAt: number;
  bytes: number;
  wbHost?: string;
  role?: string;
  userId?: string;
  accountId?: number;
  upstreamStatus?: number;
  outcome?: string;
}

const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'te',
  'trailer',
  'upgrade',
  'set-cookie',
  'content-length',
  'alt-svc',
  'strict-transport-security',
  'public-key-pins',
  'report-to',
  'nel',
]);

const SHELL = 'seller.wildberries.ru';
/** Every WB URL form the rewriter maps names one of these domains (any case). */
const MENTIONS_WB = /wildberries|wbbasket|wb\.ru/i;
const SUPPLIERS_RPC = '/ns/suppliers/suppliers-portal-core/suppliers';

class UpstreamFailure extends Error {
  readonly kind: 'timeout' | 'reset' | 'corrupt' | 'too-large' | 'unreachable' | 'status';
  constructor(kind: UpstreamFailure['kind'], message: string) {
    super(message);
    this.kind = kind;
  }
}

function classify(err: unknown): UpstreamFailure {
  if (err instanceof UpstreamFailure) return err;
  if (
    err instanceof CorruptBodyError ||
    err instanceof UpstreamBodyCorruptError ||
    err instanceof UnsupportedEncodingError
  ) {
    return new UpstreamFailure('corrupt', err.message);
  }
  if (err instanceof BodyTooLargeError) return new UpstreamFailure('too-large', err.message);
  if (
    err instanceof undiciErrors.HeadersTimeoutError ||
    err instanceof undiciErrors.BodyTimeoutError ||
    err instanceof undiciErrors.ConnectTimeoutError
  ) {
    return new UpstreamFailure('timeout', (err as Error).message);
  }
  if (err instanceof undiciErrors.SocketError || (err as NodeJS.ErrnoException).code === 'ECONNRESET') {
    return new UpstreamFailure('reset', (err as Error).message);
  }
  if (
    err instanceof undiciErrors.RequestContentLengthMismatchError ||
    err instanceof undiciErrors.ResponseContentLengthMismatchError
  ) {
    return new UpstreamFailure('reset', (err as Error).message);
  }
  return new UpstreamFailure('unreachable', (err as Error).message ?? String(err));
}

/** The client's address: the socket's, or the entry `hops` from the right of X-Forwarded-For. */
export function clientIp(req: IncomingMessage, hops: number): string | undefined {
  if (hops > 0) {
    const list = String(req.headers['x-forwarded-for'] ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const candidate = list[list.length - hops];
    if (candidate) return candidate;
  }
  return req.socket.remoteAddress?.replace(/^::ffff:/, '');
}

const isNavigation = (req: IncomingMessage) =>
  req.headers['sec-fetch-mode'] === 'navigate' ||
  (req.method === 'GET' && String(req.headers.accept ?? '').includes('text/html'));

/**
 * The proxy pipeline for one request to a public WB host: auth → deny-list → session → filter guard →
 * (static cache) → upstream → session cookies → 401 handling → filter plan → rewrite → answer. Every
 * failure ends in a clear answer (page or JSON), never a crash and never a body that was not checked.
 */
export function createPipeline(deps: PipelineDeps) {
  const { metrics, logger } = deps;
  const maxRequestBytes = deps.maxRequestBytes ?? 32 * 1024 * 1024;

  function send(
    res: ServerResponse,
    status: number,
    headers: OutgoingHttpHeaders,
    body: string | Buffer | undefined,
    extraCookies: string[] = [],
  ) {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    const buffer = body === undefined ? undefined : typeof body === 'string' ? Buffer.from(body) : body;
    const cookies = [...extraCookies];
    const existing = headers['set-cookie'];
    if (existing) cookies.push(...(Array.isArray(existing) ? existing : [String(existing)]));
    res.writeHead(status, {
      ...headers,
      ...(cookies.length > 0 ? { 'set-cookie': cookies } : {}),
      ...(buffer ? { 'content-length': buffer.length } : { 'content-length': 0 }),
    });
    res.end(buffer);
  }

  /**
   * CORS headers for an answer the proxy makes itself (a refusal, a filter's local answer), the way WB answers
   * its own cross-host calls: our public WB origins only, echoed, with credentials. Without them the SPA sees
   * a network error instead of the answer.
   */
  function corsFor(req: IncomingMessage): Record<string, string> {
    const origin = req.headers.origin;
    if (typeof origin !== 'string' || !deps.hostMap.wbHostFor(originHost(origin))) return {};
    return {
      'access-control-allow-origin': origin,
      'access-control-allow-credentials': 'true',
      vary: 'Origin',
    };
  }

  function answerPage(
    req: IncomingMessage,
    res: ServerResponse,
    status: number,
    kind: PageKind,
    code: string,
    locale: Locale,
    cookies: string[] = [],
  ) {
    if (isNavigation(req)) {
      send(
        res,
        status,
        { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' },
        renderPage(kind, locale, { code, adminUrl: `${deps.adminOrigin}/` }),
        cookies,
      );
    } else {
      send(
        res,
        status,
        { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...corsFor(req) },
        JSON.stringify({
          data: null,
          error: true,
          errorText: code,
          additionalErrors: null,
          joycity: { code, message: renderMessage(kind, locale) },
        }),
        cookies,
      );
    }
  }

  const renderMessage = (kind: PageKind, locale: Locale) =>
    renderPage(kind, locale)
      .replace(/.*<h1>(.*?)<\/h1><p>(.*?)<\/p>.*/s, '$1. $2')
      .replace(/&#39;/g, "'");

  async function audit(
    principal: Principal,
    accountId: number,
    ip: string | undefined,
    req: IncomingMessage,
    rule: string,
    details: Record<string, unknown>,
  ) {
    try {
      await appendAudit(deps.db, {
        action: 'proxy.blocked',
        outcome: 'denied',
        actor_user_id: principal.userId,
        actor_email: principal.email,
        target_type: 'account',
        target_id: String(accountId),
        ip: ip ?? null,
        user_agent: String(req.headers['user-agent'] ?? '').slice(0, 500) || null,
        details: { rule, ...details },
      });
    } catch (err) {
      logger.error({ err }, 'could not audit a blocked request');
    }
  }

  function upstreamHeaders(
    req: IncomingMessage,
    entry: WbHostEntry,
    session: PortalSessionEnvelope,
  ): Record<string, string> {
    const headers = { ...stripRequestHeaders(req.headers), ...deps.rewriter.requestHeaders(req.headers) };
    headers.host = entry.host;
    const cookie = cookieHeaderFor(entry.host, session.cookies);
    if (cookie) headers.cookie = cookie;
    if (session.authorizev3 && entry.kind === 'portal') headers.authorizev3 = session.authorizev3;
    if (req.headers['wb-seller-lk'] !== undefined) {
      const lk = session.tokens?.['wb-seller-lk']?.value;
      if (lk) headers['wb-seller-lk'] = lk;
    }
    if (deps.upstream.overridden) headers['x-forwarded-proto'] = 'https';
    return headers;
  }

  async function handle(req: IncomingMessage, res: ServerResponse, entry: WbHostEntry): Promise<void> {
    const exchange: Exchange = {
      startedAt: performance.now(),
      bytes: 0,
      wbHost: entry.host,
      role: entry.role,
    };
    res.once('close', () => finish(req, res, exchange));
    const method = (req.method ?? 'GET').toUpperCase();
    const rawTarget = req.url ?? '/';
    const acceptLanguage = req.headers['accept-language'];
    if (!rawTarget.startsWith('/')) {
      exchange.outcome = 'bad-target';
      send(res, 400, { 'content-type': 'text/plain; charset=utf-8' }, 'request target must be a path');
      return;
    }
    const q = rawTarget.indexOf('?');
    const path = q < 0 ? rawTarget : rawTarget.slice(0, q);
    const fetchDest = req.headers['sec-fetch-dest'];
    const ctx: RewriteContext = {
      wbHost: entry.host,
      target: rawTarget,
      fetchDest: typeof fetchDest === 'string' ? fetchDest : undefined,
    };

    // The runtime the rewritten pages load: served on every public host, no session needed.
    if (path === deps.rewriter.runtime.path && (method === 'GET' || method === 'HEAD')) {
      exchange.outcome = 'runtime';
      send(
        res,
        200,
        { 'content-type': deps.rewriter.runtime.contentType, 'cache-control': 'public, max-age=300' },
        method === 'HEAD' ? undefined : deps.rewriter.runtime.body,
      );
      return;
    }
    if (path === RUNTIME_EVENT_PATH && method === 'POST') {
      // What the runtime refused in the page (a service worker registration): logged, nothing more.
      const event = await readBounded(req, 16_384, () => new RequestTooLargeError('event too large')).catch(
        () => Buffer.alloc(0),
      );
      logger.info({ host: entry.host, event: event.toString('utf8').slice(0, 500) }, 'runtime event');
      exchange.outcome = 'runtime-event';
      send(res, 204, {}, undefined);
      return;
    }
    if (path.startsWith('/__joycity/')) {
      // Includes the runtime's stand-in for WB hosts off the table: never forwarded anywhere.
      exchange.outcome = 'joycity-path';
      send(
        res,
        404,
        { 'content-type': 'application/json; charset=utf-8' },
        JSON.stringify({ error: { code: 'PROXY_NOT_FOUND', message: 'not a WB address' } }),
      );
      return;
    }

    // CORS preflights carry no credentials: answered here (never forwarded), for our own public origins only,
    // the way WB answers its own (origin echoed, credentials allowed).
    if (method === 'OPTIONS' && req.headers['access-control-request-method']) {
      exchange.outcome = 'preflight';
      const origin = String(req.headers.origin ?? '');
      if (!deps.hostMap.isPublicHost(originHost(origin)) || !deps.hostMap.wbHostFor(originHost(origin))) {
        send(res, 403, { vary: 'Origin' }, undefined);
        return;
      }
      send(
        res,
        204,
        {
          'access-control-allow-origin': origin,
          'access-control-allow-credentials': 'true',
          'access-control-allow-methods': String(req.headers['access-control-request-method']),
          ...(req.headers['access-control-request-headers']
            ? { 'access-control-allow-headers': String(req.headers['access-control-request-headers']) }
            : {}),
          'access-control-max-age': '600',
          vary: 'Origin, Access-Control-Request-Method, Access-Control-Request-Headers',
        },
        undefined,
      );
      return;
    }

    // 1. Who may pass.
    const ip = clientIp(req, deps.trustedProxyHops);
    const gate = await deps.gate.check({
      cookie: req.headers.cookie,
      ip,
      userAgent: req.headers['user-agent'],
    });
    if (!gate.ok) {
      if (gate.reason === 'login') {
        exchange.outcome = 'login';
        const publicHost = deps.hostMap.publicHostFor(entry.host)!;
        const here = `${deps.hostMap.publicProtocol}//${publicHost}${deps.hostMap.publicPort ? `:${deps.hostMap.publicPort}` : ''}${rawTarget}`;
        const returnTo =
          safeReturnUrl(here, { appDomain: deps.appDomain }) ??
          `${deps.hostMap.publicProtocol}//${deps.hostMap.baseHost}/`;
        const login = `${deps.adminOrigin}/login?returnTo=${encodeURIComponent(returnTo)}`;
        if (isNavigation(req)) {
          send(res, 302, { location: login, 'cache-control': 'no-store' }, undefined, gate.setCookies);
        } else {
          send(
            res,
            401,
            { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
            JSON.stringify({ data: null, error: true, errorText: 'JOYCITY_LOGIN_REQUIRED', login }),
            gate.setCookies,
          );
        }
        return;
      }
      exchange.userId = gate.principal.userId;
      exchange.outcome = gate.reason;
      answerPage(
        req,
        res,
        403,
        gate.reason,
        gate.reason === 'no-access' ? 'PROXY_NO_ACCESS' : 'PROXY_NO_ACCOUNT',
        pickLocale(gate.principal.locale, acceptLanguage),
        gate.setCookies,
      );
      return;
    }
    const { principal, setCookies: authCookies } = gate;
    const accountId = principal.currentAccountId;
    const locale = pickLocale(principal.locale, acceptLanguage);
    exchange.userId = principal.userId;
    exchange.accountId = accountId;

    // 2. The request body (bounded: the filter may need it and a refused session replays it).
    let body: Buffer | undefined;
    if (method !== 'GET' && method !== 'HEAD') {
      try {
        body = await readBounded(
          req,
          maxRequestBytes,
          () => new RequestTooLargeError('request body too large'),
        );
      } catch (err) {
        exchange.outcome = 'request-too-large';
        if (err instanceof RequestTooLargeError) {
          send(
            res,
            413,
            { 'content-type': 'text/plain; charset=utf-8', connection: 'close' },
            'request body too large',
          );
        } else res.destroy();
        return;
      }
      if (body.length === 0) body = undefined;
    }

    // Public URLs the browser sends (redirect_url=…, JSON and form fields) go upstream in WB's form.
    let upstreamTarget = deps.rewriter.requestText(rawTarget);
    if (
      body &&
      /^(text\/|application\/(json|x-www-form-urlencoded|[\w.+-]*\+json))/i.test(
        String(req.headers['content-type'] ?? ''),
      )
    ) {
      const text = body.toString('utf8');
      const mapped = deps.rewriter.requestText(text);
      if (mapped !== text) body = Buffer.from(mapped, 'utf8');
    }

    // 3. The deny-list.
    const rpcMethods = entry.host === SHELL && path.startsWith('/ns/') ? rpcMethodsOf(body) : [];
    let rule: DenyRule | undefined = matchDenyRule({ wbHost: entry.host, method, path, rpcMethods });
    const session0 = await deps.sessions.get(accountId).catch((err: unknown) => err as Error);
    if (session0 instanceof Error) {
      logger.error({ err: session0, accountId }, 'could not read the portal session');
      exchange.outcome = 'session-unavailable';
      answerPage(req, res, 503, 'upstream-error', 'PROXY_SESSION_UNAVAILABLE', locale, authCookies);
      return;
    }
    let session = session0;
    const currentSupplier = session.cookies['x-supplier-id-external'] ?? session.cookies['x-supplier-id'];
    const askedSupplier = req.headers['x-supplier-id'] ?? req.headers['x-supplier-id-external'];
    if (!rule && askedSupplier !== undefined && String(askedSupplier) !== currentSupplier) {
      rule = { id: 'legal-entity.header', category: 'legal-entity', host: '*', path: '*' };
    }
    if (rule) {
      exchange.outcome = `blocked:${rule.id}`;
      metrics.blocks.inc({ rule: rule.id });
      await audit(principal, accountId, ip, req, rule.id, { host: entry.host, method, path, rpcMethods });
      answerPage(req, res, 403, 'blocked', `PROXY_BLOCKED: ${rule.category}`, locale, authCookies);
      return;
    }

    if (session.status === 'needs_relogin') {
      exchange.outcome = 'needs-relogin';
      answerPage(req, res, 503, 'needs-relogin', 'WB_SESSION_NEEDS_RELOGIN', locale, authCookies);
      return;
    }
    deps.refresher.refreshAhead(accountId, session);

    // 4. Token endpoints the proxy answers itself.
    if (entry.host === SHELL && method === 'POST' && (path === UPGRADE_PATH || path === SELLER_LK_PATH)) {
      try {
        const answer =
          path === UPGRADE_PATH
            ? await deps.local.upgradeCookie(accountId)
            : await deps.local.sellerLk(accountId, body);
        exchange.outcome = 'local-token';
        send(
          res,
          200,
          { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
          JSON.stringify(answer),
          authCookies,
        );
      } catch (err) {
        if (err instanceof SessionRejectedError) {
          exchange.outcome = 'needs-relogin';
          answerPage(req, res, 401, 'needs-relogin', 'WB_SESSION_NEEDS_RELOGIN', locale, authCookies);
        } else {
          exchange.outcome = 'upstream-error';
          metrics.upstreamErrors.inc({ kind: 'token' });
          logger.warn({ err, accountId }, 'token endpoint failed');
          answerPage(req, res, 502, 'upstream-error', 'PROXY_UPSTREAM_FAILED', locale, authCookies);
        }
      }
      return;
    }

    // 5. The filter's guard.
    const stripped = stripRequestHeaders(req.headers);
    const filterCtx: FilterRequestContext = {
      userId: principal.userId,
      userEmail: principal.email,
      ip,
      roles: principal.roles,
      locale,
      accountId,
      wbHost: entry.host,
      method,
      path,
      search: upstreamTarget.includes('?') ? upstreamTarget.slice(upstreamTarget.indexOf('?')) : '',
      body,
      headers: stripped,
    };
    let decision;
    try {
      decision = await deps.filter.guardRequest(filterCtx);
    } catch (err) {
      logger.error({ err }, 'the request guard failed');
      exchange.outcome = 'guard-error';
      answerPage(req, res, 403, 'filter-error', 'PROXY_FILTER_FAILED', locale, authCookies);
      return;
    }
    if (decision.action === 'deny') {
      exchange.outcome = `denied:${decision.code}`;
      metrics.blocks.inc({ rule: `filter:${decision.code}` });
      answerPage(req, res, decision.status, 'blocked', decision.code, locale, authCookies);
      return;
    }
    if (decision.action === 'answer') {
      exchange.outcome = 'filter-answer';
      send(
        res,
        decision.status,
        { ...decision.headers, ...corsFor(req) },
        typeof decision.body === 'string' ? decision.body : Buffer.from(decision.body),
        authCookies,
      );
      return;
    }

    // The filter's rewrite (a widened page) goes upstream instead of the client's query and body.
    if (decision.rewrite?.search !== undefined) upstreamTarget = `${path}${decision.rewrite.search}`;
    if (decision.rewrite?.body !== undefined) body = Buffer.from(decision.rewrite.body);

    // 6. The static cache.
    const cacheKey = `${entry.host}${upstreamTarget}`;
    const cacheable = deps.cache?.applies(entry, method, path) ?? false;
    let cached: CachedAsset | undefined;
    if (cacheable) {
      cached = await deps.cache!.get(cacheKey);
      if (cached && Date.now() - cached.storedAt < cached.freshForMs) {
        metrics.cache.inc({ result: 'hit' });
        exchange.outcome = 'cache-hit';
        await serveCached(req, res, cached, authCookies);
        return;
      }
    }

    // 7. Upstream, with one replay after WB refused a session that could be refreshed.
    const controller = new AbortController();
    res.once('close', () => {
      if (!res.writableFinished) controller.abort();
    });
    const target = deps.upstream.target(entry);
    let response;
    let browserCookies: string[] = [];
    for (let attempt = 0; ; attempt++) {
      const headers = upstreamHeaders(req, entry, session);
      if (cached?.etag) headers['if-none-match'] = cached.etag;
      if (cached?.lastModified) headers['if-modified-since'] = cached.lastModified;
      const started = performance.now();
      try {
        response = await deps.upstream.agent.request({
          origin: target.origin,
          path: upstreamTarget,
          method: method,
          headers,
          ...(body ? { body } : {}),
          signal: controller.signal,
        });
      } catch (err) {
        if (controller.signal.aborted) return;
        return failUpstream(req, res, exchange, classify(err), locale, authCookies);
      } finally {
        metrics.upstreamLatency.observe({ role: entry.role }, (performance.now() - started) / 1000);
      }
      exchange.upstreamStatus = response.statusCode;

      // WB's cookies go to the server-side jar.
      const setCookieRaw = response.headers['set-cookie'];
      const setCookieLines =
        setCookieRaw === undefined ? [] : Array.isArray(setCookieRaw) ? setCookieRaw : [setCookieRaw];
      if (setCookieLines.length > 0) {
        const split = splitSetCookies(setCookieLines);
        browserCookies = split.toBrowser.flatMap((c) => deps.rewriter.browserSetCookie(c.raw, ctx) ?? []);
        try {
          session = await deps.sessions.apply(accountId, {
            setCookies: split.setCookies,
            removeCookies: split.removeCookies.filter((n) => !(n in split.setCookies)),
          });
        } catch (err) {
          logger.error({ err, accountId }, 'could not store WB cookies');
        }
      }

      const refused =
        response.statusCode === 401 || isLoginRedirect(response.statusCode, response.headers.location);
      if (refused && entry.kind === 'portal' && attempt === 0) {
        const text = await response.body.text().catch(() => '');
        if (response.statusCode === 401 && /wb-seller-lk/i.test(text)) {
          await deps.local.dropSellerLk(accountId).catch(() => undefined);
          // The SPA asks for a new token (through us) and retries.
          exchange.outcome = 'seller-lk-expired';
          send(res, 401, { 'content-type': 'application/json; charset=utf-8' }, text, authCookies);
          return;
        }
        let outcome;
        try {
          outcome = await deps.refresher.refresh(
            accountId,
            session.version,
            `${entry.host} answered 401 to ${method} ${path}`,
          );
        } catch (err) {
          logger.warn({ err, accountId }, 'refreshing the WB session failed');
          return failUpstream(req, res, exchange, classify(err), locale, authCookies);
        }
        metrics.sessionRefreshes.inc({ outcome });
        if (outcome === 'needs_relogin') {
          exchange.outcome = 'needs-relogin';
          answerPage(req, res, 503, 'needs-relogin', 'WB_SESSION_NEEDS_RELOGIN', locale, authCookies);
          return;
        }
        session = await deps.sessions.get(accountId);
        continue;
      }
      break;
    }

    // 8. The answer.
    try {
      await respond(req, res, exchange, response, {
        entry,
        path,
        ctx,
        method,
        body,
        filterCtx,
        locale,
        cookies: [...authCookies, ...browserCookies],
        cacheable,
        cacheKey,
        cached,
        currentSupplier,
      });
    } catch (err) {
      if (controller.signal.aborted) return;
      if (err instanceof FilterDeniedError) {
        exchange.outcome = `filter-denied:${err.code}`;
        answerPage(req, res, 403, 'filter-error', err.code, locale, authCookies);
        return;
      }
      if (err instanceof FilterFailure) {
        const code = err.cause instanceof FilterFailedError ? err.cause.code : 'PROXY_FILTER_FAILED';
        exchange.outcome = `filter-failed:${code}`;
        logger.error({ err: err.cause, path, code }, 'the response filter failed: not passing the body');
        answerPage(req, res, 502, 'filter-error', code, locale, authCookies);
        return;
      }
      failUpstream(req, res, exchange, classify(err), locale, authCookies);
    }
  }

  async function streamEvents(
    res: ServerResponse,
    exchange: Exchange,
    response: Awaited<ReturnType<Upstream['agent']['request']>>,
    headersOut: OutgoingHttpHeaders,
    upstreamHeaders: Record<string, string>,
    live: LiveFilter,
    o: RespondOptions,
  ) {
    const encoding = (upstreamHeaders['content-encoding'] ?? 'identity').toLowerCase();
    const decoder =
      encoding === 'gzip' || encoding === 'x-gzip'
        ? createGunzip()
        : encoding === 'br'
          ? createBrotliDecompress()
          : encoding === 'deflate'
            ? createInflate()
            : encoding === 'identity'
              ? undefined
              : null;
    if (decoder === null) {
      await response.body.dump();
      throw new FilterFailure(new Error(`event stream in ${encoding}: cannot be filtered`));
    }
    const headers = deps.rewriter.responseHeaders(headersOut, o.ctx, true);
    delete headers['content-encoding'];
    delete headers['content-length'];
    delete headers.etag;
    headers['cache-control'] = 'no-cache';
    if (o.cookies.length > 0) headers['set-cookie'] = o.cookies;
    res.writeHead(response.statusCode, headers);
    res.flushHeaders();
    exchange.outcome ??= 'event-stream';
    const source = decoder ? response.body.pipe(decoder) : response.body;
    const decide = async (e: SseEvent): Promise<SseDecision> => {
      const d = await live.event(e.event, e.data);
      if (d.action === 'drop') return d;
      // Data is rewritten like a JSON body; a WB URL left drops the event.
      const text = MENTIONS_WB.test(d.text)
        ? deps.rewriter.rewriteBody('application/json', d.text, o.ctx)
        : d.text;
      if (deps.rewriter.findUnmappedWbUrls(text).length > 0)
        return { action: 'drop', reason: 'unmapped-url' };
      metrics.liveMessages.inc({ channel: 'sse', outcome: 'pass' });
      return { action: 'pass', data: text };
    };
    const onDrop = (reason: string, e: SseEvent) => {
      metrics.liveMessages.inc({ channel: 'sse', outcome: `drop:${reason}` });
      logger.info({ host: o.entry.host, path: o.path, event: e.event, reason }, 'event-stream event dropped');
    };
    try {
      for await (const out of filterEventStream(source as AsyncIterable<Uint8Array>, decide, onDrop)) {
        exchange.bytes += Buffer.byteLength(out);
        if (!res.write(out)) await new Promise((resolve) => res.once('drain', resolve));
      }
    } catch (err) {
      // Mid-stream nothing else can be said: the stream ends (the browser reconnects).
      if (!res.destroyed) logger.warn({ err, path: o.path }, 'event stream ended by the filter');
      response.body.destroy();
    }
    res.end();
  }

  async function serveCached(
    req: IncomingMessage,
    res: ServerResponse,
    asset: CachedAsset,
    cookies: string[],
  ) {
    const inm = req.headers['if-none-match'];
    if (asset.etag && inm && inm.split(',').some((t) => t.trim() === asset.etag)) {
      send(
        res,
        304,
        { etag: asset.etag, 'cache-control': asset.headers['cache-control'] ?? 'no-cache' },
        undefined,
        cookies,
      );
      return;
    }
    // One compressed form per asset, made once: a hit costs no compression.
    const compressible =
      asset.body.length >= 1024 &&
      /^(text\/|application\/(javascript|json)|image\/svg)/.test(asset.headers['content-type'] ?? '');
    const wantsGzip = compressible && pickEncoding(req.headers['accept-encoding']) !== undefined;
    if (wantsGzip) asset.gzip ??= gzipSync(asset.body, { level: 6 });
    const encoded =
      wantsGzip && asset.gzip
        ? { body: asset.gzip, encoding: 'gzip' }
        : { body: asset.body, encoding: undefined };
    send(
      res,
      asset.status,
      {
        ...asset.headers,
        ...(encoded.encoding ? { 'content-encoding': encoded.encoding, vary: 'Accept-Encoding' } : {}),
      },
      req.method === 'HEAD' ? undefined : encoded.body,
      cookies,
    );
  }

  interface RespondOptions {
    entry: WbHostEntry;
    path: string;
    ctx: RewriteContext;
    method: string;
    body: Buffer | undefined;
    filterCtx: FilterRequestContext;
    locale: Locale;
    cookies: string[];
    cacheable: boolean;
    cacheKey: string;
    cached: CachedAsset | undefined;
    currentSupplier: string | undefined;
  }

  async function respond(
    req: IncomingMessage,
    res: ServerResponse,
    exchange: Exchange,
    response: Awaited<ReturnType<Upstream['agent']['request']>>,
    o: RespondOptions,
  ) {
    const status = response.statusCode;
    const upstreamHeaders: Record<string, string> = {};
    const headersOut: OutgoingHttpHeaders = {};
    for (const [name, value] of Object.entries(response.headers)) {
      if (value === undefined) continue;
      const lower = name.toLowerCase();
      if (HOP_BY_HOP.has(lower)) continue;
      headersOut[lower] = value;
      upstreamHeaders[lower] = Array.isArray(value) ? value.join(', ') : value;
    }
    const contentType = upstreamHeaders['content-type'] ?? '';

    // A revalidated cache entry.
    if (status === 304 && o.cached) {
      await response.body.dump();
      metrics.cache.inc({ result: 'revalidated' });
      exchange.outcome = 'cache-revalidated';
      await deps.cache!.touch(o.cacheKey, o.cached, cachePolicy(upstreamHeaders['cache-control']).freshForMs);
      await serveCached(req, res, o.cached, o.cookies);
      return;
    }

    const noBody = o.method === 'HEAD' || status === 204 || status === 304 || (status >= 100 && status < 200);
    if (noBody) {
      await response.body.dump();
      send(res, status, deps.rewriter.responseHeaders(headersOut, o.ctx, false), undefined, o.cookies);
      return;
    }

    if (status >= 500 && isNavigation(req)) {
      // A page WB failed to render: our clear page instead of WB's error screen.
      await response.body.dump();
      throw new UpstreamFailure('status', `WB answered ${status} to a page`);
    }
    // An event stream of a filtered host: filtered event by event as it comes (it never ends).
    if (/^text\/event-stream\b/i.test(contentType) && deps.filter.liveFilter) {
      const live = await deps.filter.liveFilter(o.filterCtx);
      if (live) return streamEvents(res, exchange, response, headersOut, upstreamHeaders, live, o);
    }
    const kind: BodyKind | null = deps.rewriter.bodyKind(contentType);
    const plan = await deps.filter.planResponse({
      ...o.filterCtx,
      status,
      contentType,
      responseHeaders: upstreamHeaders,
    });
    const suppliers =
      o.entry.host === SHELL && o.path === SUPPLIERS_RPC && rpcMethodsOf(o.body).includes('getUserSuppliers');

    if (kind === null && plan === null && !suppliers) {
      // Stream through untouched.
      if (o.cacheable) metrics.cache.inc({ result: 'bypass' });
      const headers = deps.rewriter.responseHeaders(headersOut, o.ctx, false);
      const length = response.headers['content-length'];
      if (length !== undefined && !Array.isArray(length)) headers['content-length'] = length;
      if (o.cookies.length > 0) headers['set-cookie'] = o.cookies;
      res.writeHead(status, headers);
      exchange.outcome ??= 'stream';
      for await (const chunk of response.body) {
        exchange.bytes += (chunk as Buffer).length;
        if (!res.write(chunk)) await new Promise((resolve) => res.once('drain', resolve));
      }
      res.end();
      return;
    }

    // Buffered: decode, filter, rewrite, check, encode.
    const raw = await readBounded(
      response.body,
      deps.maxBufferedBytes,
      () => new BodyTooLargeError(`upstream body over ${deps.maxBufferedBytes} bytes`),
    );
    let decoded = await decodeBody(raw, upstreamHeaders['content-encoding'], deps.maxBufferedBytes);
    let outType = contentType;
    let outStatus = status;
    if (plan !== null) {
      try {
        const filtered = await deps.filter.applyResponseFilter(plan, { status, contentType, body: decoded });
        decoded = typeof filtered.body === 'string' ? Buffer.from(filtered.body) : Buffer.from(filtered.body);
        outType = filtered.contentType;
        outStatus = filtered.status ?? status;
      } catch (err) {
        if (err instanceof FilterDeniedError) throw err;
        throw new FilterFailure(err);
      }
    }
    let text: string | undefined;
    if (suppliers && status === 200) {
      text = filterUserSuppliers(decoded.toString('utf8'), o.body, o.currentSupplier);
      if (text === undefined) throw new FilterFailure(new Error('getUserSuppliers answer is not JSON-RPC'));
    }
    const finalKind = deps.rewriter.bodyKind(outType);
    // JS, CSS, JSON and text (not worker scripts) are rewritten and leak-checked on the bytes themselves: no
    // UTF-8 decode and re-encode (see Rewriter.rewriteBodyBytes). Pages and worker scripts take the text path.
    const bytes =
      finalKind && text === undefined ? deps.rewriter.rewriteBodyBytes(outType, decoded, o.ctx) : undefined;
    if (finalKind && bytes) {
      metrics.rewrites.inc({ kind: finalKind });
      if (bytes.leaks.length > 0) {
        logger.error(
          { host: o.entry.host, path: o.path, leaks: bytes.leaks.slice(0, 5) },
          'unmapped WB URLs left after rewriting',
        );
        throw new UpstreamFailure('corrupt', `unmapped WB URLs in ${o.path}`);
      }
    } else if (finalKind) {
      text ??= decoded.toString('utf8');
      // Pages always go through the rewriter (runtime, CSP); other text only when it names a WB domain at all.
      const worker = o.ctx.fetchDest === 'worker' || o.ctx.fetchDest === 'sharedworker';
      if (finalKind === 'html' || worker || MENTIONS_WB.test(text)) {
        text = deps.rewriter.rewriteBody(outType, text, o.ctx);
      }
      metrics.rewrites.inc({ kind: finalKind });
      const leaks = deps.rewriter.findUnmappedWbUrls(text);
      if (leaks.length > 0) {
        logger.error(
          { host: o.entry.host, path: o.path, leaks: leaks.slice(0, 5) },
          'unmapped WB URLs left after rewriting',
        );
        throw new UpstreamFailure('corrupt', `unmapped WB URLs in ${o.path}`);
      }
    }
    const out = bytes ? bytes.body : text !== undefined ? Buffer.from(text, 'utf8') : decoded;
    const headers: OutgoingHttpHeaders = {
      ...deps.rewriter.responseHeaders(headersOut, o.ctx, true),
      'content-type': outType,
    };
    delete headers['content-encoding'];
    delete headers['content-md5'];
    delete headers.digest;
    if (text !== undefined || plan !== null || out !== decoded) delete headers.etag;

    if (o.cacheable && status === 200 && plan === null && o.cookies.length === 0) {
      const { store, freshForMs } = cachePolicy(upstreamHeaders['cache-control']);
      if (store && (freshForMs > 0 || upstreamHeaders.etag || upstreamHeaders['last-modified'])) {
        const stored: Record<string, string> = {};
        for (const [k, v] of Object.entries(headers))
          if (v !== undefined) stored[k] = Array.isArray(v) ? v.join(', ') : String(v);
        const asset: CachedAsset = {
          status,
          headers: stored,
          body: out,
          ...(upstreamHeaders.etag ? { etag: upstreamHeaders.etag } : {}),
          ...(upstreamHeaders['last-modified'] ? { lastModified: upstreamHeaders['last-modified'] } : {}),
          storedAt: Date.now(),
          freshForMs,
        };
        if (asset.etag) stored.etag = asset.etag;
        metrics.cache.inc({ result: 'miss' });
        await deps
          .cache!.put(o.cacheKey, asset)
          .catch((err: unknown) => logger.warn({ err }, 'static cache write failed'));
        exchange.outcome = 'cache-miss';
        await serveCached(req, res, asset, o.cookies);
        return;
      }
    }
    const encoded = await encodeBody(out, pickEncoding(req.headers['accept-encoding']));
    if (encoded.encoding) {
      headers['content-encoding'] = encoded.encoding;
      headers.vary = 'Accept-Encoding';
    }
    exchange.outcome ??= finalKind ? `rewritten:${finalKind}` : 'buffered';
    send(res, outStatus, headers, encoded.body, o.cookies);
  }

  function failUpstream(
    req: IncomingMessage,
    res: ServerResponse,
    exchange: Exchange,
    failure: UpstreamFailure,
    locale: Locale,
    cookies: string[],
  ) {
    metrics.upstreamErrors.inc({ kind: failure.kind });
    exchange.outcome = `upstream-${failure.kind}`;
    logger.warn({ host: exchange.wbHost, kind: failure.kind, err: failure.message }, 'upstream failed');
    if (res.headersSent) {
      // Mid-stream: cut the connection so the browser sees a failed load, not a complete short body.
      res.destroy();
      return;
    }
    answerPage(
      req,
      res,
      failure.kind === 'timeout' ? 504 : 502,
      'upstream-error',
      `PROXY_UPSTREAM_${failure.kind.toUpperCase().replace('-', '_')}`,
      locale,
      cookies,
    );
  }

  function finish(req: IncomingMessage, res: ServerResponse, exchange: Exchange) {
    const durationMs = performance.now() - exchange.startedAt;
    const status = res.headersSent ? res.statusCode : 0;
    metrics.requests.inc({
      role: exchange.role ?? 'none',
      status: status ? `${Math.floor(status / 100)}xx` : 'aborted',
    });
    logger.info(
      {
        method: req.method,
        host: exchange.wbHost,
        path: (req.url ?? '').split('?')[0],
        status,
        upstreamStatus: exchange.upstreamStatus,
        userId: exchange.userId,
        accountId: exchange.accountId,
        outcome: exchange.outcome,
        bytes: exchange.bytes || Number(res.getHeader('content-length') ?? 0),
        durationMs: Math.round(durationMs * 10) / 10,
        complete: res.writableFinished,
      },
      'request',
    );
  }

  return {
    handle(req: IncomingMessage, res: ServerResponse, entry: WbHostEntry) {
      handle(req, res, entry).catch((err: unknown) => {
        logger.error({ err }, 'proxy pipeline failed');
        if (!res.headersSent) {
          answerPage(
            req,
            res,
            502,
            'upstream-error',
            'PROXY_INTERNAL_ERROR',
            pickLocale(undefined, req.headers['accept-language']),
          );
        } else res.destroy();
      });
    },
  };
}

/** The host (with port) of an origin, or `''`. */
function originHost(origin: string): string {
  try {
    return new URL(origin).host;
  } catch {
    return '';
  }
}

/** WB's answer to a page without a valid session: a redirect to its login at seller-auth. */
function isLoginRedirect(status: number, location: string | string[] | undefined): boolean {
  if (status < 300 || status > 399 || typeof location !== 'string') return false;
  try {
    const url = new URL(location, 'https://seller.wildberries.ru/');
    return url.hostname === 'seller-auth.wildberries.ru' && /^\/(ru\/?)?$/.test(url.pathname);
  } catch {
    return false;
  }
}

/** A response filter that threw: the body is not passed on. */
class FilterFailure extends Error {
  constructor(cause: unknown) {
    super('response filter failed', { cause });
  }
}

export type Pipeline = ReturnType<typeof createPipeline>;
