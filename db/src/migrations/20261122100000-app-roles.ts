import { sql, type Kysely } from 'kysely';

/**
 * The two database roles the platform runs as.
 *
 * - `joycity_app`: what every service runs as (`SET ROLE` through the connection's startup options). It may
 *   read and write the product's tables, but it can never grant or revoke ADMIN (see the user_roles trigger).
 * - `joycity_bootstrap`: the only role allowed to grant or revoke ADMIN. Only the `admin:create` CLI uses it.
 *
 * Roles are cluster-wide, so they are created once and survive `down` (other databases, such as per-test
 * clones, may use them). The migrating user becomes a member of both so it can switch to them.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    DO $$
    BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'joycity_app') THEN
        BEGIN
          CREATE ROLE joycity_app NOLOGIN NOINHERIT;
        EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
        END;
      END IF;
      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'joycity_bootstrap') THEN
        BEGIN
          CREATE ROLE joycity_bootstrap NOLOGIN INHERIT;
        EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
        END;
      END IF;
    END
    $$;
  `.execute(db);

  // The bootstrap role does everything the app does, plus ADMIN grants.
  await sql`GRANT joycity_app TO joycity_bootstrap`.execute(db);
  // A non-superuser migrator needs membership to SET ROLE; for a superuser this is a harmless no-op.
  await sql`GRANT joycity_app, joycity_bootstrap TO CURRENT_USER`.execute(db);
  await sql`GRANT USAGE ON SCHEMA public TO joycity_app, joycity_bootstrap`.execute(db);

  // Every table and sequence the migrator creates from now on is usable by the app role; tables that need
  // narrower rights (audit_log, user_roles, the RBAC catalogue) revoke them in their own migration.
  await sql`
    ALTER DEFAULT PRIVILEGES IN SCHEMA public
      GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO joycity_app
  `.execute(db);
  await sql`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO joycity_app`.execute(
    db,
  );
  await sql`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT EXECUTE ON FUNCTIONS TO joycity_app`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    ALTER DEFAULT PRIVILEGES IN SCHEMA public
      REVOKE SELECT, INSERT, UPDATE, DELETE ON TABLES FROM joycity_app
  `.execute(db);
  await sql`ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE USAGE, SELECT ON SEQUENCES FROM joycity_app`.execute(
    db,
  );
  await sql`ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE EXECUTE ON FUNCTIONS FROM joycity_app`.execute(
    db,
  );
  await sql`REVOKE USAGE ON SCHEMA public FROM joycity_app, joycity_bootstrap`.execute(db);
}
