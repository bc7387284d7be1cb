'use client';

import { useFormatter, useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState, useTransition, type FormEvent } from 'react';
import { toast } from 'sonner';
import type { AccountView } from '../web/types.ts';
import { ApiClientError, api } from './api-client.ts';
import {
  Badge,
  Button,
  Card,
  Dialog,
  EmptyState,
  Field,
  Input,
  PageHeader,
  Textarea,
  useErrorMessage,
  formText,
} from './kit.tsx';
import { parsePortalSession } from './portal-session.ts';
import type { SyncStatusPayload } from './sync-view.tsx';

type Failure = { credential: string; code: string; message: string; details?: Record<string, unknown> };

export function AccountsView({
  accounts,
  sync,
  canWrite,
}: {
  accounts: AccountView[];
  sync: SyncStatusPayload | null;
  canWrite: boolean;
}) {
  const t = useTranslations('accounts');
  const router = useRouter();
  const [, startTransition] = useTransition();
  const [dialog, setDialog] = useState<
    { mode: 'create' } | { mode: 'credentials'; account: AccountView } | null
  >(null);
  const refresh = () => startTransition(() => router.refresh());

  return (
    <>
      <PageHeader
        title={t('title')}
        description={t('description')}
        actions={
          canWrite ? (
            <Button variant="primary" onClick={() => setDialog({ mode: 'create' })}>
              {t('create')}
            </Button>
          ) : null
        }
      />
      {accounts.length === 0 ? (
        <Card>
          <EmptyState title={t('empty')} hint={canWrite ? t('emptyHint') : undefined} />
        </Card>
      ) : (
        <div className="grid gap-4 lg:grid-cols-2">
          {accounts.map((a) => (
            <AccountCard
              key={a.id}
              account={a}
              sync={sync?.items.find((s) => s.accountId === a.id) ?? null}
              canWrite={canWrite}
              onEdit={() => setDialog({ mode: 'credentials', account: a })}
            />
          ))}
        </div>
      )}
      {dialog ? (
        <AccountDialog
          account={dialog.mode === 'credentials' ? dialog.account : null}
          onClose={() => setDialog(null)}
          onSaved={() => {
            setDialog(null);
            refresh();
          }}
        />
      ) : null}
    </>
  );
}

function AccountCard({
  account: a,
  sync,
  canWrite,
  onEdit,
}: {
  account: AccountView;
  sync: SyncStatusPayload['items'][number] | null;
  canWrite: boolean;
  onEdit: () => void;
}) {
  const t = useTranslations('accounts');
  const td = useTranslations('datasets');
  const tc = useTranslations('common');
  const format = useFormatter();
  const keyTone =
    a.apiKey?.status === 'ok' ? 'success' : a.apiKey?.status === 'unknown' ? 'neutral' : 'danger';
  const sessionTone =
    a.portalSession?.status === 'ok'
      ? 'success'
      : a.portalSession?.status === 'needs_relogin'
        ? 'danger'
        : 'neutral';
  const daysLeft = a.apiKey?.expiresAt
    ? Math.floor((new Date(a.apiKey.expiresAt).getTime() - Date.now()) / 86_400_000)
    : null;
  return (
    <Card
      title={
        <span className="flex items-center gap-2">
          {a.name} {a.status === 'disabled' ? <Badge tone="danger">{t('disabled')}</Badge> : null}
        </span>
      }
      actions={
        canWrite ? (
          <Button size="sm" onClick={onEdit}>
            {t('editCredentials')}
          </Button>
        ) : null
      }
    >
      <dl className="grid grid-cols-[10rem_1fr] gap-x-3 gap-y-2 text-sm" data-testid="account-card">
        <dt className="text-muted">{t('inn')}</dt>
        <dd className="font-mono">{a.inn}</dd>
        <dt className="text-muted">{t('portalSession')}</dt>
        <dd>
          {a.portalSession ? (
            <>
              <Badge tone={sessionTone}>{t(`sessionStatus.${a.portalSession.status}`)}</Badge>{' '}
              <span className="text-xs text-muted">
                {t('cookies', { count: a.portalSession.cookieNames.length })}
              </span>
              {a.portalSession.statusReason ? (
                <p className="text-xs text-muted">{a.portalSession.statusReason}</p>
              ) : null}
            </>
          ) : (
            '—'
          )}
        </dd>
        <dt className="text-muted">{t('apiKey')}</dt>
        <dd>
          {a.apiKey ? (
            <div className="flex flex-col gap-1">
              <span>
                <Badge tone={keyTone}>{t(`keyStatus.${a.apiKey.status}`)}</Badge>{' '}
                <span className="font-mono text-xs">{a.apiKey.mask}</span>{' '}
                {a.apiKey.test ? <Badge tone="warning">{t('testKey')}</Badge> : null}
              </span>
              <span className="text-xs text-muted">
                {a.apiKey.expiresAt
                  ? t('expires', {
                      date: format.dateTime(new Date(a.apiKey.expiresAt), 'date'),
                      days: daysLeft ?? 0,
                    })
                  : t('noExpiry')}
                {daysLeft !== null && daysLeft < 30 ? (
                  <>
                    {' '}
                    · <span className="text-warning">{t('expiringSoon')}</span>
                  </>
                ) : null}
              </span>
              <span className="flex flex-wrap gap-1">
                {a.apiKey.categories.map((c) => (
                  <Badge key={c}>{t(`categories.${c}`)}</Badge>
                ))}
              </span>
            </div>
          ) : (
            '—'
          )}
        </dd>
        {sync ? (
          <>
            <dt className="text-muted">{t('lastSync')}</dt>
            <dd>
              <ul className="grid grid-cols-2 gap-x-3 text-xs">
                {sync.datasets.map((d) => (
                  <li key={d.dataset}>
                    {td(d.dataset)}:{' '}
                    {d.lastSuccessAt ? (
                      format.relativeTime(new Date(d.lastSuccessAt), new Date())
                    ) : (
                      <span className="text-muted">{tc('never')}</span>
                    )}
                    {d.lastError ? <span className="text-danger"> ⚠</span> : null}
                  </li>
                ))}
              </ul>
            </dd>
          </>
        ) : null}
      </dl>
    </Card>
  );
}

