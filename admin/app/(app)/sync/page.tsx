import { getTranslations } from 'next-intl/server';
import { SyncView, type SyncStatusPayload } from '../../../src/ui/sync-view.tsx';
import { apiGet, requirePermission } from '../../../src/web/server.ts';

export async function generateMetadata() {
  return { title: (await getTranslations('sync'))('title') };
}

export default async function SyncPage() {
  const me = await requirePermission('sync.read');
  const data = await apiGet<SyncStatusPayload>('/api/sync/status');
  return <SyncView data={data} canRun={me.permissions.includes('sync.run')} />;
}
