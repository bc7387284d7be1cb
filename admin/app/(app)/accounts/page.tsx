import { getTranslations } from 'next-intl/server';
import { AccountsView } from '../../../src/ui/accounts-view.tsx';
import type { SyncStatusPayload } from '../../../src/ui/sync-view.tsx';
import { apiGet, requirePermission } from '../../../src/web/server.ts';
import type { AccountView } from '../../../src/web/types.ts';

export async function generateMetadata() {
  return { title: (await getTranslations('accounts'))('title') };
}

export default async function AccountsPage() {
  const me = await requirePermission('accounts.read');
  const [accounts, sync] = await Promise.all([
    apiGet<{ items: AccountView[] }>('/api/accounts'),
    me.permissions.includes('sync.read')
      ? apiGet<SyncStatusPayload>('/api/sync/status')
      : Promise.resolve(null),
  ]);
  return (
    <AccountsView
      accounts={accounts.items}
      sync={sync}
      canWrite={me.permissions.includes('accounts.write')}
    />
  );
}
