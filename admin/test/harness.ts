import { randomBytes, randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { createUser, grantRoles, type Database, type RoleCode } from '@joycity/db';
import { createTestDatabase, type TestDatabase } from '@joycity/db/testing';
import {
  createPostgresCoordinator,
  createRedisCoordinator,
  type Coordinator,
} from '@joycity/shared/coordination';
import type { AccountValidators } from '@joycity/shared/credentials';
import { hashPassword } from '@joycity/shared/crypto';
import { startServer, type RunningServer } from '@joycity/shared/http';
import { createLogger } from '@joycity/shared/logger';
import { encodeApiKeyForTests } from '@joycity/shared/wb';
import { createApiApp, type ApiApp } from '../src/api/app.ts';
import type { LoginLimits } from '../src/api/auth/login-guard.ts';
import type { ApiConfig } from '../src/api/context.ts';
import type { AvatarStore } from '../src/api/storage/avatar-store.ts';

/**
 * Test harness for the API: real PostgreSQL (a database per test file), real Redis or the PostgreSQL
 * coordination fallback, a captured log, and a tiny cookie-keeping "browser".
 */

export type CoordinatorKind = 'redis' | 'postgres';
export const COORDINATORS: CoordinatorKind[] = ['redis', 'postgres'];
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

export function testConfig(): ApiConfig {
  return {
    NODE_ENV: 'test',
    APP_DOMAIN: 'joycity.test',
    PUBLIC_SCHEME: 'http',
    ADMIN_PORT: 3000,
    PROXY_PORT: 8080,
    APP_ENCRYPTION_KEY: [{ id: 'test1', key: randomBytes(32) }],
    INTERNAL_API_SECRET: randomBytes(32).toString('base64url'),
    JWT_ACCESS_SECRET: randomBytes(48).toString('base64url'),
    JWT_REFRESH_SECRET: randomBytes(48).toString('base64url'),
    TRUSTED_PROXY_HOPS: 1,
  };
}

export const ADMIN_ORIGIN = 'http://admin.joycity.test:3000';
export const PROXY_ORIGIN = 'http://wb-seller.joycity.test:8080';

export async function openCoordinator(kind: CoordinatorKind, tdb: TestDatabase, namespace: string) {
  return kind === 'redis'
    ? createRedisCoordinator({ url: REDIS_URL, namespace })
    : createPostgresCoordinator({ connectionString: tdb.url, namespace });
}

/** Collects every log line an instance writes. */
export function captureLogs() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { lines, logger: createLogger({ service: 'admin-test', level: 'debug', destination }) };
}

export interface ApiInstance {
  app: ApiApp;
  db: Database;
  coordinator: Coordinator;
  logs: string[];
  /** Serves the app over HTTP on a free port (for tests that need real sockets). */
  listen(): Promise<RunningServer>;
  close(): Promise<void>;
}

/**
 * One running API "replica". Instances made with the same `tdb`, `config` and `namespace` behave like
 * replicas of one deployment: same database, same secrets, same pub/sub.
 */
