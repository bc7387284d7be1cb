import { sql, type Kysely } from 'kysely';

/**
 * Login sessions. One row per login (a device). The refresh token rotates on every use: the row keeps the
 * hash of the current token, and every spent hash goes to `session_spent_tokens`, so presenting a spent token
 * is recognised as reuse and revokes the whole family.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('sessions')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('family_id', 'uuid', (c) => c.notNull().defaultTo(sql`gen_random_uuid()`))
    .addColumn('refresh_token_hash', 'bytea', (c) => c.notNull())
    .addColumn('generation', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('device', 'text')
    .addColumn('user_agent', 'text')
    .addColumn('ip', sql`inet`)
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('last_used_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('revoked_at', 'timestamptz')
    .addColumn('revoked_reason', 'text', (c) =>
      c.check(
        sql`revoked_reason IN ('logout', 'user', 'admin', 'reuse_detected', 'password_changed', 'disabled')`,
      ),
    )
    .addUniqueConstraint('sessions_refresh_token_hash_key', ['refresh_token_hash'])
    .execute();
  await db.schema
    .createIndex('sessions_user_id_idx')
    .on('sessions')
    .columns(['user_id', 'created_at'])
    .execute();
  await db.schema.createIndex('sessions_family_id_idx').on('sessions').column('family_id').execute();

  await db.schema
    .createTable('session_spent_tokens')
    .addColumn('token_hash', 'bytea', (c) => c.primaryKey())
    .addColumn('session_id', 'uuid', (c) => c.notNull().references('sessions.id').onDelete('cascade'))
    .addColumn('spent_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('session_spent_tokens_session_id_idx')
    .on('session_spent_tokens')
    .column('session_id')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('session_spent_tokens').execute();
  await db.schema.dropTable('sessions').execute();
}
