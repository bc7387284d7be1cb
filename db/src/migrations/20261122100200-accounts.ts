import { sql, type Kysely } from 'kysely';

/**
 * Legal-entity accounts (WB seller cabinets). Credentials are stored only as AES-256-GCM envelopes
 * (`*_enc`, see shared/crypto); what the admin shows about a key (expiry, categories, type) is decoded from
 * its JWT when it is saved and kept beside it in clear, because none of that is secret.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('accounts')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('name', 'text', (c) => c.notNull().check(sql`length(btrim(name)) BETWEEN 1 AND 200`))
    .addColumn('inn', 'text', (c) => c.notNull().check(sql`inn ~ '^[0-9]{10}([0-9]{2})?$'`))
    .addColumn('wb_supplier_id', 'text')
    .addColumn('wb_supplier_oid', 'bigint')
    .addColumn('portal_session_enc', 'text')
    .addColumn('api_key_enc', 'text')
    .addColumn('api_key_expires_at', 'timestamptz')
    .addColumn('api_key_categories', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
    .addColumn('api_key_type', 'text')
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('active')
        .check(sql`status IN ('active', 'disabled')`),
    )
    .addColumn('session_status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('unknown')
        .check(sql`session_status IN ('unknown', 'ok', 'needs_relogin')`),
    )
    .addColumn('session_checked_at', 'timestamptz')
    .addColumn('key_status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('unknown')
        .check(sql`key_status IN ('unknown', 'ok', 'invalid', 'expired')`),
    )
    .addColumn('key_status_reason', 'text')
    .addColumn('key_checked_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('accounts_inn_key', ['inn'])
    .addUniqueConstraint('accounts_wb_supplier_id_key', ['wb_supplier_id'])
    .execute();

  // Each user works in one account at a time.
  await db.schema
    .alterTable('users')
    .addColumn('current_account_id', 'integer', (c) => c.references('accounts.id').onDelete('set null'))
    .execute();
  await db.schema
    .createIndex('users_current_account_id_idx')
    .on('users')
    .column('current_account_id')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').dropColumn('current_account_id').execute();
  await db.schema.dropTable('accounts').execute();
}
