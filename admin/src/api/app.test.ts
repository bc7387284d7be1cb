import { createDb } from '@joycity/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  captureLogs,
  setupDatabase,
  startInstance,
  testConfig,
  type ApiInstance,
} from '../../test/harness.ts';
import { createPostgresCoordinator } from '@joycity/shared/coordination';
import { createApiApp } from './app.ts';
import type { TestDatabase } from '@joycity/db/testing';

let tdb: TestDatabase;
let instance: ApiInstance;
const config = testConfig();
beforeAll(async () => {
  const setup = await setupDatabase();
  tdb = setup.tdb;
  instance = await startInstance({ tdb, config, kind: 'postgres', namespace: setup.namespace });
});
afterAll(async () => {
  await instance.close();
  await tdb.drop();
});

describe('admin-api health', () => {
  it('answers 200 when the database answers', async () => {
    const res = await instance.app.request('/api/healthz');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      status: 'ok',
      service: 'admin-api',
      checks: { database: 'ok' },
    });
  });

  it('answers 503 naming the failing check when the database is unreachable', async () => {
    const db = createDb({ connectionString: 'postgres://nobody@127.0.0.1:1/none' });
    const coordinator = await createPostgresCoordinator({ connectionString: tdb.url, namespace: 'health' });
    const app = createApiApp({ db, coordinator, config: testConfig(), logger: captureLogs().logger });
    const res = await app.request('/api/healthz');
    expect(res.status).toBe(503);
    const body = (await res.json()) as { status: string; checks: Record<string, string> };
    expect(body.status).toBe('unhealthy');
    expect(body.checks.database).toMatch(/ECONNREFUSED|connect/);
    await coordinator.close();
    await db.destroy();
  });

  it('refuses oversized bodies before reading them whole', async () => {
    const res = await instance.app.request('/api/internal/auth/refresh', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${config.INTERNAL_API_SECRET}` },
      body: JSON.stringify({ refreshToken: 'x'.repeat(2 * 1024 * 1024) }),
    });
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ error: { code: 'PAYLOAD_TOO_LARGE' } });
  });

  it('answers unknown routes with the error shape', async () => {
    const res = await instance.app.request('/api/nope');
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
  });
});
