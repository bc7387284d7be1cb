import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import type { Database } from '@joycity/db';
import type { TestDatabase } from '@joycity/db/testing';
import type { Coordinator } from '@joycity/shared/coordination';
import type { RunningServer } from '@joycity/shared/http';
import { createLogger } from '@joycity/shared/logger';
import { startEmulator, type RunningEmulator, type StartEmulatorOptions } from '@joycity/wb-emulator';
import { request } from 'undici';
import {
  Browser,
  body,
  makeUser,
  openCoordinator,
  setupDatabase,
  startInstance,
  testConfig,
  type ApiInstance,
} from '../../admin/test/harness.ts';
import { NO_FILTERING, type FilterExtension } from '../src/pipeline/extension.ts';
import { startProxyServer, type ProxyServerConfig, type RunningProxy } from '../src/server/proxy-server.ts';

/**
 * The whole chain for tests and the benchmark, all real: the WB emulator (portal included), PostgreSQL,
 * Redis, the admin API serving the internal API on a port, and the proxy pointed at the emulator through
 * WB_UPSTREAM_OVERRIDE. One account holds the emulator's portal session; users: a manager with that
 * account current, a manager without an account, an analyst (no `proxy.access`), an admin.
 */
export interface Stack {
  tdb: TestDatabase;
  bootstrap: Database;
  emu: RunningEmulator;
  api: ApiInstance;
  admin: RunningServer;
  proxy: RunningProxy;
  coordinator: Coordinator;
  accountId: number;
  config: ReturnType<typeof testConfig>;
  logs: string[];
  /** `jc_access`/`jc_refresh` cookies of a logged-in user, as the browser sends them. */
  login(email: string): Promise<string>;
  /** Another proxy on the same deployment, with all upstream traffic sent to `override`. */
  proxyTo(override: string): Promise<RunningProxy>;
  /** A request to the proxy as a browser would send it to a public host. */
  get(publicHost: string, target: string, options?: ProxyRequestOptions): Promise<ProxyResponse>;
  close(): Promise<void>;
}

export interface ProxyRequestOptions {
  method?: string;
  cookie?: string;
  headers?: Record<string, string>;
  body?: string;
  /** Another proxy's base URL (default: the stack's). */
  via?: string;
}

export interface ProxyResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  setCookies: string[];
}

export const APP_DOMAIN = 'joycity.test';
export const PASSWORD = 'correct horse battery';

