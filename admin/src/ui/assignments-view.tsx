'use client';

import { useVirtualizer } from '@tanstack/react-virtual';
import { useFormatter, useTranslations } from 'next-intl';
import { usePathname, useRouter } from 'next/navigation';
import { useEffect, useRef, useState, useTransition, type FormEvent } from 'react';
import { toast } from 'sonner';
import { api, download } from './api-client.ts';
import { Avatar } from './avatar.tsx';
import {
  Badge,
  Button,
  Confirm,
  Dialog,
  EmptyState,
  Field,
  Input,
  Loading,
  PageHeader,
  Select,
  Table,
  Td,
  Th,
  Textarea,
  useErrorMessage,
  formText,
} from './kit.tsx';
import { ImportWizard } from './import-wizard.tsx';

export interface Card {
  nmId: number;
  title: string | null;
  vendorCode: string | null;
  photoUrl: string | null;
  brand: string | null;
}

export interface AssignmentSummary {
  accountId: number;
  month: string;
  total: number;
  managers: Array<{
    userId: string;
    email: string;
    name: string;
    disabled: boolean;
    avatarKey: string | null;
    count: number;
    sample: Card[];
  }>;
}

export function CardThumb({ card }: { card: Card }) {
  return (
    <span
      className="inline-flex items-center gap-1.5 rounded border border-border bg-surface-2 py-0.5 pl-0.5 pr-2 text-xs"
      title={card.title ?? undefined}
    >
      {card.photoUrl ? (
        // Photos come from WB's CDN through the browser; no credentials are involved.
        <img
          src={card.photoUrl}
          alt=""
          width={24}
          height={24}
          loading="lazy"
          className="size-6 rounded object-cover"
        />
      ) : (
        <span className="size-6 rounded bg-border" aria-hidden="true" />
      )}
      <span className="font-mono">{card.nmId}</span>
      {card.title ? <span className="max-w-32 truncate text-muted">{card.title}</span> : null}
    </span>
  );
}

