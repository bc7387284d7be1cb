import { getTranslations } from 'next-intl/server';
import type { SessionItem } from '../../../src/ui/sessions-table.tsx';
import { SessionsTable } from '../../../src/ui/sessions-table.tsx';
import { PageHeader } from '../../../src/ui/kit.tsx';
import { apiGet } from '../../../src/web/server.ts';

export async function generateMetadata() {
  return { title: (await getTranslations('sessions'))('title') };
}

export default async function SessionsPage() {
  const t = await getTranslations('sessions');
  const { items } = await apiGet<{ items: SessionItem[] }>('/api/sessions');
  return (
    <>
      <PageHeader title={t('title')} description={t('description')} />
      <SessionsTable initial={items} />
    </>
  );
}
