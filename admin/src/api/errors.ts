import type { Hook } from '@hono/zod-openapi';
import { AppError } from '@joycity/shared/errors';
import type { Logger } from '@joycity/shared/logger';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ApiEnv } from './context.ts';

/**
 * One error shape for the whole API:
 *
 *     { "error": { "code": "STABLE_CODE", "message": "What is wrong, for people", "details"?: {…}, "requestId": "…" } }
 *
 * Clients match on `code`; messages may be reworded. Unexpected failures answer 500 `INTERNAL_ERROR` with no
 * internals; the log line carries the request id to find them.
 */
export class ApiError extends AppError {}

export const apiError = (
  status: ContentfulStatusCode,
  code: string,
  message: string,
  details?: Record<string, unknown>,
) => new ApiError(code, message, { status, ...(details ? { details } : {}) });

export function errorBody(
  c: Context<ApiEnv>,
  code: string,
  message: string,
  details?: Record<string, unknown>,
) {
  const requestId = c.get('requestId') as string | undefined;
  return { error: { code, message, ...(details ? { details } : {}), ...(requestId ? { requestId } : {}) } };
}

const HTTP_CODES: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
};

/** Turns anything thrown by a handler into the error shape. */
export function createErrorHandler(logger: Logger) {
  return function handleError(err: Error, c: Context<ApiEnv>): Response {
    if (err instanceof AppError && err.status < 500) {
      return c.json(errorBody(c, err.code, err.message, err.details), err.status as ContentfulStatusCode);
    }
    if (err instanceof HTTPException && err.status < 500) {
      const message = err.status === 415 ? 'Send the body as application/json' : err.message || 'Bad request';
      return c.json(errorBody(c, HTTP_CODES[err.status] ?? 'BAD_REQUEST', message), err.status);
    }
    const pgCode = (err as { code?: unknown }).code;
    if (pgCode === '42501') {
      // The database refused (the ADMIN trigger, the append-only audit log): the API's own checks missed it.
      logger.warn({ err, requestId: c.get('requestId') }, 'database refused a change');
      return c.json(errorBody(c, 'FORBIDDEN', 'The database refused this change'), 403);
    }
    if (err instanceof AppError && err.status === 503) {
      logger.warn({ err, requestId: c.get('requestId') }, err.message);
      return c.json(errorBody(c, err.code, 'A dependency is unavailable; try again shortly'), 503);
    }
    logger.error({ err, requestId: c.get('requestId'), path: c.req.path }, 'request failed');
    return c.json(errorBody(c, 'INTERNAL_ERROR', 'Something went wrong on our side'), 500);
  };
}

export function notFound(c: Context<ApiEnv>): Response {
  return c.json(errorBody(c, 'NOT_FOUND', `No route ${c.req.method} ${c.req.path}`), 404);
}

/** zod-openapi's validation hook: every invalid input answers 400 `VALIDATION_FAILED`, naming each field. */
export const validationHook: Hook<unknown, ApiEnv, string, unknown> = (result, c) => {
  if (result.success) return;
  const issues = result.error.issues.map((issue) => ({
    path: issue.path.map(String).join('.') || `(${result.target})`,
    message: issueMessage(issue),
  }));
  const summary = issues
    .slice(0, 5)
    .map((i) => `${i.path}: ${i.message}`)
    .join('; ');
  return c.json(
    errorBody(c, 'VALIDATION_FAILED', `Invalid ${result.target}: ${summary}`, {
      target: result.target,
      issues,
    }),
    400,
  );
};

/** A record key or set element that failed carries the useful message one level down. */
function issueMessage(issue: { code: string; message: string; issues?: Array<{ message: string }> }): string {
  const nested =
    issue.code === 'invalid_key' || issue.code === 'invalid_element' ? issue.issues?.[0] : undefined;
  return nested ? `invalid key: ${nested.message}` : issue.message;
}