function shiftMonth(month: string, delta: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const d = new Date(Date.UTC(y, m - 1 + delta, 1));
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

export function AssignmentsView({
  accounts,
  accountId,
  month,
  summary,
  canWrite,
}: {
  accounts: Array<{ id: number; name: string }>;
  accountId: number;
  month: string;
  summary: AssignmentSummary;
  canWrite: boolean;
}) {
  const t = useTranslations('assignments');
  const format = useFormatter();
  const router = useRouter();
  const pathname = usePathname();
  const errorMessage = useErrorMessage();
  const [pending, startTransition] = useTransition();
  const [open, setOpen] = useState<string | null>(null);
  const [copyConfirm, setCopyConfirm] = useState(false);
  const [importing, setImporting] = useState(false);
  const [filter, setFilter] = useState('');

  const go = (changes: { accountId?: number; month?: string }) =>
    startTransition(() =>
      router.push(`${pathname}?accountId=${changes.accountId ?? accountId}&month=${changes.month ?? month}`),
    );
  const refresh = () => startTransition(() => router.refresh());

  async function copyPrevious() {
    try {
      const res = await api<{ copied: number; skipped: number }>('/api/assignments/copy-previous', {
        json: { accountId, month },
      });
      toast.success(t('copied', res));
      refresh();
    } catch (err) {
      toast.error(errorMessage(err));
    }
  }

  const monthLabel = format.dateTime(new Date(`${month}-15T00:00:00Z`), 'month');
  const managers = summary.managers.filter(
    (m) => !filter || `${m.name} ${m.email}`.toLowerCase().includes(filter.toLowerCase()),
  );
  const selected = summary.managers.find((m) => m.userId === open) ?? null;

  return (
    <>
      <PageHeader
        title={t('title')}
        description={t('summary', {
          total: summary.total,
          managers: summary.managers.filter((m) => m.count > 0).length,
        })}
        actions={
          <>
            <Button
              onClick={() =>
                void download(
                  `/api/assignments/export.xlsx?accountId=${accountId}&month=${month}&lang=${document.documentElement.lang}`,
                  `assignments-${month}.xlsx`,
                )
              }
            >
              {t('export')}
            </Button>
            {canWrite ? (
              <>
                <Button onClick={() => setCopyConfirm(true)}>{t('copyPrevious')}</Button>
                <Button variant="primary" onClick={() => setImporting(true)}>
                  {t('import')}
                </Button>
              </>
            ) : null}
          </>
        }
      />
      <div className="mb-3 flex flex-wrap items-center gap-2" aria-busy={pending || undefined}>
        <Select
          aria-label={t('account')}
          value={accountId}
          onChange={(e) => go({ accountId: Number(e.target.value) })}
          className="w-56"
        >
          {accounts.map((a) => (
            <option key={a.id} value={a.id}>
              {a.name}
            </option>
          ))}
        </Select>
        <div role="group" aria-label={t('month')} className="flex items-center gap-1">
          <Button size="sm" aria-label={t('prevMonth')} onClick={() => go({ month: shiftMonth(month, -1) })}>
            ←
          </Button>
          <input
            type="month"
            aria-label={t('month')}
            value={month}
            onChange={(e) => e.target.value && go({ month: e.target.value })}
            className="h-8 rounded-md border border-border bg-surface px-2 text-sm"
          />
          <Button size="sm" aria-label={t('nextMonth')} onClick={() => go({ month: shiftMonth(month, 1) })}>
            →
          </Button>
          <span className="ml-2 text-sm text-muted">{monthLabel}</span>
        </div>
        <Input
          aria-label={t('filterManagers')}
          placeholder={t('filterManagers')}
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
          className="ml-auto w-56"
        />
      </div>
      <Table label={t('title')}>
        <thead>
          <tr>
            <Th>{t('manager')}</Th>
            <Th className="w-24 text-right">{t('count')}</Th>
            <Th>{t('articles')}</Th>
            <Th className="w-28" />
          </tr>
        </thead>
        <tbody>
          {managers.length === 0 ? (
            <tr>
              <Td colSpan={4}>
                <EmptyState title={t('noManagers')} hint={t('noManagersHint')} />
              </Td>
            </tr>
          ) : (
            managers.map((m) => (
              <tr key={m.userId} data-testid="manager-row">
                <Td>
                  <div className="flex items-center gap-2">
                    <Avatar name={m.name} avatarKey={m.avatarKey} size={28} />
                    <div>
                      <div className="font-medium">
                        {m.name} {m.disabled ? <Badge tone="danger">{t('disabled')}</Badge> : null}
                      </div>
                      <div className="text-xs text-muted">{m.email}</div>
                    </div>
                  </div>
                </Td>
                <Td className="text-right tabular-nums">{format.number(m.count)}</Td>
                <Td>
                  <div className="flex flex-wrap gap-1">
                    {m.sample.map((c) => (
                      <CardThumb key={c.nmId} card={c} />
                    ))}
                    {m.count > m.sample.length ? (
                      <span className="text-xs text-muted">
                        {t('more', { count: m.count - m.sample.length })}
                      </span>
                    ) : null}
                  </div>
                </Td>
                <Td className="text-right">
                  <Button size="sm" onClick={() => setOpen(m.userId)}>
                    {canWrite ? t('manage') : t('view')}
                  </Button>
                </Td>
              </tr>
            ))
          )}
        </tbody>
      </Table>
      {selected ? (
        <ManagerDialog
          manager={selected}
          accountId={accountId}
          month={month}
          canWrite={canWrite}
          onClose={() => setOpen(null)}
          onChanged={refresh}
        />
      ) : null}
      <Confirm
        open={copyConfirm}
        onOpenChange={setCopyConfirm}
        title={t('copyTitle')}
        description={t('copyHint', {
          from: format.dateTime(new Date(`${shiftMonth(month, -1)}-15T00:00:00Z`), 'month'),
          to: monthLabel,
        })}
        confirmLabel={t('copyPrevious')}
        onConfirm={() => void copyPrevious()}
      />
      {importing ? (
        <ImportWizard
          accountId={accountId}
          month={month}
          onClose={() => setImporting(false)}
          onApplied={() => {
            refresh();
          }}
        />
      ) : null}
    </>
  );
}

function ManagerDialog({
  manager,
  accountId,
  month,
  canWrite,
  onClose,
  onChanged,
}: {
  manager: AssignmentSummary['managers'][number];
  accountId: number;
  month: string;
  canWrite: boolean;
  onClose: () => void;
  onChanged: () => void;
}) {
  const t = useTranslations('assignments');
  const errorMessage = useErrorMessage();
  const [cards, setCards] = useState<Card[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const scrollRef = useRef<HTMLDivElement>(null);

  async function load() {
    try {
      const res = await api<{ items: Card[] }>(
        `/api/assignments/users/${manager.userId}?accountId=${accountId}&month=${month}`,
      );
      setCards(res.items);
    } catch (err) {
      setError(errorMessage(err));
    }
  }
  useEffect(() => {
    void load();
  }, [manager.userId, accountId, month]);

  // Hundreds or thousands of nmIds per manager: only the visible rows are in the DOM.
  const virtualizer = useVirtualizer({
    count: cards?.length ?? 0,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => 40,
    overscan: 10,
  });

  async function add(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const text = formText(new FormData(formElement), 'nmIds');
    const nmIds = [
      ...new Set(
        text
          .split(/[\s,;]+/)
          .filter(Boolean)
          .map(Number),
      ),
    ];
    if (nmIds.length === 0 || nmIds.some((n) => !Number.isSafeInteger(n) || n <= 0)) {
      setError(t('badNmIds'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await api('/api/assignments/add', { json: { accountId, month, userId: manager.userId, nmIds } });
      formElement.reset();
      toast.success(t('added', { count: nmIds.length }));
      await load();
      onChanged();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  async function remove(nmId: number) {
    try {
      await api('/api/assignments/remove', {
        json: { accountId, month, userId: manager.userId, nmIds: [nmId] },
      });
      setCards((list) => list?.filter((c) => c.nmId !== nmId) ?? null);
      onChanged();
    } catch (err) {
      toast.error(errorMessage(err));
    }
  }

  return (
    <Dialog
      open
      onOpenChange={(o) => !o && onClose()}
      title={t('managerTitle', { name: manager.name })}
      description={manager.email}
      wide
    >
      {canWrite ? (
        <form onSubmit={(e) => void add(e)} className="mb-3 flex flex-col gap-2">
          <Field label={t('addLabel')} hint={t('addHint')} error={error}>
            {(p) => <Textarea {...p} name="nmIds" rows={2} />}
          </Field>
          <div>
            <Button type="submit" variant="primary" busy={busy}>
              {t('add')}
            </Button>
          </div>
        </form>
      ) : null}
      {cards === null ? (
        error ? (
          <p className="text-danger">{error}</p>
        ) : (
          <Loading />
        )
      ) : cards.length === 0 ? (
        <EmptyState title={t('none')} />
      ) : (
        <div
          ref={scrollRef}
          className="h-96 overflow-auto rounded-md border border-border"
          role="list"
          aria-label={t('articles')}
        >
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {virtualizer.getVirtualItems().map((item) => {
              const card = cards[item.index]!;
              return (
                <div
                  key={card.nmId}
                  role="listitem"
                  className="absolute left-0 right-0 flex items-center justify-between gap-2 border-b border-border px-2"
                  style={{ top: item.start, height: item.size }}
                >
                  <span className="flex min-w-0 items-center gap-2">
                    <CardThumb card={card} />
                    <span className="truncate text-xs text-muted">{card.vendorCode}</span>
                  </span>
                  {canWrite ? (
                    <Button
                      size="sm"
                      variant="ghost"
                      aria-label={t('removeOne', { nmId: card.nmId })}
                      onClick={() => void remove(card.nmId)}
                    >
                      ✕
                    </Button>
                  ) : null}
                </div>
              );
            })}
          </div>
        </div>
      )}
    </Dialog>
  );
}
