import { getFormatter, getTranslations } from 'next-intl/server';
import { PageHeader, Table, Td, Th } from '../../../src/ui/kit.tsx';
import { apiGet, requirePermission } from '../../../src/web/server.ts';

export async function generateMetadata() {
  return { title: (await getTranslations('proxyRoutes'))('title') };
}

interface Observation {
  host: string;
  method: string;
  pathPattern: string;
  sampleShape: Record<string, unknown>;
  hits: number;
  firstSeenAt: string;
  lastSeenAt: string;
}

export default async function ProxyRoutesPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  await requirePermission('proxy.routes.read');
  const t = await getTranslations('proxyRoutes');
  const format = await getFormatter();
  const { q } = await searchParams;
  const data = await apiGet<{ items: Observation[]; total: number }>(
    `/api/proxy/routes?limit=500${q ? `&q=${encodeURIComponent(q)}` : ''}`,
  );
  return (
    <>
      <PageHeader title={t('title')} description={t('description', { count: data.total })} />
      <form method="get" role="search" className="mb-3 flex gap-2">
        <input
          name="q"
          defaultValue={q}
          placeholder={t('search')}
          aria-label={t('search')}
          className="h-9 w-80 rounded-md border border-border bg-surface px-2 text-sm"
        />
        <button type="submit" className="h-9 rounded-md border border-border bg-surface px-3 text-sm">
          {t('find')}
        </button>
      </form>
      <Table label={t('title')}>
        <thead>
          <tr>
            <Th>{t('route')}</Th>
            <Th>{t('hits')}</Th>
            <Th>{t('firstSeen')}</Th>
            <Th>{t('lastSeen')}</Th>
            <Th>{t('shape')}</Th>
          </tr>
        </thead>
        <tbody>
          {data.items.length === 0 ? (
            <tr>
              <Td colSpan={5} className="py-8 text-center text-muted">
                {t('empty')}
              </Td>
            </tr>
          ) : (
            data.items.map((r) => (
              <tr key={`${r.host} ${r.method} ${r.pathPattern}`}>
                <Td>
                  <span className="font-mono text-xs">
                    <b>{r.method}</b> {r.host}
                    {r.pathPattern}
                  </span>
                </Td>
                <Td>{format.number(r.hits)}</Td>
                <Td className="whitespace-nowrap">{format.dateTime(new Date(r.firstSeenAt), 'short')}</Td>
                <Td className="whitespace-nowrap">{format.dateTime(new Date(r.lastSeenAt), 'short')}</Td>
                <Td>
                  <details>
                    <summary className="cursor-pointer text-sm text-accent">{t('showShape')}</summary>
                    <pre className="mt-2 max-h-80 max-w-xl overflow-auto rounded bg-surface-2 p-2 text-xs">
                      {JSON.stringify(r.sampleShape, null, 2)}
                    </pre>
                  </details>
                </Td>
              </tr>
            ))
          )}
        </tbody>
      </Table>
    </>
  );
}
