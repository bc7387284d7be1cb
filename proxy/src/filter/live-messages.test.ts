import { describe, expect, it } from 'vitest';
import { createVisibleSet } from '../visibility/visible-set.ts';
import { filterLiveEvent, filterLiveFrame, filterLiveMessage } from './live-messages.ts';

const MINE = 204_000_001;
const HIDDEN = 204_000_002;
const visible = createVisibleSet({
  userId: 'u',
  accountId: 1,
  at: new Date('2026-11-20T12:00:00Z'),
  months: new Map([['2026-11-01', new Set([MINE])]]),
});
const notification = (nmId?: number) => ({
  id: `fb-${nmId ?? 'rep'}`,
  type: 'feedback',
  title: 'Новый отзыв',
  text: `артикул ${nmId ?? ''}`,
  createdAt: '2026-11-20T10:00:00+03:00',
  read: false,
  ...(nmId === undefined ? {} : { nmId }),
});

describe('filterLiveMessage', () => {
  it('removes the account-wide counters from counters and hello', () => {
    const counters = {
      type: 'counters',
      unreadNotifications: 3,
      unansweredFeedbacks: 41,
      unansweredQuestions: 7,
    };
    expect(filterLiveMessage('counters', counters, visible)).toMatchObject({
      action: 'pass',
      message: { type: 'counters' },
    });
    const hello = filterLiveMessage(
      'hello',
      { ...counters, type: 'hello', userId: 5, supplierId: 's-1' },
      visible,
    );
    expect(hello).toMatchObject({ action: 'pass', message: { type: 'hello', userId: 5, supplierId: 's-1' } });
    expect(hello.action === 'pass' && Object.keys(hello.message).sort()).toEqual([
      'supplierId',
      'type',
      'userId',
    ]);
  });

  it('drops a notification naming a hidden article and passes the manager’s and article-less ones', () => {
    expect(
      filterLiveMessage(
        'notification',
        { type: 'notification', notification: notification(HIDDEN) },
        visible,
      ),
    ).toEqual({ action: 'drop', reason: 'hidden-article' });
    expect(
      filterLiveMessage('notification', { type: 'notification', notification: notification(MINE) }, visible),
    ).toMatchObject({ action: 'pass', message: { notification: { nmId: MINE } } });
    expect(
      filterLiveMessage('notification', { type: 'notification', notification: notification() }, visible),
    ).toMatchObject({ action: 'pass', message: { notification: { type: 'feedback' } } });
    expect(filterLiveMessage('notification', { type: 'notification' }, visible)).toEqual({
      action: 'drop',
      reason: 'unparseable',
    });
  });

  it('keeps only allow-listed keys of known types and drops unknown types (fail closed)', () => {
    expect(
      filterLiveMessage('subscribed', { type: 'subscribed', channel: 'counters', total: 99 }, visible),
    ).toMatchObject({
      action: 'pass',
      message: { type: 'subscribed', channel: 'counters' },
    });
    expect(
      filterLiveMessage('subscribed', { type: 'subscribed', channel: { nmId: HIDDEN } }, visible).action,
    ).toBe('drop');
    expect(filterLiveMessage('stats', { type: 'stats', nmIds: [MINE] }, visible)).toEqual({
      action: 'drop',
      reason: 'unknown-type',
    });
    expect(filterLiveMessage('__proto__', {}, visible).action).toBe('drop');
    expect(filterLiveMessage('counters', [1, 2], visible).action).toBe('drop');
  });
});

describe('filterLiveFrame and filterLiveEvent', () => {
  it('parses a socket frame by its type, never passing what it cannot read', () => {
    const out = filterLiveFrame(JSON.stringify({ type: 'counters', unansweredFeedbacks: 41 }), visible);
    expect(out).toEqual({ action: 'pass', text: '{"type":"counters"}' });
    expect(filterLiveFrame('not json', visible)).toEqual({ action: 'drop', reason: 'unparseable' });
    expect(filterLiveFrame('{"no":"type"}', visible)).toEqual({ action: 'drop', reason: 'unparseable' });
    expect(filterLiveFrame(`{"type":"notification","notification":{"nmId":${HIDDEN}}}`, visible).action).toBe(
      'drop',
    );
  });

  it('filters an event-stream event by its name; its data keeps no type key it did not have', () => {
    expect(
      filterLiveEvent(
        'counters',
        '{"unreadNotifications":1,"unansweredFeedbacks":41,"unansweredQuestions":7}',
        visible,
      ),
    ).toEqual({ action: 'pass', data: '{}' });
    expect(filterLiveEvent('message', '{"type":"counters","unansweredQuestions":7}', visible)).toEqual({
      action: 'pass',
      data: '{"type":"counters"}',
    });
    expect(filterLiveEvent('counters', '{"type":"notification"}', visible).action).toBe('drop');
    expect(
      filterLiveEvent('notification', JSON.stringify({ notification: notification(HIDDEN) }), visible).action,
    ).toBe('drop');
    expect(filterLiveEvent('ticker', '{}', visible)).toEqual({ action: 'drop', reason: 'unknown-type' });
    expect(filterLiveEvent('counters', '{"unanswered', visible)).toEqual({
      action: 'drop',
      reason: 'unparseable',
    });
  });
});
