import { sql, type Kysely } from 'kysely';

/**
 * Users, roles, permissions and grants. Permissions are data: a role is a row, its permissions are rows, and
 * the API checks permissions, never role names. ADMIN grants are guarded by a trigger that only the
 * `joycity_bootstrap` role passes, so even raw SQL as `joycity_app` cannot make or unmake an admin.
 */
const ROLES: Array<[code: string, description: string]> = [
  ['ADMIN', 'Runs the platform: users, accounts, assignments, settings'],
  ['DIRECTOR', 'Leadership: KPI rankings, finance and logistics overview'],
  ['HEAD_OF_SALES', 'Leads the managers: rankings and assignments'],
  ['MANAGER', 'Works in the filtered WB seller portal on assigned articles'],
  ['LOGISTICIAN', 'Plans office to warehouse shipments'],
  ['ACCOUNTANT', 'Reads finance data and balances'],
  ['ANALYST', 'Reads synced data, KPI and sync status'],
  ['CONTENT_MANAGER', 'Works on cards in the filtered portal'],
  ['SUPPORT', 'Helps users: reads users and sessions, revokes sessions'],
  ['AUDITOR', 'Reads the audit log'],
  ['SWAGGER', 'May open the API documentation (Swagger UI)'],
  ['BACKUP_OPERATOR', 'Runs and lists database backups'],
];

const PERMISSIONS: Array<[code: string, description: string]> = [
  ['users.read', 'List and view users'],
  ['users.write', 'Create and edit users, grant non-ADMIN roles'],
  ['users.reset_password', "Reset another user's password"],
  ['sessions.revoke_any', "Revoke any user's session"],
  ['accounts.read', 'List legal-entity accounts and their status'],
  ['accounts.write', 'Create accounts and replace their credentials'],
  ['assignments.read', 'View monthly article assignments'],
  ['assignments.write', 'Edit and import monthly article assignments'],
  ['kpi.read', 'View KPI rankings of managers'],
  ['settings.write', 'Change settings such as KPI weights'],
  ['logistics.read', 'View office stock and shipment plans'],
  ['logistics.write', 'Edit office stock and shipment plans'],
  ['finance.read', 'View synced finance data and balances'],
  ['sync.read', 'View sync status, lag and key health'],
  ['sync.run', 'Start a sync by hand'],
  ['audit.read', 'Read the audit log'],
  ['backups.read', 'List backups'],
  ['backups.run', 'Start a backup'],
  ['swagger.view', 'Open Swagger UI and the OpenAPI document'],
  ['proxy.access', 'Use the filtered WB seller portal'],
  ['proxy.routes.read', 'View routes the proxy met without a specific filter rule'],
];

