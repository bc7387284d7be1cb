import { sql, type Kysely } from 'kysely';

/**
 * The audit log is append-only. The app role may only INSERT and SELECT, and a trigger refuses UPDATE, DELETE
 * and TRUNCATE for everyone short of a superuser. The actor is kept by id and email snapshot without a
 * foreign key, so entries outlive the users they mention.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('audit_log')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('actor_user_id', 'uuid')
    .addColumn('actor_email', 'text')
    .addColumn('action', 'text', (c) => c.notNull().check(sql`action ~ '^[a-z][a-z_.]*$'`))
    .addColumn('outcome', 'text', (c) =>
      c
        .notNull()
        .defaultTo('success')
        .check(sql`outcome IN ('success', 'failure', 'denied')`),
    )
    .addColumn('target_type', 'text')
    .addColumn('target_id', 'text')
    .addColumn('ip', sql`inet`)
    .addColumn('user_agent', 'text')
    .addColumn('details', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .execute();
  await db.schema.createIndex('audit_log_at_idx').on('audit_log').column('at').execute();
  await db.schema
    .createIndex('audit_log_actor_idx')
    .on('audit_log')
    .columns(['actor_user_id', 'at'])
    .execute();
  await db.schema.createIndex('audit_log_action_idx').on('audit_log').columns(['action', 'at']).execute();

  await sql`
    CREATE FUNCTION audit_log_append_only() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'audit_log is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
    END
    $$
  `.execute(db);
  await sql`
    CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
      FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()
  `.execute(db);
  await sql`
    CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
      FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()
  `.execute(db);
  await sql`REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM joycity_app`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('audit_log').execute();
  await sql`DROP FUNCTION audit_log_append_only()`.execute(db);
}
