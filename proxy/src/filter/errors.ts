import { AppError } from '@joycity/shared/errors';

/** Stable codes of a filter that could not decide (it fails closed: the answer is replaced, never passed). */
export type FilterErrorCode =
  | 'FILTER_WRONG_CONTENT_TYPE'
  | 'FILTER_UNPARSEABLE'
  | 'FILTER_UNEXPECTED_SHAPE'
  | 'FILTER_NO_NM_COLUMN'
  | 'FILTER_BAD_ARCHIVE'
  | 'FILTER_UPSTREAM_ERROR';

/**
 * A response on a filtered route that the filter cannot parse or understand. The pipeline answers the
 * manager with {@link filterErrorBody} (status 502) instead of anything WB sent.
 *
 * @example
 * throw new FilterError('FILTER_UNEXPECTED_SHAPE', 'orders: data.orders is not an array');
 */
export class FilterError extends AppError {
  declare readonly code: FilterErrorCode;
  constructor(code: FilterErrorCode, message: string, details?: Record<string, unknown>) {
    super(code, message, { status: 502, ...(details ? { details } : {}) });
  }
}

/** The JSON body that replaces an answer the filter refused (no byte of WB's answer in it). */
export function filterErrorBody(err: FilterError): Uint8Array {
  return new TextEncoder().encode(
    JSON.stringify({ error: true, code: err.code, errorText: `JoyCity filter: ${err.message}` }),
  );
}

export function shapeError(route: string, what: string): FilterError {
  return new FilterError('FILTER_UNEXPECTED_SHAPE', `${route}: ${what}`);
}
