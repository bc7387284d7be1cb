import { createDb } from '@joycity/db';
import { createTestDatabase, type TestDatabase } from '@joycity/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProxyApp } from './app.ts';

let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await createTestDatabase();
});
afterAll(() => tdb.drop());

describe('proxy health', () => {
  it('answers 200 when the database answers', async () => {
    const res = await createProxyApp({ db: tdb.connect() }).request('/healthz');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok', service: 'proxy', checks: { database: 'ok' } });
  });

  it('answers 503 naming the failing check when the database is unreachable', async () => {
    const db = createDb({ connectionString: 'postgres://nobody@127.0.0.1:1/none' });
    const res = await createProxyApp({ db }).request('/healthz');
    expect(res.status).toBe(503);
    const body = (await res.json()) as { status: string; checks: Record<string, string> };
    expect(body.status).toBe('unhealthy');
    expect(body.checks.database).toMatch(/ECONNREFUSED|connect/);
    await db.destroy();
  });
});
