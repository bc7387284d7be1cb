'use client';

import { useFormatter, useTranslations } from 'next-intl';
import { useState } from 'react';
import { toast } from 'sonner';
import { api } from './api-client.ts';
import { Badge, Button, Confirm, EmptyState, Table, Td, Th, useErrorMessage } from './kit.tsx';

export interface SessionItem {
  id: string;
  device: string | null;
  userAgent: string | null;
  ip: string | null;
  createdAt: string;
  lastUsedAt: string;
  current: boolean;
}

export function SessionsTable({ initial, userId }: { initial: SessionItem[]; userId?: string }) {
  const t = useTranslations('sessions');
  const format = useFormatter();
  const errorMessage = useErrorMessage();
  const [items, setItems] = useState(initial);
  const [confirm, setConfirm] = useState<SessionItem | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  async function revoke(session: SessionItem) {
    setBusy(session.id);
    try {
      await api(`/api/sessions/${session.id}`, { method: 'DELETE' });
      if (session.current) {
        window.location.assign('/login');
        return;
      }
      setItems((list) => list.filter((s) => s.id !== session.id));
      toast.success(t('revoked'));
    } catch (err) {
      toast.error(errorMessage(err));
    } finally {
      setBusy(null);
    }
  }

  async function revokeOthers() {
    try {
      const { revoked } = await api<{ revoked: number }>('/api/sessions/revoke-others', { method: 'POST' });
      setItems((list) => list.filter((s) => s.current));
      toast.success(t('revokedOthers', { count: revoked }));
    } catch (err) {
      toast.error(errorMessage(err));
    }
  }

  return (
    <div className="flex flex-col gap-3">
      {!userId && items.length > 1 ? (
        <div>
          <Button onClick={() => void revokeOthers()}>{t('revokeOthers')}</Button>
        </div>
      ) : null}
      <Table label={t('title')}>
        <thead>
          <tr>
            <Th>{t('device')}</Th>
            <Th>{t('ip')}</Th>
            <Th>{t('created')}</Th>
            <Th>{t('lastUsed')}</Th>
            <Th className="text-right">{t('actions')}</Th>
          </tr>
        </thead>
        <tbody>
          {items.length === 0 ? (
            <tr>
              <Td colSpan={5}>
                <EmptyState title={t('empty')} />
              </Td>
            </tr>
          ) : (
            items.map((s) => (
              <tr key={s.id} data-testid="session-row">
                <Td>
                  <span title={s.userAgent ?? undefined}>{s.device ?? t('unknownDevice')}</span>{' '}
                  {s.current ? <Badge tone="accent">{t('current')}</Badge> : null}
                </Td>
                <Td className="font-mono text-xs">{s.ip ?? '—'}</Td>
                <Td>{format.dateTime(new Date(s.createdAt), 'short')}</Td>
                <Td>{format.relativeTime(new Date(s.lastUsedAt), new Date())}</Td>
                <Td className="text-right">
                  <Button size="sm" variant="danger" busy={busy === s.id} onClick={() => setConfirm(s)}>
                    {t('revoke')}
                  </Button>
                </Td>
              </tr>
            ))
          )}
        </tbody>
      </Table>
      <Confirm
        open={confirm !== null}
        onOpenChange={(open) => !open && setConfirm(null)}
        title={t('revokeTitle')}
        description={confirm?.current ? t('revokeCurrent') : t('revokeHint')}
        confirmLabel={t('revoke')}
        danger
        onConfirm={() => confirm && void revoke(confirm)}
      />
    </div>
  );
}