const ROLE_PERMISSIONS: Record<string, string[]> = {
  ADMIN: PERMISSIONS.map(([code]) => code).filter((code) => code !== 'proxy.access'),
  DIRECTOR: [
    'users.read',
    'accounts.read',
    'assignments.read',
    'kpi.read',
    'logistics.read',
    'finance.read',
    'sync.read',
  ],
  HEAD_OF_SALES: [
    'users.read',
    'accounts.read',
    'assignments.read',
    'assignments.write',
    'kpi.read',
    'sync.read',
  ],
  MANAGER: ['proxy.access'],
  LOGISTICIAN: ['accounts.read', 'logistics.read', 'logistics.write'],
  ACCOUNTANT: ['accounts.read', 'finance.read', 'sync.read'],
  ANALYST: [
    'accounts.read',
    'assignments.read',
    'kpi.read',
    'finance.read',
    'sync.read',
    'proxy.routes.read',
  ],
  CONTENT_MANAGER: ['proxy.access'],
  SUPPORT: ['users.read', 'sessions.revoke_any', 'sync.read'],
  AUDITOR: ['audit.read', 'users.read'],
  SWAGGER: ['swagger.view'],
  BACKUP_OPERATOR: ['backups.read', 'backups.run'],
};

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('roles')
    .addColumn('code', 'text', (c) => c.primaryKey().check(sql`code ~ '^[A-Z][A-Z_]*$'`))
    .addColumn('description', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('permissions')
    .addColumn('code', 'text', (c) => c.primaryKey().check(sql`code ~ '^[a-z][a-z_.]*$'`))
    .addColumn('description', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('role_permissions')
    .addColumn('role_code', 'text', (c) => c.notNull().references('roles.code').onDelete('cascade'))
    .addColumn('permission_code', 'text', (c) =>
      c.notNull().references('permissions.code').onDelete('cascade'),
    )
    .addPrimaryKeyConstraint('role_permissions_pkey', ['role_code', 'permission_code'])
    .execute();

  await db.schema
    .createTable('users')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('email', 'text', (c) =>
      c.notNull().check(sql`email = lower(email) AND email ~ '^[^@\\s]+@[^@\\s]+$' AND length(email) <= 254`),
    )
    .addColumn('name', 'text', (c) => c.notNull().check(sql`length(btrim(name)) BETWEEN 1 AND 200`))
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('avatar_key', 'text')
    .addColumn('locale', 'text', (c) =>
      c
        .notNull()
        .defaultTo('ru')
        .check(sql`locale IN ('ru', 'en')`),
    )
    .addColumn('theme', 'text', (c) =>
      c
        .notNull()
        .defaultTo('system')
        .check(sql`theme IN ('light', 'dark', 'system')`),
    )
    .addColumn('disabled', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('password_changed_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('users_email_key', ['email'])
    .execute();

  await db.schema
    .createTable('user_roles')
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('restrict'))
    .addColumn('role_code', 'text', (c) => c.notNull().references('roles.code').onDelete('restrict'))
    .addColumn('granted_by', 'uuid', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('granted_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('user_roles_pkey', ['user_id', 'role_code'])
    .execute();
  await db.schema.createIndex('user_roles_role_code_idx').on('user_roles').column('role_code').execute();

  // The guard. It checks the *current* role, which the app cannot change to one that passes: joycity_app is
  // not a member of joycity_bootstrap. A superuser passes, as it can disable any trigger anyway.
  await sql`
    CREATE FUNCTION protect_admin_grants() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
      IF (TG_OP IN ('INSERT', 'UPDATE') AND NEW.role_code = 'ADMIN')
         OR (TG_OP IN ('UPDATE', 'DELETE') AND OLD.role_code = 'ADMIN') THEN
        IF NOT pg_has_role(current_user, 'joycity_bootstrap', 'USAGE') THEN
          RAISE EXCEPTION 'the ADMIN role can only be granted or revoked by the bootstrap CLI (admin:create)'
            USING ERRCODE = 'insufficient_privilege', HINT = 'npm run cli -- admin:create';
        END IF;
      END IF;
      IF TG_OP = 'DELETE' THEN
        RETURN OLD;
      END IF;
      RETURN NEW;
    END
    $$
  `.execute(db);
  await sql`
    CREATE TRIGGER user_roles_protect_admin
      BEFORE INSERT OR UPDATE OR DELETE ON user_roles
      FOR EACH ROW EXECUTE FUNCTION protect_admin_grants()
  `.execute(db);

  await sql`
    CREATE FUNCTION forbid_truncate() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'TRUNCATE of % is not allowed', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
    END
    $$
  `.execute(db);
  await sql`
    CREATE TRIGGER user_roles_no_truncate BEFORE TRUNCATE ON user_roles
      FOR EACH STATEMENT EXECUTE FUNCTION forbid_truncate()
  `.execute(db);

  // The catalogue is data the app reads; only migrations change it. Neither the app nor the bootstrap role may
  // rename ADMIN or hand its permissions to another role.
  await sql`REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON roles, permissions, role_permissions FROM joycity_app`.execute(
    db,
  );
  await sql`REVOKE TRUNCATE ON user_roles FROM joycity_app`.execute(db);

  await db
    .insertInto('roles')
    .values(ROLES.map(([code, description]) => ({ code, description })))
    .execute();
  await db
    .insertInto('permissions')
    .values(PERMISSIONS.map(([code, description]) => ({ code, description })))
    .execute();
  await db
    .insertInto('role_permissions')
    .values(
      Object.entries(ROLE_PERMISSIONS).flatMap(([role_code, perms]) =>
        perms.map((permission_code) => ({ role_code, permission_code })),
      ),
    )
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('user_roles').execute();
  await sql`DROP FUNCTION protect_admin_grants()`.execute(db);
  await db.schema.dropTable('users').execute();
  await db.schema.dropTable('role_permissions').execute();
  await db.schema.dropTable('permissions').execute();
  await db.schema.dropTable('roles').execute();
  await sql`DROP FUNCTION forbid_truncate()`.execute(db);
}
