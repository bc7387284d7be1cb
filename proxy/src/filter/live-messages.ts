import { deepFilter, type FilterStats } from './deep-filter.ts';
import { isRecord } from './json-codec.ts';
import type { VisibleSet } from '../visibility/visible-set.ts';

/**
 * Counters WB pushes on its live channels (the notifications WebSocket, the event stream, the socket's
 * `hello`): they cover the whole cabinet, reviews and questions are not synced and the bell's list is not at
 * hand, so no exact manager's figure exists. They are removed: the SPA then leaves its badges as they are.
 */
export const ACCOUNT_WIDE_COUNTERS: readonly string[] = [
  'unansweredFeedbacks',
  'unansweredQuestions',
  'unreadNotifications',
];

/**
 * The keys each known live message keeps (an allow-list: a key WB adds later is removed, not passed). A
 * `notification` is judged by the deep filter as a whole. Types not listed are dropped (fail closed).
 */
const KEEP: Readonly<Record<string, readonly string[]>> = {
  hello: ['type', 'userId', 'supplierId'],
  counters: ['type'],
  subscribed: ['type', 'channel'],
  pong: ['type', 'ts'],
  error: ['type', 'message'],
  notification: ['type', 'notification'],
};

export type LiveDropReason = 'unknown-type' | 'hidden-article' | 'unparseable' | 'binary' | 'unmapped-url';

export type LiveVerdict =
  | { action: 'pass'; message: Record<string, unknown>; stats: FilterStats }
  | { action: 'drop'; reason: LiveDropReason };

/**
 * Filters one message of a live channel for a manager (issue 6, invariant 1): `type` is the WebSocket
 * message's `type` or the event stream's `event:` name; `message` its parsed JSON object (the socket's
 * includes `type`, the stream's does not). Counters that count hidden items are removed (never the
 * account-wide value), a `notification` naming an article the manager may not see is dropped, other known
 * types keep their allow-listed keys (then go through the deep filter), unknown types are dropped.
 *
 * @example
 * filterLiveMessage('counters', { type: 'counters', unansweredFeedbacks: 41 }, visible);
 * // → { action: 'pass', message: { type: 'counters' }, … }
 */
export function filterLiveMessage(type: string, message: unknown, visible: VisibleSet): LiveVerdict {
  if (!isRecord(message)) return { action: 'drop', reason: 'unparseable' };
  const keep = Object.hasOwn(KEEP, type) ? KEEP[type] : undefined;
  if (!keep) return { action: 'drop', reason: 'unknown-type' };
  const out: Record<string, unknown> = {};
  for (const key of keep) if (Object.hasOwn(message, key)) out[key] = message[key];
  const stats: FilterStats = { kept: 0, removed: 0 };
  const filtered = deepFilter(out, visible, stats);
  if (!isRecord(filtered) || stats.removed > 0) return { action: 'drop', reason: 'hidden-article' };
  if (type === 'notification' && !isRecord(filtered.notification))
    return { action: 'drop', reason: 'unparseable' };
  return { action: 'pass', message: filtered, stats };
}

/**
 * One WebSocket text frame from WB: parsed, filtered by its `type`, serialized again. Unparseable JSON, a
 * frame that is not an object or has no string `type` is dropped.
 */
export function filterLiveFrame(
  text: string,
  visible: VisibleSet,
): { action: 'pass'; text: string } | { action: 'drop'; reason: LiveDropReason } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { action: 'drop', reason: 'unparseable' };
  }
  if (!isRecord(parsed) || typeof parsed.type !== 'string') return { action: 'drop', reason: 'unparseable' };
  const verdict = filterLiveMessage(parsed.type, parsed, visible);
  return verdict.action === 'pass' ? { action: 'pass', text: JSON.stringify(verdict.message) } : verdict;
}

/**
 * One event of WB's event stream: its `data` parsed and filtered by the event name (`message` when none,
 * then the data's own `type` names it). The stream's data carries no `type` key: it is added for the
 * allow-list and taken out again.
 */
export function filterLiveEvent(
  event: string,
  data: string,
  visible: VisibleSet,
): { action: 'pass'; data: string } | { action: 'drop'; reason: LiveDropReason } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(data);
  } catch {
    return { action: 'drop', reason: 'unparseable' };
  }
  if (!isRecord(parsed)) return { action: 'drop', reason: 'unparseable' };
  const ownType = typeof parsed.type === 'string' ? parsed.type : undefined;
  const type = event === 'message' && ownType ? ownType : event;
  if (ownType !== undefined && ownType !== type) return { action: 'drop', reason: 'unknown-type' };
  const verdict = filterLiveMessage(type, { ...parsed, type }, visible);
  if (verdict.action === 'drop') return verdict;
  const message = { ...verdict.message };
  if (ownType === undefined) delete message.type;
  return { action: 'pass', data: JSON.stringify(message) };
}
