/**
 * The base of every error we raise on purpose. `code` is stable (clients and tests match on it; messages may
 * be reworded), `status` is the HTTP status an API answers with, and `details` is safe to show the caller.
 *
 * @example
 * throw new AppError('ASSIGNMENT_CONFLICT', 'nmId 123 is already assigned to someone else', { status: 409 });
 */
export class AppError extends Error {
  readonly code: string;
  readonly status: number;
  readonly details: Record<string, unknown> | undefined;

  constructor(
    code: string,
    message: string,
    options: { status?: number; details?: Record<string, unknown>; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.status = options.status ?? 500;
    this.details = options.details;
  }
}

/** A setting is missing or malformed. Start-up stops with a message naming the variable. */
export class ConfigError extends AppError {
  readonly issues: Array<{ variable: string; message: string }>;
  constructor(issues: Array<{ variable: string; message: string }>) {
    super(
      'CONFIG_INVALID',
      `Invalid configuration:\n${issues.map((i) => `  - ${i.variable}: ${i.message}`).join('\n')}`,
    );
    this.issues = issues;
  }
}

/** Bad input from a person or a client: the message says what is wrong. */
export class ValidationError extends AppError {
  constructor(message: string, details?: Record<string, unknown>) {
    super('VALIDATION_FAILED', message, { status: 400, ...(details ? { details } : {}) });
  }
}