export async function startInstance(options: {
  tdb: TestDatabase;
  config: ApiConfig;
  kind: CoordinatorKind;
  namespace: string;
  loginLimits?: Partial<LoginLimits>;
  accountValidators?: AccountValidators;
  refreshGraceMs?: number;
  logger?: ReturnType<typeof captureLogs>;
  avatarStore?: AvatarStore;
}): Promise<ApiInstance> {
  const db = options.tdb.connect('app');
  const coordinator = await openCoordinator(options.kind, options.tdb, options.namespace);
  const { lines, logger } = options.logger ?? captureLogs();
  const app = createApiApp({
    db,
    coordinator,
    config: options.config,
    logger,
    ...(options.loginLimits ? { loginLimits: options.loginLimits } : {}),
    ...(options.accountValidators ? { accountValidators: options.accountValidators } : {}),
    ...(options.refreshGraceMs !== undefined ? { refreshGraceMs: options.refreshGraceMs } : {}),
    ...(options.avatarStore ? { avatarStore: options.avatarStore } : {}),
  });
  const servers: RunningServer[] = [];
  return {
    app,
    db,
    coordinator,
    logs: lines,
    async listen() {
      const server = await startServer({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
      servers.push(server);
      return server;
    },
    async close() {
      await Promise.all(servers.map((s) => s.close()));
      await coordinator.close();
    },
  };
}

export async function setupDatabase(): Promise<{
  tdb: TestDatabase;
  bootstrap: Database;
  namespace: string;
}> {
  const tdb = await createTestDatabase();
  return { tdb, bootstrap: tdb.connect('bootstrap'), namespace: `t${randomUUID().slice(0, 8)}` };
}

/** Creates a user directly (ADMIN included: `bootstrap` is the bootstrap role). */
export async function makeUser(
  bootstrap: Database,
  input: { email: string; password?: string; name?: string; roles: RoleCode[]; accountId?: number },
) {
  const user = await createUser(bootstrap, {
    email: input.email,
    name: input.name ?? input.email.split('@')[0]!,
    password_hash: await hashPassword(input.password ?? 'correct horse battery'),
    current_account_id: input.accountId ?? null,
  });
  await grantRoles(bootstrap, user.id, input.roles);
  return user;
}

type Fetcher = (request: Request) => Response | Promise<Response>;

/**
 * A minimal browser: keeps cookies from Set-Cookie (ignoring Domain, as every host here is one of ours),
 * sends them back, and sends `Origin` and the CSRF header the way the admin UI does, unless told otherwise.
 */
export class Browser {
  readonly jar = new Map<string, string>();
  readonly #fetch: Fetcher;
  readonly #base: string;
  origin: string | null;
  ip: string;
  userAgent =
    'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/141.0 Safari/537.36';

  constructor(target: ApiApp | string, options: { origin?: string | null; ip?: string } = {}) {
    this.#fetch = typeof target === 'string' ? (req) => fetch(req) : (req) => target.fetch(req);
    this.#base = typeof target === 'string' ? target : 'http://admin.joycity.test:3000';
    this.origin = options.origin === undefined ? ADMIN_ORIGIN : options.origin;
    this.ip = options.ip ?? `10.${randomInt()}.${randomInt()}.${randomInt()}`;
  }

  /** Another browser on the same target (e.g. another replica) holding a copy of these cookies. */
  useOn(target: ApiApp | string): Browser {
    const other = new Browser(target, { origin: this.origin, ip: this.ip });
    for (const [k, v] of this.jar) other.jar.set(k, v);
    return other;
  }

  cookieHeader(): string {
    return [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async request(
    method: string,
    path: string,
    options: {
      json?: unknown;
      body?: Uint8Array<ArrayBuffer>;
      headers?: Record<string, string>;
      csrf?: boolean | string;
      origin?: string | null;
    } = {},
  ): Promise<Response> {
    const headers = new Headers(options.headers);
    if (this.jar.size > 0 && !headers.has('cookie')) headers.set('cookie', this.cookieHeader());
    const origin = options.origin === undefined ? this.origin : options.origin;
    if (origin && !['GET', 'HEAD'].includes(method)) headers.set('origin', origin);
    const csrf = options.csrf ?? true;
    const csrfToken = typeof csrf === 'string' ? csrf : this.jar.get('jc_csrf');
    if (csrf && csrfToken && !headers.has('x-csrf-token')) headers.set('x-csrf-token', csrfToken);
    headers.set('x-forwarded-for', this.ip);
    headers.set('user-agent', this.userAgent);
    if (options.json !== undefined) headers.set('content-type', 'application/json');
    const response = await this.#fetch(
      new Request(`${this.#base}${path}`, {
        method,
        headers,
        ...(options.json !== undefined ? { body: JSON.stringify(options.json) } : {}),
        ...(options.body !== undefined ? { body: options.body } : {}),
      }),
    );
    this.store(response);
    return response;
  }

  store(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      if (/Max-Age=0/i.test(line) || value === '') this.jar.delete(name);
      else this.jar.set(name, value);
    }
  }

  /** Fetches an anonymous CSRF token first, as the login page does. */
  async login(email: string, password = 'correct horse battery'): Promise<Response> {
    if (!this.jar.has('jc_csrf')) await this.request('GET', '/api/auth/csrf');
    return this.request('POST', '/api/auth/login', { json: { email, password } });
  }
}

function randomInt() {
  return Math.floor(Math.random() * 250) + 1;
}

export async function body<T = Record<string, unknown>>(response: Response): Promise<T> {
  return (await response.json()) as T;
}

/** Expiry of the API keys {@link wbApiKey} makes: 90 days from now, in seconds. */
export const WB_KEY_EXPIRY = Math.floor(Date.now() / 1000) + 90 * 86_400;

/** A WB-API-key-shaped JWT for seller `sid` (content, statistics, finance; personal). */
export function wbApiKey(sid: string, extra: Record<string, unknown> = {}): string {
  return encodeApiKeyForTests({
    exp: WB_KEY_EXPIRY,
    id: randomUUID(),
    oid: 4_000_000 + Math.floor(Math.random() * 1_000_000),
    sid,
    s: 2 ** 1 + 2 ** 5 + 2 ** 13,
    acc: 3,
    t: false,
    ...extra,
  });
}

/** A portal session with unique, recognisable secret values. */
export function wbPortalSession() {
  return {
    cookies: {
      WBTokenV3: `wbtoken-${randomUUID()}`,
      'wbx-validation-key': `validation-${randomUUID()}`,
      'x-supplier-id-external': randomUUID(),
    },
    authorizev3: `authv3-${randomUUID()}`,
  };
}
