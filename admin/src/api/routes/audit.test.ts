import type { Database } from '@joycity/db';
import type { TestDatabase } from '@joycity/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Browser,
  body,
  makeUser,
  setupDatabase,
  startInstance,
  testConfig,
  type ApiInstance,
} from '../../../test/harness.ts';

type Page = {
  items: Array<{
    id: number;
    action: string;
    outcome: string;
    actorEmail: string | null;
    details: Record<string, unknown>;
  }>;
  nextCursor: number | null;
};

let tdb: TestDatabase;
let bootstrap: Database;
let api: ApiInstance;
beforeAll(async () => {
  const setup = await setupDatabase();
  ({ tdb, bootstrap } = setup);
  api = await startInstance({ tdb, config: testConfig(), kind: 'postgres', namespace: setup.namespace });
  await makeUser(bootstrap, { email: 'admin@example.com', roles: ['ADMIN'] });
  await makeUser(bootstrap, { email: 'auditor@example.com', roles: ['AUDITOR'] });
  await makeUser(bootstrap, { email: 'manager@example.com', roles: ['MANAGER'] });
  // Some history: failures, successes, a revocation.
  const someone = new Browser(api.app);
  for (let i = 0; i < 3; i++) await someone.login('manager@example.com', `wrong-${i}`);
  await someone.login('manager@example.com');
  await someone.request('POST', '/api/auth/logout');
});
afterAll(async () => {
  await api.close();
  await tdb.drop();
});

describe('GET /api/audit', () => {
  it('is readable by ADMIN and AUDITOR, not by others', async () => {
    for (const email of ['admin@example.com', 'auditor@example.com']) {
      const browser = new Browser(api.app);
      await browser.login(email);
      expect((await browser.request('GET', '/api/audit')).status).toBe(200);
    }
    const manager = new Browser(api.app);
    await manager.login('manager@example.com');
    expect((await manager.request('GET', '/api/audit')).status).toBe(403);
  });

  it('filters by action, outcome and actor, and pages without gaps or repeats', async () => {
    const auditor = new Browser(api.app);
    await auditor.login('auditor@example.com');
    const failures = await body<Page>(
      await auditor.request(
        'GET',
        '/api/audit?action=auth.login&outcome=failure&actorEmail=manager@example.com',
      ),
    );
    expect(failures.items).toHaveLength(3);
    expect(
      failures.items.every((e) => e.outcome === 'failure' && e.details.reason === 'wrong_password'),
    ).toBe(true);
    expect(JSON.stringify(failures)).not.toContain('wrong-');

    const auth = await body<Page>(await auditor.request('GET', '/api/audit?actionPrefix=auth.&limit=100'));
    expect(auth.items.map((e) => e.action)).toContain('auth.logout');
    expect(auth.items.every((e) => e.action.startsWith('auth.'))).toBe(true);

    const seen: number[] = [];
    let cursor: number | null = null;
    do {
      const page: Page = await body<Page>(
        await auditor.request('GET', `/api/audit?limit=2${cursor ? `&before=${cursor}` : ''}`),
      );
      seen.push(...page.items.map((e) => e.id));
      cursor = page.nextCursor;
    } while (cursor);
    const all = await api.db.selectFrom('audit_log').select('id').orderBy('id', 'desc').execute();
    expect(seen).toEqual(all.map((r) => r.id).filter((id) => id <= seen[0]!));

    const bad = await auditor.request('GET', '/api/audit?outcome=maybe&limit=9999');
    expect(bad.status).toBe(400);
  });
});
