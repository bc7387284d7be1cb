import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createUser, grantRoles, type Database } from '@joycity/db';
import { hashPassword } from '@joycity/shared/crypto';
import type { AccountCredentials } from '@joycity/wb-emulator';

export const ADMIN_DIR = path.resolve(import.meta.dirname, '../../admin');

export interface AdminSecrets {
  APP_ENCRYPTION_KEY: string;
  INTERNAL_API_SECRET: string;
  JWT_ACCESS_SECRET: string;
  JWT_REFRESH_SECRET: string;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/**
 * The real admin process (API + the Next.js production build, `npm start`'s way) for browser tests, with
 * secrets the test shares with the proxy it runs in-process.
 */
export async function startAdminProcess(options: {
  databaseUrl: string;
  appDomain: string;
  secrets: AdminSecrets;
  proxyPort: number;
  proxyInternalUrl: string;
  /** Where the admin's own WB calls (the API key check) go: the emulator. */
  wbUpstreamOverride?: string;
}): Promise<{ origin: string; port: number; url: string; logs: string[]; stop(): Promise<void> }> {
  const port = await freePort();
  const dataDir = await mkdtemp(path.join(tmpdir(), 'joycity-proxy-e2e-admin-'));
  const logs: string[] = [];
  const child: ChildProcess = spawn(process.execPath, [path.join(ADMIN_DIR, 'src/main.ts')], {
    cwd: ADMIN_DIR,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      DATABASE_URL: options.databaseUrl,
      DATA_DIR: dataDir,
      APP_DOMAIN: options.appDomain,
      ADMIN_PORT: String(port),
      PROXY_PORT: String(options.proxyPort),
      ADMIN_HOST: '127.0.0.1',
      PROXY_INTERNAL_URL: options.proxyInternalUrl,
      ...(options.wbUpstreamOverride ? { WB_UPSTREAM_OVERRIDE: options.wbUpstreamOverride } : {}),
      ...options.secrets,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d: Buffer) => logs.push(d.toString()));
  child.stderr!.on('data', (d: Buffer) => logs.push(d.toString()));
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`admin exited during start-up:\n${logs.join('')}`);
    const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) throw new Error(`admin did not start:\n${logs.join('')}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    origin: `http://admin.${options.appDomain}:${port}`,
    port,
    url: `http://127.0.0.1:${port}`,
    logs,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * What an administrator does before a manager can work: signs in at the admin API (CSRF cookie, login) and
 * adds the legal entity with its API key and WB portal session, which the admin checks live (the key with
 * WB, the session through the proxy). Returns the new account's id; throws with the API's answer otherwise.
 */
export async function createAccountAsAdmin(options: {
  admin: { origin: string; url: string; port: number };
  appDomain: string;
  bootstrap: Database;
  password: string;
  account: AccountCredentials;
}): Promise<number> {
  const { admin, appDomain, bootstrap, password, account } = options;
  const adminUser = await createUser(bootstrap, {
    email: 'admin@example.com',
    name: 'Admin',
    password_hash: await hashPassword(password),
    current_account_id: null,
  });
  await grantRoles(bootstrap, adminUser.id, ['ADMIN']);
  const jar = new Map<string, string>();
  const call = async (method: string, p: string, json?: unknown) => {
    const headers: Record<string, string> = {
      cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; '),
      origin: admin.origin,
    };
    if (jar.has('jc_csrf')) headers['x-csrf-token'] = jar.get('jc_csrf')!;
    if (json !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${admin.url}${p}`, {
      method,
      headers: { ...headers, host: `admin.${appDomain}:${admin.port}` },
      ...(json !== undefined ? { body: JSON.stringify(json) } : {}),
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      jar.set(pair!.slice(0, eq), pair!.slice(eq + 1));
    }
    return res;
  };
  await call('GET', '/api/auth/csrf');
  const login = await call('POST', '/api/auth/login', { email: 'admin@example.com', password });
  if (login.status !== 200) throw new Error(`admin login answered ${login.status}: ${await login.text()}`);
  const created = await call('POST', '/api/accounts', {
    name: account.name,
    inn: account.tin,
    apiKey: account.keys.personal!.token,
    portalSession: {
      cookies: { ...account.portal.cookies, ...account.portal.refreshCookie },
      authorizev3: account.portal.authorizev3,
    },
  });
  const body = await created.text();
  if (created.status !== 201) throw new Error(`POST /api/accounts answered ${created.status}: ${body}`);
  return (JSON.parse(body) as { account: { id: number } }).account.id;
}
