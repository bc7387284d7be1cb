// `npm start`: runs the whole platform on this machine. Without DATABASE_URL it starts the embedded
// PostgreSQL in .data/postgres; then it migrates and starts every service, and stops them all on Ctrl-C.
import { createLogger } from '@joycity/shared/logger';
import { runPlatform, serviceLines } from './launcher/platform.ts';

const logger = createLogger({
  service: 'launcher',
  level: process.env.LOG_LEVEL ?? 'info',
  pretty: process.env.NODE_ENV !== 'production',
});

await runPlatform({
  env: process.env,
  logger,
  banner: (run) => [
    '',
    'JoyCity Platform is running:',
    ...serviceLines(run),
    '',
    'Create the first administrator (in another terminal):',
    '  npm run cli -- admin:create --email admin@example.com --password "a-long-password" --name "Admin"',
    '',
    'Press Ctrl-C to stop.',
    '',
  ],
});
