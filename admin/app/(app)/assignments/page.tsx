import { getTranslations } from 'next-intl/server';
import { AssignmentsView, type AssignmentSummary } from '../../../src/ui/assignments-view.tsx';
import { EmptyState } from '../../../src/ui/kit.tsx';
import { apiGet, requirePermission } from '../../../src/web/server.ts';
import type { AccountView } from '../../../src/web/types.ts';

export async function generateMetadata() {
  return { title: (await getTranslations('assignments'))('title') };
}

/** The current Moscow month, 'YYYY-MM'. */
function currentMonth(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Moscow', year: 'numeric', month: '2-digit' })
    .format(new Date())
    .slice(0, 7);
}

export default async function AssignmentsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const me = await requirePermission('assignments.read');
  const t = await getTranslations('assignments');
  const params = await searchParams;
  const month = /^\d{4}-(0[1-9]|1[0-2])$/.test(params.month ?? '') ? params.month! : currentMonth();
  const accounts = await apiGet<{ items: AccountView[] }>('/api/accounts');
  const account = accounts.items.find((a) => String(a.id) === params.accountId) ?? accounts.items[0];
  if (!account) return <EmptyState title={t('noAccounts')} hint={t('noAccountsHint')} />;
  const summary = await apiGet<AssignmentSummary>(`/api/assignments?accountId=${account.id}&month=${month}`);
  return (
    <AssignmentsView
      accounts={accounts.items.map((a) => ({ id: a.id, name: a.name }))}
      accountId={account.id}
      month={month}
      summary={summary}
      canWrite={me.permissions.includes('assignments.write')}
    />
  );
}