function AccountDialog({
  account,
  onClose,
  onSaved,
}: {
  account: AccountView | null;
  onClose: () => void;
  onSaved: () => void;
}) {
  const t = useTranslations('accounts');
  const te = useTranslations('errors');
  const tc = useTranslations('common');
  const errorMessage = useErrorMessage();
  const [error, setError] = useState<string | null>(null);
  const [failures, setFailures] = useState<Failure[]>([]);
  const [sessionError, setSessionError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const apiKey = formText(form, 'apiKey').trim();
    const sessionText = formText(form, 'portalSession');
    const portalSession = sessionText.trim() ? parsePortalSession(sessionText) : null;
    setError(null);
    setFailures([]);
    setSessionError(null);
    if (sessionText.trim() && !portalSession) {
      setSessionError(t('sessionUnreadable'));
      return;
    }
    const body: Record<string, unknown> = {};
    if (!account) {
      body.name = formText(form, 'name');
      body.inn = formText(form, 'inn');
    } else {
      const name = formText(form, 'name');
      if (name && name !== account.name) body.name = name;
    }
    if (apiKey) body.apiKey = apiKey;
    if (portalSession) body.portalSession = portalSession;
    setBusy(true);
    try {
      const res = await api<{ checks: Record<string, string> }>(
        account ? `/api/accounts/${account.id}` : '/api/accounts',
        {
          method: account ? 'PATCH' : 'POST',
          json: body,
        },
      );
      const skipped = Object.entries(res.checks ?? {})
        .filter(([, v]) => v === 'skipped')
        .map(([k]) => t(`credential.${k}`));
      toast.success(
        account ? tc('saved') : t('created'),
        skipped.length > 0 ? { description: t('checksSkipped', { list: skipped.join(', ') }) } : undefined,
      );
      onSaved();
    } catch (err) {
      if (
        err instanceof ApiClientError &&
        err.code === 'CREDENTIAL_CHECK_FAILED' &&
        Array.isArray(err.details?.failures)
      ) {
        setFailures(err.details.failures as Failure[]);
      } else setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  const failureText = (f: Failure) => {
    const values: Record<string, string> = {};
    for (const [k, v] of Object.entries(f.details ?? {}))
      values[k] = Array.isArray(v)
        ? v
            .map((c) =>
              typeof c === 'string' && t.has(`categories.${c}`) ? t(`categories.${c}`) : String(c),
            )
            .join(', ')
        : String(v);
    return te.has(f.code) ? te(f.code, values) : f.message;
  };

  return (
    <Dialog
      open
      onOpenChange={(open) => !open && onClose()}
      title={account ? t('editTitle', { name: account.name }) : t('create')}
      description={account ? t('editHint') : t('createHint')}
      wide
    >
      <form onSubmit={(e) => void submit(e)} className="flex flex-col gap-3">
        <div className="grid gap-3 sm:grid-cols-2">
          <Field label={t('name')}>
            {(p) => <Input {...p} name="name" defaultValue={account?.name} required={!account} />}
          </Field>
          {!account ? (
            <Field label={t('inn')}>
              {(p) => <Input {...p} name="inn" required inputMode="numeric" pattern="\d{10}|\d{12}" />}
            </Field>
          ) : null}
        </div>
        <Field label={t('apiKey')} hint={account ? t('keepHint') : t('apiKeyHint')}>
          {(p) => <Input {...p} name="apiKey" type="password" autoComplete="off" required={!account} />}
        </Field>
        <Field
          label={t('portalSession')}
          hint={account ? t('keepHint') : t('portalSessionHint')}
          error={sessionError}
        >
          {(p) => (
            <Textarea
              {...p}
              name="portalSession"
              rows={5}
              required={!account}
              spellCheck={false}
              autoComplete="off"
            />
          )}
        </Field>
        {failures.length > 0 ? (
          <div
            role="alert"
            className="rounded-md border border-danger/40 bg-danger/10 p-3 text-sm"
            data-testid="credential-failures"
          >
            <p className="mb-1 font-medium text-danger">{t('checkFailed')}</p>
            <ul className="list-disc pl-5">
              {failures.map((f) => (
                <li key={`${f.credential}-${f.code}`}>
                  <span className="font-medium">{t(`credential.${f.credential}`)}:</span> {failureText(f)}
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        {error ? (
          <p role="alert" className="text-sm text-danger">
            {error}
          </p>
        ) : null}
        <div className="flex justify-end gap-2">
          <Button onClick={onClose}>{tc('cancel')}</Button>
          <Button type="submit" variant="primary" busy={busy}>
            {account ? tc('save') : t('checkAndCreate')}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
