// `npm run demo`: the whole platform against a local Wildberries. Starts wb-emulator with demo data (2 legal
// entities, 90 days of history), seeds our database (the two accounts with the emulator's credentials, an
// administrator, 5 managers with this and last month's articles) and runs every service pointed at the
// emulator (WB_UPSTREAM_OVERRIDE). Its data lives in .data/demo, so running it again just carries on.
import path from 'node:path';
import { REPO_ROOT } from '@joycity/shared/config';
import { createLogger } from '@joycity/shared/logger';
import { startEmulator } from '@joycity/wb-emulator';
import { DEMO_MANAGER_PASSWORD } from './demo/demo-plan.ts';
import { seedDemo, type SeedDemoResult } from './demo/seed-demo.ts';
import { runPlatform, serviceLines } from './launcher/platform.ts';

const logger = createLogger({
  service: 'demo',
  level: process.env.LOG_LEVEL ?? 'info',
  pretty: process.env.NODE_ENV !== 'production',
});

const env: NodeJS.ProcessEnv = { ...process.env };
env.DATA_DIR ??= path.join(REPO_ROOT, '.data', 'demo');
// Its own embedded PostgreSQL, so the demo never touches `npm start`'s database.
env.EMBEDDED_PG_PORT ??= '54339';
const number = (name: string, fallback: number) => {
  const raw = env[name];
  const n = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isFinite(n) || n <= 0) {
    logger.error(`${name}: must be a positive number, got '${raw}'`);
    process.exit(2);
  }
  return n;
};
// Rate limits run this many times faster, in the emulator and in the sync worker alike: 90 days sync in minutes.
const timeScale = number('DEMO_TIME_SCALE', 60);

const emulator = await startEmulator({
  port: number('EMULATOR_PORT', 9090),
  hostname: '127.0.0.1',
  seed: number('DEMO_SEED', 42),
  accounts: 2,
  days: 90,
  cards: 40,
  timeScale,
  logger,
}).catch((err: unknown) => {
  logger.error(
    { err },
    `wb-emulator could not start: ${(err as Error).message} (set EMULATOR_PORT to a free port)`,
  );
  process.exit(1);
});
env.WB_UPSTREAM_OVERRIDE = emulator.url;
env.WB_TIME_SCALE = String(timeScale);
logger.info(`wb-emulator listening on ${emulator.url}`);

let seeded: SeedDemoResult | undefined;
await runPlatform({
  env,
  logger,
  beforeServices: async (_url, serviceEnv) => {
    seeded = await seedDemo({
      env: serviceEnv,
      accounts: emulator.emulator.accounts(),
      out: (line) => logger.info(line),
    });
  },
  onStop: () => emulator.close(),
  banner: (run) => {
    const domain = run.env.APP_DOMAIN ?? 'joycity.localhost';
    const adminPort =
      run.services.find((s) => s.definition.name === 'admin')?.port ?? Number(run.env.ADMIN_PORT ?? 3000);
    const proxyPort =
      run.services.find((s) => s.definition.name === 'proxy')?.port ?? Number(run.env.PROXY_PORT ?? 8080);
    const port = emulator.port;
    const plan = seeded?.plan;
    const accounts = seeded?.accounts ?? [];
    return [
      '',
      `JoyCity demo is running (data in ${run.env.DATA_DIR}; run it again any time, it keeps its data):`,
      ...serviceLines(run),
      `  ${'wb-emulator'.padEnd(12)} ${emulator.url}   (control API ${emulator.url}/__emulator/, credentials ${emulator.url}/__emulator/accounts)`,
      '',
      `Sign in to the admin at http://admin.${domain}:${adminPort}`,
      `  administrator  ${plan?.admin.email} / ${plan?.admin.password}`,
      `  managers       (password ${DEMO_MANAGER_PASSWORD})`,
      ...(plan?.managers ?? []).map((m) => {
        const account = accounts[m.account];
        const months = Object.entries(m.assignments)
          .map(([month, nm]) => `${nm.length} in ${month}`)
          .join(', ');
        return `    ${m.email.padEnd(28)} ${m.name.padEnd(18)} ${account?.name ?? ''} (account ${account?.id ?? '?'}): ${months}`;
      }),
      `Managers work in the WB portal through the proxy: http://wb-seller.${domain}:${proxyPort}`,
      '',
      'The emulated WB seller portal itself, in a browser that maps *.wildberries.ru, *.wbbasket.ru and *.wb.ru to',
      '127.0.0.1 (e.g. chromium --host-resolver-rules="MAP *.wildberries.ru 127.0.0.1, MAP *.wbbasket.ru 127.0.0.1, MAP *.wb.ru 127.0.0.1"):',
      `  http://seller.wildberries.ru:${port}/ — log in by phone and SMS code:`,
      ...accounts.map((a) => `    ${a.name.padEnd(24)} phone ${a.phone}, code ${a.smsCode}`),
      '',
      'Press Ctrl-C to stop.',
      '',
    ];
  },
});
