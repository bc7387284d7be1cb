import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

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
