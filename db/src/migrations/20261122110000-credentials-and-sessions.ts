import { sql, type Kysely } from 'kysely';

/**
 * What authentication and the credential store need beyond the foundation schema.
 *
 * - accounts: non-secret facts about the stored credentials, kept in clear so listing accounts never needs a
 *   decryption: the API key's mask (last characters only), read-only and test flags, when each credential was
 *   last replaced, the portal cookie names, and a version of the portal session that the proxy's updates bump
 *   (so a replica can tell a stale copy from the current one).
 * - users: when they last signed in, for the admin's user list.
 * - audit_log: an index for "everything about this user/account".
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('accounts')
    .addColumn('api_key_mask', 'text')
    .addColumn('api_key_read_only', 'boolean')
    .addColumn('api_key_test', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('api_key_updated_at', 'timestamptz')
    .addColumn('portal_cookie_names', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
    .addColumn('portal_session_version', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('portal_session_updated_at', 'timestamptz')
    .addColumn('session_status_reason', 'text')
    .execute();

  await db.schema.alterTable('users').addColumn('last_login_at', 'timestamptz').execute();

  await db.schema
    .createIndex('audit_log_target_idx')
    .on('audit_log')
    .columns(['target_type', 'target_id', 'at'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('audit_log_target_idx').execute();
  await db.schema.alterTable('users').dropColumn('last_login_at').execute();
  await db.schema
    .alterTable('accounts')
    .dropColumn('api_key_mask')
    .dropColumn('api_key_read_only')
    .dropColumn('api_key_test')
    .dropColumn('api_key_updated_at')
    .dropColumn('portal_cookie_names')
    .dropColumn('portal_session_version')
    .dropColumn('portal_session_updated_at')
    .dropColumn('session_status_reason')
    .execute();
}
