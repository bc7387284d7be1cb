import type { Executor } from '../client.ts';
import type { Account } from '../schema.ts';

/** Everything about an account except its encrypted credentials, which only the credential service reads. */
export const ACCOUNT_SUMMARY_COLUMNS = [
  'accounts.id',
  'accounts.name',
  'accounts.inn',
  'accounts.wb_supplier_id',
  'accounts.wb_supplier_oid',
  'accounts.api_key_expires_at',
  'accounts.api_key_categories',
  'accounts.api_key_type',
  'accounts.api_key_mask',
  'accounts.api_key_read_only',
  'accounts.api_key_test',
  'accounts.api_key_updated_at',
  'accounts.portal_cookie_names',
  'accounts.portal_session_version',
  'accounts.portal_session_updated_at',
  'accounts.status',
  'accounts.session_status',
  'accounts.session_checked_at',
  'accounts.session_status_reason',
  'accounts.key_status',
  'accounts.key_status_reason',
  'accounts.key_checked_at',
  'accounts.created_at',
  'accounts.updated_at',
] as const;

export type AccountSummary = Omit<Account, 'portal_session_enc' | 'api_key_enc'>;

export async function listAccounts(db: Executor): Promise<AccountSummary[]> {
  return db.selectFrom('accounts').select(ACCOUNT_SUMMARY_COLUMNS).orderBy('accounts.id').execute();
}

export async function findAccountById(db: Executor, id: number): Promise<AccountSummary | undefined> {
  return db.selectFrom('accounts').select(ACCOUNT_SUMMARY_COLUMNS).where('id', '=', id).executeTakeFirst();
}

/** The encrypted credentials of one account, locked for update when `forUpdate` (a read-modify-write). */
export async function findAccountCredentials(
  db: Executor,
  id: number,
  options: { forUpdate?: boolean } = {},
): Promise<
  | Pick<Account, 'id' | 'portal_session_enc' | 'api_key_enc' | 'portal_session_version' | 'session_status'>
  | undefined
> {
  let query = db
    .selectFrom('accounts')
    .select(['id', 'portal_session_enc', 'api_key_enc', 'portal_session_version', 'session_status'])
    .where('id', '=', id);
  if (options.forUpdate) query = query.forUpdate();
  return query.executeTakeFirst();
}
