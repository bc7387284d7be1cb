// `npm run emulator -- --port 9090 --seed 42`: a local Wildberries for the platform, tests and the demo.
import { parseArgs } from 'node:util';
import { createLogger } from '@joycity/shared/logger';
import { onShutdown } from '@joycity/shared/http';
import { startEmulator } from './start-emulator.ts';

const HELP = `Usage: npm run emulator -- [options]

  --port N          port (default EMULATOR_PORT or 9090; 0 = any free port)
  --host ADDR       interface (default 127.0.0.1)
  --seed N          data seed (default 42)
  --accounts N      legal entities (default 2)
  --days N          days of history (default 30)
  --cards N         cards per account (default 40)
  --volume X        row-volume multiplier (default 1)
  --now ISO         the emulator's "now" (default: the real time; given → frozen unless --running)
  --running         keep the clock running even with --now
  --time-scale X    rate-limit time scale (1000: a 1/min limit refills every 60 ms)
  --legacy on|off   switch the legacy statistics methods (default: by their switch-off dates)
  -h, --help

Control API: http://HOST:PORT/__emulator/ (accounts and keys: /__emulator/accounts).`;

function fail(message: string): never {
  console.error(`${message}\n\n${HELP}`);
  process.exit(2);
}

let args;
try {
  args = parseArgs({
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      seed: { type: 'string' },
      accounts: { type: 'string' },
      days: { type: 'string' },
      cards: { type: 'string' },
      volume: { type: 'string' },
      now: { type: 'string' },
      running: { type: 'boolean' },
      'time-scale': { type: 'string' },
      legacy: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  }).values;
} catch (err) {
  fail((err as Error).message);
}
if (args.help) {
  console.log(HELP);
  process.exit(0);
}

const num = (name: string, value: string | undefined, integer = true): number | undefined => {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || (integer && !Number.isInteger(n)))
    fail(`--${name} must be a${integer ? 'n integer' : ' number'}, got '${value}'`);
  return n;
};
if (args.legacy !== undefined && args.legacy !== 'on' && args.legacy !== 'off')
  fail(`--legacy must be on or off`);
if (args.now !== undefined && Number.isNaN(Date.parse(args.now)))
  fail(`--now must be an ISO date-time, got '${args.now}'`);

const logger = createLogger({
  service: 'wb-emulator',
  level: process.env.LOG_LEVEL === 'silent' ? 'silent' : 'info',
  pretty: process.env.NODE_ENV !== 'production',
});
const legacy = args.legacy;
const seed = num('seed', args.seed);
const accounts = num('accounts', args.accounts);
const days = num('days', args.days);
const cards = num('cards', args.cards);
const volume = num('volume', args.volume, false);
const timeScale = num('time-scale', args['time-scale'], false);
let running;
try {
  running = await startEmulator({
    port: num('port', args.port) ?? Number(process.env.EMULATOR_PORT ?? 9090),
    hostname: args.host ?? '127.0.0.1',
    ...(seed !== undefined ? { seed } : {}),
    ...(accounts !== undefined ? { accounts } : {}),
    ...(days !== undefined ? { days } : {}),
    ...(cards !== undefined ? { cards } : {}),
    ...(volume !== undefined ? { volume } : {}),
    ...(timeScale !== undefined ? { timeScale } : {}),
    ...(args.now !== undefined ? { now: args.now, frozen: !args.running } : {}),
    ...(legacy ? { legacy: { incomes: legacy, stocks: legacy, reportDetailByPeriod: legacy } } : {}),
    logger,
  });
} catch (err) {
  fail((err as Error).message);
}

const d = running.emulator.describe();
logger.info(
  {
    url: running.url,
    seed: d.seed,
    accounts: running.emulator.accounts().map((a) => ({ id: a.id, name: a.name, oid: a.oid })),
    days: d.days,
    now: d.now,
    timeScale: d.timeScale,
  },
  `wb-emulator listening on ${running.url} — keys and portal credentials: ${running.url}/__emulator/accounts`,
);
onShutdown(logger, () => running.close());
