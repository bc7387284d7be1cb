import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import S3rver from 's3rver';
import { ADMIN_DIR } from '../../src/server/ui-build.ts';

export const DOMAIN = 'joycity.test';
export const ARTIFACTS = path.resolve(
  process.env.TEST_ARTIFACTS_DIR ?? path.join(ADMIN_DIR, 'artifacts'),
  'e2e',
);

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface AdminServer {
  origin: string;
  port: number;
  logs: string[];
  stop(): Promise<void>;
}

/**
 * Runs the real admin process (src/main.ts: API + Next.js production build) against a test database, with
 * avatars in s3rver standing in for S3. The origin is http://admin.joycity.test:<port>; Chromium maps the
 * name to 127.0.0.1.
 */
export async function startAdmin(
  databaseUrl: string,
  options: { wbUpstream?: string } = {},
): Promise<AdminServer> {
  const port = await freePort();
  const dataDir = await mkdtemp(path.join(tmpdir(), 'joycity-admin-e2e-'));
  const s3dir = path.join(dataDir, 's3');
  await mkdir(s3dir);
  const s3 = new S3rver({
    port: 0,
    address: '127.0.0.1',
    silent: true,
    directory: s3dir,
    configureBuckets: [{ name: 'avatars', configs: [] }],
  });
  const s3address = (await s3.run()) as { port: number };
  const logs: string[] = [];
  const child: ChildProcess = spawn(process.execPath, [path.join(ADMIN_DIR, 'src/main.ts')], {
    cwd: ADMIN_DIR,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      DATABASE_URL: databaseUrl,
      // No REDIS_URL: the PostgreSQL coordination fallback keeps this run's pub/sub and rate limits in its own
      // database, apart from everyone else on the machine.
      DATA_DIR: dataDir,
      APP_DOMAIN: DOMAIN,
      ADMIN_PORT: String(port),
      ADMIN_HOST: '127.0.0.1',
      APP_ENCRYPTION_KEY: `e2e:${randomBytes(32).toString('base64')}`,
      INTERNAL_API_SECRET: randomBytes(32).toString('base64url'),
      JWT_ACCESS_SECRET: randomBytes(48).toString('base64url'),
      JWT_REFRESH_SECRET: randomBytes(48).toString('base64url'),
      S3_ENDPOINT: `http://127.0.0.1:${s3address.port}`,
      S3_BUCKET: 'avatars',
      S3_ACCESS_KEY_ID: 'S3RVER',
      S3_SECRET_ACCESS_KEY: 'S3RVER',
      // The live API-key check (/ping) goes to wb-emulator, never to WB.
      ...(options.wbUpstream ? { WB_UPSTREAM_OVERRIDE: options.wbUpstream } : {}),
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
    origin: `http://admin.${DOMAIN}:${port}`,
    port,
    logs,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      await s3.close();
    },
  };
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      `--host-resolver-rules=MAP *.${DOMAIN} 127.0.0.1`,
    ],
  });
}

/** A 24-bit BMP of the given size (a colour gradient): a "photo" to upload without an image library. */
export function bmp(width: number, height: number): Buffer {
  const rowSize = Math.ceil((width * 3) / 4) * 4;
  const size = 54 + rowSize * height;
  const b = Buffer.alloc(size);
  b.write('BM', 0);
  b.writeUInt32LE(size, 2);
  b.writeUInt32LE(54, 10);
  b.writeUInt32LE(40, 14);
  b.writeInt32LE(width, 18);
  b.writeInt32LE(height, 22);
  b.writeUInt16LE(1, 26);
  b.writeUInt16LE(24, 28);
  b.writeUInt32LE(rowSize * height, 34);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const o = 54 + y * rowSize + x * 3;
      b[o] = (x * 255) / width;
      b[o + 1] = (y * 255) / height;
      b[o + 2] = 160;
    }
  }
  return b;
}
