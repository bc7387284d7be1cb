import { pino, type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import { scrubObject, scrubText } from './scrub.ts';

export type { Logger } from 'pino';

export interface CreateLoggerOptions {
  /** Becomes the `service` field of every line. */
  service: string;
  level?: string;
  /** Human-readable output for a terminal; JSON otherwise. Defaults to JSON. */
  pretty?: boolean;
  /** Where lines go; stdout by default. Tests pass a stream to capture output. */
  destination?: DestinationStream;
}

/**
 * The platform's logger: pino, JSON lines, secrets scrubbed twice (by key while serialising, then by value in
 * the finished line, see `scrub.ts`).
 *
 * @example
 * const log = createLogger({ service: 'proxy', level: config.LOG_LEVEL, pretty: config.NODE_ENV === 'development' });
 * log.info({ userId, upstreamHost }, 'proxied');
 */
export function createLogger(options: CreateLoggerOptions): Logger {
  const pinoOptions: LoggerOptions = {
    level: options.level ?? 'info',
    base: { service: options.service },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: {
      level: (label) => ({ level: label }),
      log: (object) => scrubObject(object) as Record<string, unknown>,
    },
    serializers: { err: (err: unknown) => scrubObject(err) },
    hooks: { streamWrite: scrubText },
  };
  if (options.destination) return pino(pinoOptions, options.destination);
  if (options.pretty) {
    return pino({
      ...pinoOptions,
      transport: {
        target: 'pino-pretty',
        options: { colorize: true, ignore: 'pid,hostname', translateTime: 'SYS:HH:MM:ss.l' },
      },
    });
  }
  return pino(pinoOptions);
}
