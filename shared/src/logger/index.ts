export { createLogger, type CreateLoggerOptions, type Logger } from './create-logger.ts';
export { registerSecretValue, scrubObject, scrubText, isSecretKey, REDACTED } from './scrub.ts';
