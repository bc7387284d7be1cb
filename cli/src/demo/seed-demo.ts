import { chmodSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createDb, findUserByEmail, listAccounts, listAssignedNmIds, type Database } from '@joycity/db';
import { dataDir } from '@joycity/shared/config';
import { createAccountService } from '@joycity/shared/credentials';
import { moscowMonthStart } from '@joycity/shared/time';
import type { AccountCredentials } from '@joycity/wb-emulator';
import { accountValidators } from '../account-validators.ts';
import { secretBoxFrom } from '../commands/secrets.ts';
import { runCli } from '../run-cli.ts';
import { demoPlan, type DemoPlan } from './demo-plan.ts';

/**
 * Seeds the demo database from a running emulator, through the same code paths as the CLI commands
 * (`account:create`, `admin:create`, `user:create`, `assign`). Idempotent: what exists is kept, portal
 * sessions and API keys are refreshed from the emulator (they are re-signed at every emulator start), and
 * missing assignments are added; running it twice changes nothing else.
 */

export interface SeedDemoInput {
  /** Must hold DATABASE_URL (and DATA_DIR / APP_ENCRYPTION_KEY as the services use them). */
  env: NodeJS.ProcessEnv;
  accounts: readonly AccountCredentials[];
  now?: Date;
  out?: (line: string) => void;
}

export interface SeededAccount {
  id: number;
  name: string;
  inn: string;
  phone: string;
  smsCode: string;
}

export interface SeedDemoResult {
  plan: DemoPlan;
  accounts: SeededAccount[];
  created: { accounts: number; users: number; assignments: number };
}

class SeedError extends Error {}

async function cli(env: NodeJS.ProcessEnv, argv: string[]): Promise<string> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, env, { out: (l) => out.push(l), err: (l) => err.push(l) });
  if (code !== 0) throw new SeedError(`${argv[0]} failed (exit ${code}): ${err.join(' ')}`);
  return out.join('\n');
}

function portalSession(a: AccountCredentials) {
  // wbx-refresh belongs to seller-auth.wildberries.ru only; the proxy keeps it for slide-v3.
  return { cookies: { ...a.portal.cookies, ...a.portal.refreshCookie }, authorizev3: a.portal.authorizev3 };
}

export async function seedDemo(input: SeedDemoInput): Promise<SeedDemoResult> {
  const { env } = input;
  const log = input.out ?? (() => undefined);
  if (!env.DATABASE_URL) throw new SeedError('seedDemo needs DATABASE_URL');
  const db: Database = createDb({
    connectionString: env.DATABASE_URL,
    role: 'app',
    max: 2,
    applicationName: 'joycity-demo-seed',
  });
  const secretsDir = path.join(dataDir(env), 'demo-seed');
  const created = { accounts: 0, users: 0, assignments: 0 };
  try {
    // Legal entities, with the emulator's API key and portal session.
    const service = createAccountService({ db, box: secretBoxFrom(env), validators: accountValidators(env) });
    const seeded: SeededAccount[] = [];
    for (const a of input.accounts) {
      const apiKey = a.keys.personal?.token;
      if (!apiKey) throw new SeedError(`emulator account ${a.id} has no personal API key`);
      const existing = (await listAccounts(db)).find((x) => x.inn === a.tin);
      let id: number;
      if (existing) {
        await service.replaceCredentials(
          existing.id,
          { apiKey, portalSession: portalSession(a) },
          { actor: { userId: null, email: null, via: 'cli' }, validate: false },
        );
        id = existing.id;
        log(`account ${id} "${a.name}": credentials refreshed from the emulator`);
      } else {
        mkdirSync(secretsDir, { recursive: true, mode: 0o700 });
        const keyFile = path.join(secretsDir, `account-${a.id}.key`);
        const sessionFile = path.join(secretsDir, `account-${a.id}.session.json`);
        try {
          writeFileSync(keyFile, apiKey, { mode: 0o600 });
          writeFileSync(sessionFile, JSON.stringify(portalSession(a)), { mode: 0o600 });
          chmodSync(keyFile, 0o600);
          await cli(env, [
            'account:create',
            '--name',
            a.name,
            '--inn',
            a.tin,
            '--api-key-file',
            keyFile,
            '--portal-session',
            sessionFile,
          ]);
        } finally {
          rmSync(keyFile, { force: true });
          rmSync(sessionFile, { force: true });
        }
        const row = (await listAccounts(db)).find((x) => x.inn === a.tin);
        if (!row) throw new SeedError(`account:create did not store "${a.name}"`);
        id = row.id;
        created.accounts++;
        log(`account ${id} "${a.name}" created`);
      }
      seeded.push({ id, name: a.name, inn: a.tin, phone: a.portal.phone, smsCode: a.portal.smsCode });
    }

    const current = moscowMonthStart(input.now ?? new Date()).slice(0, 7);
    const plan = demoPlan(
      input.accounts.map((a) => a.nmIds),
      current,
    );
    if (!(await findUserByEmail(db, plan.admin.email))) {
      await cli(env, [
        'admin:create',
        '--email',
        plan.admin.email,
        '--password',
        plan.admin.password,
        '--name',
        plan.admin.name,
      ]);
      created.users++;
      log(`administrator ${plan.admin.email} created`);
    }
    for (const m of plan.managers) {
      const accountId = (seeded[m.account] as SeededAccount).id;
      let user = await findUserByEmail(db, m.email);
      if (!user) {
        await cli(env, [
          'user:create',
          '--email',
          m.email,
          '--password',
          m.password,
          '--name',
          m.name,
          '--role',
          'MANAGER',
          '--account',
          String(accountId),
        ]);
        user = await findUserByEmail(db, m.email);
        created.users++;
        log(`manager ${m.email} created`);
      }
      if (!user) throw new SeedError(`user:create did not store ${m.email}`);
      for (const [month, nmIds] of Object.entries(m.assignments)) {
        const held = new Set(
          await listAssignedNmIds(db, { accountId, userId: user.id, month: `${month}-01` }),
        );
        const missing = nmIds.filter((nm) => !held.has(nm));
        if (missing.length === 0) continue;
        await cli(env, [
          'assign',
          '--email',
          m.email,
          '--month',
          month,
          '--nm',
          missing.join(','),
          '--account',
          String(accountId),
        ]);
        created.assignments += missing.length;
      }
    }
    return { plan, accounts: seeded, created };
  } finally {
    await db.destroy();
  }
}