export async function startStack(
  options: {
    emulator?: StartEmulatorOptions;
    proxyConfig?: Partial<ProxyServerConfig>;
    /**
     * The proxy's filter: `'nm'` = the production nmId filter (what `startProxyServer` uses by default);
     * default here: `NO_FILTERING`, for tests of the transport alone.
     */
    filter?: FilterExtension<unknown> | 'nm';
    proxyPort?: number;
    /** Proxy log level (default info, captured in `logs`). */
    logLevel?: 'info' | 'warn';
  } = {},
): Promise<Stack> {
  const { tdb, bootstrap, namespace } = await setupDatabase();
  const emu = await startEmulator({ seed: 7, accounts: 2, days: 10, cards: 20, ...options.emulator });
  const config = testConfig();
  const api = await startInstance({ tdb, config, kind: 'redis', namespace });
  const admin = await api.listen();
  const adminBrowser = new Browser(api.app);
  await makeUser(bootstrap, { email: 'admin@example.com', roles: ['ADMIN'] });
  await adminBrowser.login('admin@example.com');
  const wb = emu.emulator.accounts()[0]!;
  const created = await adminBrowser.request('POST', '/api/accounts', {
    json: {
      name: wb.name,
      inn: wb.tin,
      apiKey: wb.keys.personal!.token,
      portalSession: {
        cookies: { ...wb.portal.cookies, ...wb.portal.refreshCookie },
        authorizev3: wb.portal.authorizev3,
      },
    },
  });
  if (created.status !== 201 && created.status !== 200) {
    throw new Error(`account creation failed: ${created.status} ${await created.text()}`);
  }
  const accountId = (await body<{ account: { id: number } }>(created)).account.id;
  await makeUser(bootstrap, { email: 'manager@example.com', roles: ['MANAGER'], accountId });
  await makeUser(bootstrap, { email: 'lonely@example.com', roles: ['MANAGER'] });
  await makeUser(bootstrap, { email: 'analyst@example.com', roles: ['ANALYST'], accountId });

  const logs: string[] = [];
  const logger = createLogger({
    service: 'proxy',
    level: options.logLevel ?? 'info',
    destination: new Writable({
      write(chunk: Buffer, _enc, done) {
        logs.push(chunk.toString('utf8'));
        done();
      },
    }),
  });
  const coordinator = await openCoordinator('redis', tdb, namespace);
  const cacheDir = mkdtempSync(path.join(tmpdir(), 'proxy-cache-'));
  const port = options.proxyPort ?? 8080;
  const proxyConfig = (override: string): ProxyServerConfig => ({
    NODE_ENV: 'test',
    APP_DOMAIN,
    PUBLIC_SCHEME: 'http',
    PROXY_PORT: port,
    ADMIN_PORT: 3000,
    TRUSTED_PROXY_HOPS: 0,
    APP_ENCRYPTION_KEY: config.APP_ENCRYPTION_KEY,
    INTERNAL_API_SECRET: config.INTERNAL_API_SECRET,
    JWT_ACCESS_SECRET: config.JWT_ACCESS_SECRET,
    PROXY_UPSTREAM_CONNECT_TIMEOUT_MS: 2_000,
    PROXY_UPSTREAM_HEADERS_TIMEOUT_MS: 3_000,
    PROXY_UPSTREAM_BODY_TIMEOUT_MS: 3_000,
    PROXY_MAX_BUFFERED_BYTES: 64 * 1024 * 1024,
    PROXY_CACHE_MAX_BYTES: 64 * 1024 * 1024,
    PROXY_SESSION_CACHE_MS: 30_000,
    adminInternalUrl: admin.url,
    cacheDir,
    ...options.proxyConfig,
    WB_UPSTREAM_OVERRIDE: override,
  });
  const proxyDb = tdb.connect('app');
  const extra: RunningProxy[] = [];
  const proxy = await startProxyServer(
    {
      config: proxyConfig(options.proxyConfig?.WB_UPSTREAM_OVERRIDE ?? emu.url),
      db: proxyDb,
      coordinator,
      logger,
      ...(options.filter === 'nm' ? {} : { filter: options.filter ?? NO_FILTERING }),
    },
    { port: options.proxyPort ?? 0, hostname: '127.0.0.1' },
  );

  const publicPort = options.proxyConfig?.PROXY_PUBLIC_PORT ?? port;
  return {
    tdb,
    bootstrap,
    emu,
    api,
    admin,
    proxy,
    coordinator,
    accountId,
    config,
    logs,
    async login(email) {
      const browser = new Browser(api.app);
      const res = await browser.login(email, PASSWORD);
      if (res.status !== 200) throw new Error(`login of ${email} failed: ${res.status}`);
      return [...browser.jar]
        .filter(([name]) => name === 'jc_access' || name === 'jc_refresh')
        .map(([k, v]) => `${k}=${v}`)
        .join('; ');
    },
    async get(publicHost, target, o = {}) {
      const res = await request(`${o.via ?? proxy.url}${target}`, {
        method: (o.method ?? 'GET') as 'GET',
        headers: {
          host: `${publicHost}:${publicPort}`,
          ...(o.cookie ? { cookie: o.cookie } : {}),
          ...o.headers,
        },
        ...(o.body !== undefined ? { body: o.body } : {}),
      });
      const raw = res.headers['set-cookie'];
      return {
        status: res.statusCode,
        headers: res.headers,
        text: await res.body.text(),
        setCookies: raw === undefined ? [] : Array.isArray(raw) ? raw : [raw],
      };
    },
    async proxyTo(override) {
      const other = await startProxyServer(
        {
          config: proxyConfig(override),
          db: proxyDb,
          coordinator,
          logger,
          ...(options.filter === 'nm' ? {} : { filter: options.filter ?? NO_FILTERING }),
        },
        { port: 0, hostname: '127.0.0.1' },
      );
      extra.push(other);
      return other;
    },
    async close() {
      await Promise.all(extra.map((p) => p.close(500)));
      await proxy.close(1_000);
      await coordinator.close();
      await api.close();
      await emu.close();
      await tdb.drop();
      rmSync(cacheDir, { recursive: true, force: true });
    },
  };
}

/** The public host for a WB host in tests. */
export const pub = (label?: string) =>
  label ? `${label}.wb-seller.${APP_DOMAIN}` : `wb-seller.${APP_DOMAIN}`;
