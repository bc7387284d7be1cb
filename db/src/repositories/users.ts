import type { Executor } from '../client.ts';
import type { NewUser, RoleCode, User } from '../schema.ts';

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
