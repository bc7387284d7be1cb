'use client';

import { useFormatter, useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useEffect, useState, useTransition } from 'react';
import { toast } from 'sonner';
import { api } from './api-client.ts';
import { Badge, Button, Card, EmptyState, PageHeader, Table, Td, Th, useErrorMessage } from './kit.tsx';

export interface SyncStatusPayload {
  now: string;
  items: Array<{
    accountId: number;
    name: string;
    status: 'active' | 'disabled';
    key: {
      status: 'unknown' | 'ok' | 'invalid' | 'expired';
      statusReason: string | null;
      expiresAt: string | null;
      daysLeft: number | null;
      expiringSoon: boolean;
      categories: string[];
      type: string | null;
      test: boolean;
    };
    datasets: Array<{
      dataset: string;
      running: boolean;
      nextRunAt: string | null;
      lastSuccessAt: string | null;
      lagSeconds: number | null;
      lastError: string | null;
      lastErrorAt: string | null;
      consecutiveFailures: number;
      lastRun: { status: string; rowsWritten: number; durationMs: number | null; startedAt: string } | null;
    }>;
  }>;
}

function lagText(seconds: number | null, t: ReturnType<typeof useTranslations>): string {
  if (seconds === null) return t('neverSynced');
  if (seconds < 120) return t('lagSeconds', { n: seconds });
  if (seconds < 7200) return t('lagMinutes', { n: Math.round(seconds / 60) });
  if (seconds < 172_800) return t('lagHours', { n: Math.round(seconds / 3600) });
  return t('lagDays', { n: Math.round(seconds / 86_400) });
}

export function SyncView({ data, canRun }: { data: SyncStatusPayload; canRun: boolean }) {
  const t = useTranslations('sync');
  const td = useTranslations('datasets');
  const ta = useTranslations('accounts');
  const format = useFormatter();
  const router = useRouter();
  const errorMessage = useErrorMessage();
  const [pending, startTransition] = useTransition();
  const [queued, setQueued] = useState<string | null>(null);

  // Live enough: refresh every 30 s while the page is open.
  useEffect(() => {
    const timer = setInterval(() => startTransition(() => router.refresh()), 30_000);
    return () => clearInterval(timer);
  }, [router]);

  async function runNow(accountId: number, dataset: string) {
    setQueued(`${accountId}/${dataset}`);
    try {
      await api(`/api/sync/${accountId}/${dataset}/run`, { method: 'POST' });
      toast.success(t('queued', { dataset: td(dataset) }));
      startTransition(() => router.refresh());
    } catch (err) {
      toast.error(errorMessage(err));
    } finally {
      setQueued(null);
    }
  }

  return (
    <>
      <PageHeader
        title={t('title')}
        description={t('description')}
        actions={
          <Button busy={pending} onClick={() => startTransition(() => router.refresh())}>
            {t('refresh')}
          </Button>
        }
      />
      {data.items.length === 0 ? (
        <Card>
          <EmptyState title={t('empty')} />
        </Card>
      ) : (
        <div className="flex flex-col gap-4">
          {data.items.map((a) => (
            <Card
              key={a.accountId}
              title={a.name}
              actions={
                <span className="flex flex-wrap items-center gap-2 text-sm" data-testid="key-health">
                  <Badge
                    tone={
                      a.key.status === 'ok' ? 'success' : a.key.status === 'unknown' ? 'neutral' : 'danger'
                    }
                  >
                    {ta(`keyStatus.${a.key.status}`)}
                  </Badge>
                  {a.key.expiresAt ? (
                    <span className={a.key.expiringSoon ? 'font-medium text-warning' : 'text-muted'}>
                      {a.key.expiringSoon
                        ? t('expiresSoon', { days: a.key.daysLeft ?? 0 })
                        : t('expires', { date: format.dateTime(new Date(a.key.expiresAt), 'date') })}
                    </span>
                  ) : null}
                  {a.key.type ? <Badge>{ta(`keyTypes.${a.key.type}`)}</Badge> : null}
                  {a.key.categories.map((c) => (
                    <Badge key={c}>{ta(`categories.${c}`)}</Badge>
                  ))}
                </span>
              }
            >
              {a.key.statusReason ? <p className="mb-2 text-sm text-danger">{a.key.statusReason}</p> : null}
              <Table label={t('datasetsOf', { name: a.name })}>
                <thead>
                  <tr>
                    <Th>{t('dataset')}</Th>
                    <Th>{t('lastSuccess')}</Th>
                    <Th>{t('lag')}</Th>
                    <Th>{t('lastRun')}</Th>
                    <Th>{t('nextRun')}</Th>
                    <Th>{t('error')}</Th>
                    <Th className="text-right">{t('actions')}</Th>
                  </tr>
                </thead>
                <tbody>
                  {a.datasets.map((d) => (
                    <tr key={d.dataset}>
                      <Td className="font-medium">{td(d.dataset)}</Td>
                      <Td>{d.lastSuccessAt ? format.dateTime(new Date(d.lastSuccessAt), 'short') : '—'}</Td>
                      <Td
                        className={d.lagSeconds !== null && d.lagSeconds > 7200 ? 'text-warning' : undefined}
                      >
                        {lagText(d.lagSeconds, t)}
                      </Td>
                      <Td>
                        {d.running ? (
                          <Badge tone="accent">{t('running')}</Badge>
                        ) : d.lastRun ? (
                          <span className="text-xs">
                            <Badge
                              tone={
                                d.lastRun.status === 'succeeded'
                                  ? 'success'
                                  : d.lastRun.status === 'failed'
                                    ? 'danger'
                                    : 'neutral'
                              }
                            >
                              {t(`runStatus.${d.lastRun.status}`)}
                            </Badge>{' '}
                            {t('rows', { count: d.lastRun.rowsWritten })}
                            {d.lastRun.durationMs !== null
                              ? ` · ${format.number(d.lastRun.durationMs / 1000, { maximumFractionDigits: 1 })} ${t('seconds')}`
                              : ''}
                          </span>
                        ) : (
                          '—'
                        )}
                      </Td>
                      <Td>{d.nextRunAt ? format.relativeTime(new Date(d.nextRunAt), new Date()) : '—'}</Td>
                      <Td className="max-w-72">
                        {d.lastError ? (
                          <span className="text-danger" title={d.lastError}>
                            {d.lastError.slice(0, 120)}
                            {d.consecutiveFailures > 1 ? ` (×${d.consecutiveFailures})` : ''}
                          </span>
                        ) : (
                          '—'
                        )}
                      </Td>
                      <Td className="text-right">
                        {canRun ? (
                          <Button
                            size="sm"
                            busy={queued === `${a.accountId}/${d.dataset}`}
                            onClick={() => void runNow(a.accountId, d.dataset)}
                          >
                            {t('runNow')}
                          </Button>
                        ) : null}
                      </Td>
                    </tr>
                  ))}
                </tbody>
              </Table>
            </Card>
          ))}
        </div>
      )}
    </>
  );
}
