import { getFormatter, getTranslations } from 'next-intl/server';
import Link from 'next/link';
import { Badge, PageHeader, Table, Td, Th } from '../../../src/ui/kit.tsx';
import { apiGet, requirePermission } from '../../../src/web/server.ts';

export async function generateMetadata() {
  return { title: (await getTranslations('audit'))('title') };
}

interface AuditEntry {
  id: number;
  at: string;
  actorEmail: string | null;
  action: string;
  outcome: 'success' | 'failure' | 'denied';
  targetType: string | null;
  targetId: string | null;
  ip: string | null;
  details: Record<string, unknown>;
}

const FILTERS = ['actionPrefix', 'actorEmail', 'targetType', 'targetId', 'outcome', 'from', 'to'] as const;

/** Fully server-rendered: the filter form is a plain GET form, paging is keyset (`before`). */
export default async function AuditPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  await requirePermission('audit.read');
  const t = await getTranslations('audit');
  const format = await getFormatter();
  const params = await searchParams;
  const query = new URLSearchParams({ limit: '100' });
  for (const key of FILTERS) {
    const value = params[key]?.trim();
    if (!value) continue;
    query.set(
      key,
      key === 'from' || key === 'to' ? new Date(`${value}T00:00:00+03:00`).toISOString() : value,
    );
  }
  if (params.before) query.set('before', params.before);
  const page = await apiGet<{ items: AuditEntry[]; nextCursor: number | null }>(`/api/audit?${query}`);
  const nextParams = new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => !!e[1]));
  if (page.nextCursor) nextParams.set('before', String(page.nextCursor));

  const input = 'h-9 rounded-md border border-border bg-surface px-2 text-sm';
  return (
    <>
      <PageHeader title={t('title')} description={t('description')} />
      <form method="get" className="mb-3 flex flex-wrap items-end gap-2" role="search">
        <input
          name="actionPrefix"
          defaultValue={params.actionPrefix}
          placeholder={t('action')}
          aria-label={t('action')}
          className={input}
        />
        <input
          name="actorEmail"
          defaultValue={params.actorEmail}
          placeholder={t('actor')}
          aria-label={t('actor')}
          className={input}
        />
        <input
          name="targetType"
          defaultValue={params.targetType}
          placeholder={t('targetType')}
          aria-label={t('targetType')}
          className={input}
        />
        <input
          name="targetId"
          defaultValue={params.targetId}
          placeholder={t('targetId')}
          aria-label={t('targetId')}
          className={input}
        />
        <select
          name="outcome"
          defaultValue={params.outcome ?? ''}
          aria-label={t('outcome')}
          className={input}
        >
          <option value="">{t('anyOutcome')}</option>
          <option value="success">{t('outcomes.success')}</option>
          <option value="failure">{t('outcomes.failure')}</option>
          <option value="denied">{t('outcomes.denied')}</option>
        </select>
        <label className="text-sm">
          {t('from')} <input type="date" name="from" defaultValue={params.from} className={input} />
        </label>
        <label className="text-sm">
          {t('to')} <input type="date" name="to" defaultValue={params.to} className={input} />
        </label>
        <button type="submit" className="h-9 rounded-md bg-accent px-3 text-sm font-medium text-accent-fg">
          {t('apply')}
        </button>
      </form>
      <Table label={t('title')}>
        <thead>
          <tr>
            <Th>{t('at')}</Th>
            <Th>{t('action')}</Th>
            <Th>{t('actor')}</Th>
            <Th>{t('target')}</Th>
            <Th>{t('ip')}</Th>
            <Th>{t('details')}</Th>
          </tr>
        </thead>
        <tbody>
          {page.items.length === 0 ? (
            <tr>
              <Td colSpan={6} className="py-8 text-center text-muted">
                {t('empty')}
              </Td>
            </tr>
          ) : (
            page.items.map((e) => (
              <tr key={e.id}>
                <Td className="whitespace-nowrap">{format.dateTime(new Date(e.at), 'short')}</Td>
                <Td>
                  <span className="font-mono text-xs">{e.action}</span>{' '}
                  {e.outcome !== 'success' ? <Badge tone="danger">{t(`outcomes.${e.outcome}`)}</Badge> : null}
                </Td>
                <Td>{e.actorEmail ?? '—'}</Td>
                <Td className="font-mono text-xs">
                  {e.targetType ? `${e.targetType}:${e.targetId ?? ''}` : '—'}
                </Td>
                <Td className="font-mono text-xs">{e.ip ?? '—'}</Td>
                <Td className="max-w-96">
                  <code
                    className="line-clamp-2 break-all text-xs text-muted"
                    title={JSON.stringify(e.details)}
                  >
                    {JSON.stringify(e.details)}
                  </code>
                </Td>
              </tr>
            ))
          )}
        </tbody>
      </Table>
      {page.nextCursor ? (
        <div className="mt-3">
          <Link href={`/audit?${nextParams}`} className="text-sm text-accent underline">
            {t('older')}
          </Link>
        </div>
      ) : null}
    </>
  );
}
