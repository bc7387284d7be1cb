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

type ErrorBody = { error: { code: string } };
type SessionList = {
  items: Array<{ id: string; current: boolean; device: string | null; ip: string | null }>;
};

let tdb: TestDatabase;
let bootstrap: Database;
let namespace: string;
beforeAll(async () => {
  ({ tdb, bootstrap, namespace } = await setupDatabase());
  await makeUser(bootstrap, { email: 'anna@example.com', roles: ['MANAGER'] });
  await makeUser(bootstrap, { email: 'boris@example.com', roles: ['MANAGER'] });
  await makeUser(bootstrap, { email: 'support@example.com', roles: ['SUPPORT'] });
});
afterAll(() => tdb.drop());

// Every test runs against two replicas (A and B) sharing the database and pub/sub, once over Redis and once
// over the PostgreSQL fallback.
describe.each(COORDINATORS)('sessions across replicas, coordinated by %s', (kind) => {
  let a: ApiInstance;
  let b: ApiInstance;

  beforeAll(async () => {
    const config = testConfig();
    const ns = `${namespace}-${kind}`;
    a = await startInstance({ tdb, config, kind, namespace: ns, refreshGraceMs: 300 });
    b = await startInstance({ tdb, config, kind, namespace: ns, refreshGraceMs: 300 });
  });
  afterAll(async () => {
    await a.close();
    await b.close();
  });

  it('lists your sessions with device, address and which one is current', async () => {
    const laptop = new Browser(a.app);
    const phone = new Browser(a.app);
    phone.userAgent =
      'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) Version/18.0 Mobile/15E148 Safari/604.1';
    await laptop.login('anna@example.com');
    await phone.login('anna@example.com');
    const list = await body<SessionList>(await laptop.request('GET', '/api/sessions'));
    const current = list.items.filter((s) => s.current);
    expect(current).toHaveLength(1);
    expect(current[0]!.ip).toBe(laptop.ip);
    expect(list.items.map((s) => s.device)).toEqual(
      expect.arrayContaining(['Chrome 141 on Linux', 'Safari 18 on iOS']),
    );
  });

  it('refuses a revoked session on its very next request, on the other replica too', async () => {
    const laptop = new Browser(a.app);
    await laptop.login('anna@example.com');
    const onB = laptop.useOn(b.app);
    // B has now cached "this session stands"; only the pub/sub message can change its mind in time.
    expect((await onB.request('GET', '/api/auth/me')).status).toBe(200);
    const { sessionId } = await body<{ sessionId: string }>(await laptop.request('GET', '/api/auth/me'));
    const refreshCookie = laptop.jar.get('jc_refresh')!;

    const phone = new Browser(a.app);
    await phone.login('anna@example.com');
    expect((await phone.request('DELETE', `/api/sessions/${sessionId}`)).status).toBe(204);

    const refused = await onB.request('GET', '/api/auth/me');
    expect(refused.status).toBe(401);
    expect((await body<ErrorBody>(refused)).error.code).toBe('SESSION_REVOKED');
    expect((await laptop.request('GET', '/api/auth/me')).status).toBe(401);
    // The refresh cookie cannot bring it back either.
    const again = new Browser(b.app);
    again.jar.set('jc_refresh', refreshCookie);
    expect((await body<ErrorBody>(await again.request('GET', '/api/auth/me'))).error.code).toBe(
      'REFRESH_INVALID',
    );
    const audit = await a.db
      .selectFrom('audit_log')
      .select(['action', 'target_id'])
      .where('action', '=', 'session.revoked')
      .where('target_id', '=', sessionId)
      .execute();
    expect(audit).toHaveLength(1);
  });

  it("hides other users' sessions unless you may revoke any, and then lets you", async () => {
    const anna = new Browser(a.app);
    await anna.login('anna@example.com');
    const { sessionId, user } = await body<{ sessionId: string; user: { id: string } }>(
      await anna.request('GET', '/api/auth/me'),
    );
    const boris = new Browser(b.app);
    await boris.login('boris@example.com');
    expect((await boris.request('DELETE', `/api/sessions/${sessionId}`)).status).toBe(404);
    expect((await boris.request('GET', `/api/sessions?userId=${user.id}`)).status).toBe(403);
    expect((await anna.request('GET', '/api/auth/me')).status).toBe(200);

    const support = new Browser(b.app);
    await support.login('support@example.com');
    const theirs = await body<SessionList>(await support.request('GET', `/api/sessions?userId=${user.id}`));
    expect(theirs.items.map((s) => s.id)).toContain(sessionId);
    expect((await support.request('DELETE', `/api/sessions/${sessionId}`)).status).toBe(204);
    // Anna is on the other replica: the revocation reaches it through pub/sub, milliseconds later (under CI
    // load, possibly after the DELETE has returned), so her next request after it arrives is refused.
    await expect.poll(async () => (await anna.request('GET', '/api/auth/me')).status).toBe(401);
  });

  it('ends all other sessions at once', async () => {
    const devices = [new Browser(a.app), new Browser(b.app), new Browser(a.app)];
    for (const d of devices) await d.login('boris@example.com');
    const res = await devices[0]!.request('POST', '/api/sessions/revoke-others');
    expect((await body<{ revoked: number }>(res)).revoked).toBeGreaterThanOrEqual(2);
    expect((await devices[0]!.request('GET', '/api/auth/me')).status).toBe(200);
    // devices[1] is on replica b, which hears of the revocation through pub/sub.
    await expect.poll(async () => (await devices[1]!.request('GET', '/api/auth/me')).status).toBe(401);
    await expect
      .poll(async () => (await devices[2]!.useOn(b.app).request('GET', '/api/auth/me')).status)
      .toBe(401);
  });

  it('refreshes single-flight across replicas: both get the same new pair, nothing is revoked', async () => {
    const browser = new Browser(a.app);
    await browser.login('anna@example.com');
    browser.jar.delete('jc_access');
    const [onA, onB] = await Promise.all([
      browser.useOn(a.app).request('POST', '/api/auth/refresh'),
      browser.useOn(b.app).request('POST', '/api/auth/refresh'),
    ]);
    expect([onA.status, onB.status]).toEqual([200, 200]);
    const refreshOf = (r: Response) => r.headers.getSetCookie().find((c) => c.startsWith('jc_refresh='));
    expect(refreshOf(onA)).toBe(refreshOf(onB));
    browser.store(onA);
    expect((await browser.request('GET', '/api/auth/me')).status).toBe(200);
  });

  it('detects reuse of a spent refresh token on the other replica and revokes the family', async () => {
    const browser = new Browser(a.app);
    await browser.login('anna@example.com');
    const spent = browser.jar.get('jc_refresh')!;
    expect((await browser.request('POST', '/api/auth/refresh')).status).toBe(200);
    await new Promise((r) => setTimeout(r, 400));
    const thief = new Browser(b.app);
    thief.jar.set('jc_refresh', spent);
    thief.jar.set('jc_csrf', browser.jar.get('jc_csrf')!);
    const res = await thief.request('POST', '/api/auth/refresh');
    expect((await body<ErrorBody>(res)).error.code).toBe('REFRESH_REUSED');
    expect((await body<ErrorBody>(await browser.request('GET', '/api/auth/me'))).error.code).toBe(
      'SESSION_REVOKED',
    );
  });
});
