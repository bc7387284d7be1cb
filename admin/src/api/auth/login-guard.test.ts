import type { Database } from '@joycity/db';
import type { TestDatabase } from '@joycity/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Browser,
  body,
  COORDINATORS,
  makeUser,
  setupDatabase,
  startInstance,
  testConfig,
  type ApiInstance,
} from '../../../test/harness.ts';
import type { LoginLimits } from './login-guard.ts';

type ErrorBody = { error: { code: string; message: string; details?: { retryAfterSeconds: number } } };

let tdb: TestDatabase;
let bootstrap: Database;
let namespace: string;
beforeAll(async () => {
  ({ tdb, bootstrap, namespace } = await setupDatabase());
  for (const email of ['victim@example.com', 'other@example.com', 'ipvictim@example.com']) {
    await makeUser(bootstrap, { email, roles: ['MANAGER'] });
  }
});
afterAll(() => tdb.drop());

const LIMITS: Partial<LoginLimits> = {
  ipBucket: { capacity: 1_000, refillPerSecond: 1_000 },
  email: { freeFailures: 3, baseLockMs: 1_000, maxLockMs: 4_000 },
  ip: { freeFailures: 6, baseLockMs: 1_000, maxLockMs: 4_000 },
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.each(COORDINATORS)('brute-force protection over %s', (kind) => {
  let a: ApiInstance;
  let b: ApiInstance;
  const attempt = async (api: ApiInstance, email: string, password: string, ip: string) => {
    const browser = new Browser(api.app, { ip });
    return browser.login(email, password);
  };

  beforeAll(async () => {
    const config = testConfig();
    const ns = `${namespace}-${kind}`;
    a = await startInstance({ tdb, config, kind, namespace: ns, loginLimits: LIMITS });
    b = await startInstance({ tdb, config, kind, namespace: ns, loginLimits: LIMITS });
  });
  afterAll(async () => {
    await a.close();
    await b.close();
  });

  it('locks an email after repeated failures, on every replica, even against the right password', async () => {
    for (let i = 0; i < 3; i++) {
      const res = await attempt(i % 2 ? a : b, 'victim@example.com', `guess-${i}`, `10.1.0.${i + 1}`);
      expect((await body<ErrorBody>(res)).error.code).toBe('INVALID_CREDENTIALS');
    }
    const locked = await attempt(b, 'victim@example.com', 'correct horse battery', '10.1.0.9');
    expect(locked.status).toBe(429);
    const json = await body<ErrorBody>(locked);
    expect(json.error.code).toBe('LOGIN_LOCKED');
    expect(json.error.message).toMatch(/Too many failed sign-in attempts\. Try again in \d+ seconds\./);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(locked.headers.getSetCookie().some((c) => c.startsWith('jc_access'))).toBe(false);

    // Progressive: after the lock lapses, one more failure locks for twice as long.
    await sleep(1_100);
    await attempt(a, 'victim@example.com', 'guess-again', '10.1.0.10');
    const longer = await body<ErrorBody>(
      await attempt(a, 'victim@example.com', 'correct horse battery', '10.1.0.11'),
    );
    expect(longer.error.code).toBe('LOGIN_LOCKED');
    expect(longer.error.details!.retryAfterSeconds).toBe(2);

    // Once it lapses, the right password works and starts the count afresh.
    await sleep(2_100);
    expect((await attempt(b, 'victim@example.com', 'correct horse battery', '10.1.0.12')).status).toBe(200);
    for (let i = 0; i < 2; i++) await attempt(a, 'victim@example.com', `again-${i}`, '10.1.0.13');
    expect((await attempt(a, 'victim@example.com', 'correct horse battery', '10.1.0.14')).status).toBe(200);
  });

  it('locks unknown emails exactly like known ones, so the lock reveals nothing', async () => {
    const answers: Array<[number, string]> = [];
    for (const email of ['other@example.com', 'ghost@example.com']) {
      for (let i = 0; i < 3; i++) await attempt(a, email, `guess-${i}`, `10.2.${email.length}.${i + 1}`);
      const res = await attempt(b, email, 'correct horse battery', `10.2.${email.length}.9`);
      const json = await body<ErrorBody>(res);
      answers.push([res.status, `${json.error.code}|${json.error.message}`]);
    }
    expect(answers[0]).toEqual(answers[1]);
    expect(answers[0]![0]).toBe(429);
  });

  it('locks an address that keeps failing across many emails, and leaves other addresses alone', async () => {
    const ip = '10.3.0.1';
    for (let i = 0; i < 6; i++) {
      const res = await attempt(i % 2 ? a : b, `spray${i}@example.com`, 'password1', ip);
      expect(res.status).toBe(401);
    }
    const blocked = await attempt(a, 'ipvictim@example.com', 'correct horse battery', ip);
    expect(blocked.status).toBe(429);
    expect((await body<ErrorBody>(blocked)).error.code).toBe('LOGIN_RATE_LIMITED');
    expect((await attempt(b, 'ipvictim@example.com', 'correct horse battery', '10.3.0.2')).status).toBe(200);
  });

  it('caps the attempt rate per address with a token bucket', async () => {
    const tight = await startInstance({
      tdb,
      config: testConfig(),
      kind,
      namespace: `${namespace}-${kind}-bucket`,
      loginLimits: { ...LIMITS, ipBucket: { capacity: 3, refillPerSecond: 0.5 } },
    });
    const ip = '10.4.0.1';
    const statuses = [];
    for (let i = 0; i < 4; i++)
      statuses.push((await attempt(tight, 'other2@example.com', 'x'.repeat(10), ip)).status);
    expect(statuses).toEqual([401, 401, 401, 429]);
    const res = await attempt(tight, 'ipvictim@example.com', 'correct horse battery', ip);
    expect((await body<ErrorBody>(res)).error.code).toBe('LOGIN_RATE_LIMITED');
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    await tight.close();
  });
});
