import type { Logger } from 'pino';

/**
 * Runs `stop` once on SIGTERM or SIGINT, then exits. A second signal exits at once (an operator who presses
 * Ctrl-C twice means it). A stop that takes longer than `timeoutMs` is abandoned with exit code 1.
 *
 * @example
 * onShutdown(logger, async () => { await server.close(); await db.destroy(); });
 */
export function onShutdown(logger: Logger, stop: () => Promise<void>, timeoutMs = 15_000): void {
  let stopping = false;
  const handle = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const timer = setTimeout(() => {
      logger.error('shutdown timed out');
      process.exit(1);
    }, timeoutMs);
    timer.unref();
    stop().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', handle);
  process.on('SIGINT', handle);
  // Started by `npm start` with an IPC channel: if the launcher dies, so do we, cleanly.
  if (process.send) process.once('disconnect', () => handle('SIGTERM'));
}
