import { sql } from 'kysely';
import type { Executor } from '../client.ts';
import type { NewUser, RoleCode, User, UserUpdate } from '../schema.ts';

/** Columns safe to hand to any caller: everything except the password hash. */
export const PUBLIC_USER_COLUMNS = [
  'users.id',
  'users.email',
  'users.name',
  'users.avatar_key',
  'users.locale',
  'users.theme',
  'users.disabled',
  'users.current_account_id',
  'users.last_login_at',
  'users.created_at',
  'users.updated_at',
] as const;

export type PublicUser = Omit<User, 'password_hash' | 'password_changed_at'>;

/** Emails are compared case-insensitively; the table stores them lower-cased (a CHECK enforces it). */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export async function createUser(db: Executor, user: NewUser): Promise<PublicUser> {
  return db
    .insertInto('users')
    .values({ ...user, email: normalizeEmail(user.email) })
    .returning(PUBLIC_USER_COLUMNS)
    .executeTakeFirstOrThrow();
}

/** Includes the password hash: for login and password changes only. */
export async function findUserWithSecretByEmail(db: Executor, email: string): Promise<User | undefined> {
  return db.selectFrom('users').selectAll().where('email', '=', normalizeEmail(email)).executeTakeFirst();
}

export async function findUserByEmail(db: Executor, email: string): Promise<PublicUser | undefined> {
  return db
    .selectFrom('users')
    .select(PUBLIC_USER_COLUMNS)
    .where('email', '=', normalizeEmail(email))
    .executeTakeFirst();
}

export async function findUserById(db: Executor, id: string): Promise<PublicUser | undefined> {
  return db.selectFrom('users').select(PUBLIC_USER_COLUMNS).where('id', '=', id).executeTakeFirst();
}

/** Grants roles; granting one the user already has is a no-op. ADMIN only succeeds as the bootstrap role. */
export async function grantRoles(
  db: Executor,
  userId: string,
  roles: readonly RoleCode[],
  grantedBy: string | null = null,
): Promise<void> {
  if (roles.length === 0) return;
  await db
    .insertInto('user_roles')
    .values(roles.map((role_code) => ({ user_id: userId, role_code, granted_by: grantedBy })))
    .onConflict((oc) => oc.columns(['user_id', 'role_code']).doNothing())
    .execute();
}

export async function listUserRoles(db: Executor, userId: string): Promise<RoleCode[]> {
  const rows = await db
    .selectFrom('user_roles')
    .select('role_code')
    .where('user_id', '=', userId)
    .orderBy('role_code')
    .execute();
  return rows.map((r) => r.role_code as RoleCode);
}

/** The union of the permissions of the user's roles. */
export async function listUserPermissions(db: Executor, userId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('user_roles')
    .innerJoin('role_permissions', 'role_permissions.role_code', 'user_roles.role_code')
    .select('role_permissions.permission_code')
    .distinct()
    .where('user_roles.user_id', '=', userId)
    .orderBy('role_permissions.permission_code')
    .execute();
  return rows.map((r) => r.permission_code);
}

/** Includes the password hash: for password changes only. */
export async function findUserWithSecretById(db: Executor, id: string): Promise<User | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export interface UserListFilter {
  /** Matches email or name, case-insensitively, anywhere. */
  search?: string;
  role?: RoleCode;
  accountId?: number;
  disabled?: boolean;
  limit?: number;
  offset?: number;
}

export type UserWithRoles = PublicUser & { roles: RoleCode[] };

/**
 * One page of users with their roles, and the total count for the filter, ordered by email.
 *
 * @example
 * const { items, total } = await listUsers(db, { search: 'anna', role: 'MANAGER', limit: 50 });
 */
export async function listUsers(
  db: Executor,
  filter: UserListFilter = {},
): Promise<{ items: UserWithRoles[]; total: number }> {
  let query = db.selectFrom('users');
  if (filter.search) {
    const pattern = `%${filter.search.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
    query = query.where((eb) =>
      eb.or([eb('users.email', 'ilike', pattern), eb('users.name', 'ilike', pattern)]),
    );
  }
  if (filter.role) {
    const role = filter.role;
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('user_roles')
          .select('user_roles.user_id')
          .whereRef('user_roles.user_id', '=', 'users.id')
          .where('user_roles.role_code', '=', role),
      ),
    );
  }
  if (filter.accountId !== undefined) query = query.where('users.current_account_id', '=', filter.accountId);
  if (filter.disabled !== undefined) query = query.where('users.disabled', '=', filter.disabled);

  const [items, count] = await Promise.all([
    query
      .select(PUBLIC_USER_COLUMNS)
      .select((eb) =>
        eb
          .selectFrom('user_roles')
          .select(sql<RoleCode[]>`coalesce(array_agg(role_code ORDER BY role_code), '{}')`.as('r'))
          .whereRef('user_roles.user_id', '=', 'users.id')
          .as('roles'),
      )
      .orderBy('users.email')
      .limit(filter.limit ?? 50)
      .offset(filter.offset ?? 0)
      .execute(),
    query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: items.map((u) => ({ ...u, roles: u.roles ?? [] })), total: Number(count.n) };
}

/** Updates a user's own columns and stamps `updated_at`. */
export async function updateUser(
  db: Executor,
  id: string,
  changes: Omit<UserUpdate, 'id' | 'created_at' | 'updated_at'>,
): Promise<PublicUser | undefined> {
  return db
    .updateTable('users')
    .set({
      ...changes,
      ...(changes.email ? { email: normalizeEmail(changes.email) } : {}),
      updated_at: sql<Date>`now()`,
    })
    .where('id', '=', id)
    .returning(PUBLIC_USER_COLUMNS)
    .executeTakeFirst();
}

/**
 * Makes a user's roles exactly `roles` and reports what changed. Whether the caller may make this change is
 * decided before (the API refuses ADMIN); the database trigger refuses ADMIN changes for the app role anyway.
 */
export async function setUserRoles(
  db: Executor,
  userId: string,
  roles: readonly RoleCode[],
  grantedBy: string | null,
): Promise<{ added: RoleCode[]; removed: RoleCode[] }> {
  const current = await listUserRoles(db, userId);
  const wanted = new Set(roles);
  const added = [...wanted].filter((r) => !current.includes(r)).sort();
  const removed = current.filter((r) => !wanted.has(r));
  if (removed.length > 0) {
    await db
      .deleteFrom('user_roles')
      .where('user_id', '=', userId)
      .where('role_code', 'in', removed)
      .execute();
  }
  await grantRoles(db, userId, added, grantedBy);
  return { added, removed };
}
