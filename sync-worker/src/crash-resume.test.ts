import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { sql } from '@joycity/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createSyncFixture,
  expectEqualsTruth,
  TEST_TIME_SCALE,
  type SyncFixture,
} from './testing/sync-fixture.ts';

const ENTRY = fileURLToPath(new URL('./sync-once-main.ts', import.meta.url));

let fx: SyncFixture;
beforeAll(async () => {
  fx = await createSyncFixture({ seed: 5, accounts: 1, days: 20, cards: 30, volume: 3 });
});
afterAll(() => fx.close());

/** Runs a pass in a child process; kills it with SIGKILL `killAfterMs` after its first pass began (if still running). */
async function runChild(
  n: number,
  killAfterMs?: number,
): Promise<{ code: number | null; killed: boolean; out: string }> {
  const child = spawn(process.execPath, [ENTRY, '--account', String(fx.accountIds[0])], {
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      DATABASE_URL: fx.tdb.url,
      APP_ENCRYPTION_KEY: fx.encryptionKey,
      WB_UPSTREAM_OVERRIDE: fx.emu.url,
      WB_TIME_SCALE: String(TEST_TIME_SCALE),
      SYNC_WORKER_ID: `child-${n}`,
      SYNC_LEASE_SECONDS: '0.5',
      SYNC_BATCH_ROWS: '20',
      SYNC_FINANCE_PAGE_ROWS: '25',
      SYNC_STOCKS_PAGE_ROWS: '10',
      SYNC_CARDS_PAGE_ROWS: '2',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  let killed = false;
  let exited = false;
  let timer: NodeJS.Timeout | undefined;
  const done = new Promise<{ code: number | null; killed: boolean; out: string }>((resolve) =>
    child.on('exit', (code) => {
      exited = true;
      clearTimeout(timer);
      resolve({ code, killed, out });
    }),
  );
  if (killAfterMs !== undefined) {
    // The clock starts when the child's first pass has begun (a loaded machine can take seconds to start
    // node), so every kill lands inside a pass.
    const worker = `child-${n}`;
    for (;;) {
      if (exited) break;
      const started = await sql`SELECT 1 FROM sync_runs WHERE worker_id = ${worker} LIMIT 1`.execute(fx.db);
      if (started.rows.length > 0) {
        timer = setTimeout(() => {
          killed = child.kill('SIGKILL');
        }, killAfterMs);
        break;
      }
      await sleep(20);
    }
  }
  return done;
}

describe('crash and resume', () => {
  it('SIGKILLed 20 times at random points, restarted each time: the tables end equal to the truth', async () => {
    // A seeded generator: the kill points are random but the same on every run of the test.
    let state = 20261122;
    const random = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    // Every WB answer takes 25 ms more and pages are tiny, so a pass spans hundreds of page commits.
    await fx.emu.control.addFault({ host: '*', path: '/api', kind: 'latency', latencyMs: 30 });
    await fx.emu.control.addFault({ host: '*', path: '/content', kind: 'latency', latencyMs: 30 });
    let kills = 0;
    for (let i = 0; kills < 20 && i < 40; i++) {
      const r = await runChild(i, 50 + Math.floor(random() * 1000));
      if (r.killed) kills++;
      await sleep(150);
    }
    expect(kills).toBe(20);
    // Restart until a pass completes every dataset (the last kill's leases expire first).
    let done = false;
    for (let i = 0; i < 10 && !done; i++) {
      const r = await runChild(100 + i);
      done = r.code === 0;
      if (!done) await sleep(600);
    }
    expect(done).toBe(true);
    await expectEqualsTruth(fx, fx.accountIds[0]!, 1);

    const runs = await sql<{
      status: string;
      n: string;
    }>`SELECT status, count(*) AS n FROM sync_runs GROUP BY status`.execute(fx.db);
    const byStatus = Object.fromEntries(runs.rows.map((r) => [r.status, Number(r.n)]));
    expect(byStatus.aborted).toBeGreaterThan(0); // killed runs, closed by the next claimant
  }, 180_000);
});
