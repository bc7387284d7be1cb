import { getTranslations } from 'next-intl/server';
import { UsersView, type UserPage } from '../../../src/ui/users-view.tsx';
import { apiGet, requirePermission } from '../../../src/web/server.ts';
import type { AccountView } from '../../../src/web/types.ts';

export async function generateMetadata() {
  return { title: (await getTranslations('users'))('title') };
}

const PAGE = 50;

export default async function UsersPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const me = await requirePermission('users.read');
  const params = await searchParams;
  const query = new URLSearchParams();
  for (const key of ['q', 'role', 'accountId', 'disabled'] as const) {
    const value = params[key];
    if (value) query.set(key, value);
  }
  const page = Math.max(0, Number(params.page ?? 0) || 0);
  query.set('limit', String(PAGE));
  query.set('offset', String(page * PAGE));
  // Independent reads in parallel: no waterfall.
  const [users, accounts] = await Promise.all([
    apiGet<UserPage>(`/api/users?${query}`),
    me.permissions.includes('accounts.read')
      ? apiGet<{ items: AccountView[] }>('/api/accounts')
      : Promise.resolve({ items: [] }),
  ]);
  return (
    <UsersView
      me={me}
      users={users}
      accounts={accounts.items.map((a) => ({ id: a.id, name: a.name }))}
      filters={{
        q: params.q ?? '',
        role: params.role ?? '',
        accountId: params.accountId ?? '',
        disabled: params.disabled ?? '',
      }}
      page={page}
      pageSize={PAGE}
    />
  );
}
