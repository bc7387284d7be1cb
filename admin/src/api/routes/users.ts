import { z, type OpenAPIHono } from '@hono/zod-openapi';
import {
  createUser,
  findAccountById,
  findUserByEmail,
  findUserById,
  listUserRoles,
  listUsers,
  setUserRoles,
  updateUser,
  type RoleCode,
} from '@joycity/db';
import type { Principal } from '@joycity/shared/auth';
import { publishEvent } from '@joycity/shared/coordination';
import { hashPassword, passwordProblem } from '@joycity/shared/crypto';
import { apiRoute, requires } from '../access.ts';
import type { ApiEnv } from '../context.ts';
import { apiError } from '../errors.ts';
import { audit, principalOf } from '../request-context.ts';
import type { Services } from '../services.ts';
import { RoleSchema, UserSchema, errorResponses, json, jsonBody, userView } from '../views.ts';

const tags = ['users'];

const ADMIN_REFUSAL =
  'The ADMIN role cannot be granted or revoked through the API; an operator does it with `npm run cli -- admin:create`';

const Email = z.email().max(254);
const Password = z.string().max(200).openapi({ format: 'password' });

const NewUserBody = z
  .strictObject({
    email: Email,
    password: Password,
    name: z.string().trim().min(1).max(200),
    roles: z.array(RoleSchema).max(20),
    accountId: z.number().int().positive().nullable().optional(),
    locale: z.enum(['ru', 'en']).optional(),
  })
  .openapi('NewUser');

const UserChangesBody = z
  .strictObject({
    email: Email.optional(),
    name: z.string().trim().min(1).max(200).optional(),
    roles: z.array(RoleSchema).max(20).optional(),
    accountId: z.number().int().positive().nullable().optional(),
    disabled: z.boolean().optional(),
    locale: z.enum(['ru', 'en']).optional(),
    password: Password.optional().openapi({
      description: "Resets the user's password; needs `users.reset_password`",
    }),
  })
  .openapi('UserChanges');

const IdParam = z.object({ id: z.uuid() });

const list = apiRoute(requires('users.read'), {
  method: 'get',
  path: '/users',
  tags,
  summary: 'Users, with search and filters, one page at a time',
  request: {
    query: z.object({
      q: z.string().trim().max(200).optional().openapi({ description: 'Part of an email or name' }),
      role: RoleSchema.optional(),
      accountId: z.coerce.number().int().positive().optional(),
      disabled: z
        .enum(['true', 'false'])
        .optional()
        .transform((v) => (v === undefined ? undefined : v === 'true')),
      limit: z.coerce.number().int().min(1).max(200).default(50),
      offset: z.coerce.number().int().min(0).default(0),
    }),
  },
  responses: {
    200: json(z.object({ items: z.array(UserSchema), total: z.number().int() }), 'A page of users'),
    ...errorResponses(400, 401, 403),
  },
});

const get = apiRoute(requires('users.read'), {
  method: 'get',
  path: '/users/{id}',
  tags,
  summary: 'One user',
  request: { params: IdParam },
  responses: { 200: json(z.object({ user: UserSchema }), 'The user'), ...errorResponses(401, 403, 404) },
});

const create = apiRoute(requires('users.write'), {
  method: 'post',
  path: '/users',
  tags,
  summary: 'Create a user',
  description: `Roles may be any except ADMIN (403 \`ADMIN_GRANT_FORBIDDEN\`). ${ADMIN_REFUSAL}.`,
  request: { body: jsonBody(NewUserBody) },
  responses: {
    201: json(z.object({ user: UserSchema }), 'Created'),
    ...errorResponses(400, 401, 403, 409),
  },
});

const update = apiRoute(requires('users.write'), {
  method: 'patch',
  path: '/users/{id}',
  tags,
  summary: 'Change a user: name, email, roles, current account, disabled, password',
  description:
    'ADMIN cannot be granted or revoked (403 `ADMIN_GRANT_FORBIDDEN`); nobody can add roles to themselves ' +
    '(403 `SELF_ROLE_ESCALATION`); only an ADMIN may change an ADMIN. Disabling a user or resetting their ' +
    'password ends all their sessions at once.',
  request: { params: IdParam, body: jsonBody(UserChangesBody) },
  responses: {
    200: json(z.object({ user: UserSchema }), 'Updated'),
    ...errorResponses(400, 401, 403, 404, 409),
  },
});

function checkPassword(password: string) {
  const problem = passwordProblem(password);
  if (problem) throw apiError(400, 'PASSWORD_WEAK', `password ${problem}`);
}

async function checkAccount(services: Services, accountId: number | null | undefined) {
  if (accountId === undefined || accountId === null) return;
  if (!(await findAccountById(services.db, accountId))) {
    throw apiError(400, 'ACCOUNT_NOT_FOUND', `accountId: no account with id ${accountId}`);
  }
}

function isAdmin(principal: Principal) {
  return principal.roles.includes('ADMIN');
}

export function registerUserRoutes(api: OpenAPIHono<ApiEnv>, services: Services): void {
  api.openapi(list, async (c) => {
    const query = c.req.valid('query');
    const page = await listUsers(services.db, {
      ...(query.q ? { search: query.q } : {}),
      ...(query.role ? { role: query.role } : {}),
      ...(query.accountId !== undefined ? { accountId: query.accountId } : {}),
      ...(query.disabled !== undefined ? { disabled: query.disabled } : {}),
      limit: query.limit,
      offset: query.offset,
    });
    return c.json({ items: page.items.map((u) => userView(u, u.roles)), total: page.total }, 200);
  });

  api.openapi(get, async (c) => {
    const { id } = c.req.valid('param');
    const user = await findUserById(services.db, id);
    if (!user) throw apiError(404, 'USER_NOT_FOUND', 'No such user');
    return c.json({ user: userView(user, await listUserRoles(services.db, id)) }, 200);
  });

  api.openapi(create, async (c) => {
    const principal = principalOf(c);
    const body = c.req.valid('json');
    const roles = [...new Set(body.roles)].sort();
    if (roles.includes('ADMIN')) {
      await audit(c, services, {
        action: 'user.role_grant_denied',
        outcome: 'denied',
        target_type: 'user',
        target_id: body.email.toLowerCase(),
        details: { roles },
      });
      throw apiError(403, 'ADMIN_GRANT_FORBIDDEN', ADMIN_REFUSAL);
    }
    checkPassword(body.password);
    await checkAccount(services, body.accountId);
    if (await findUserByEmail(services.db, body.email)) {
      throw apiError(409, 'USER_EMAIL_TAKEN', 'A user with this email already exists');
    }
    const passwordHash = await hashPassword(body.password);
    const user = await services.db
      .transaction()
      .execute(async (trx) => {
        const created = await createUser(trx, {
          email: body.email,
          name: body.name,
          password_hash: passwordHash,
          current_account_id: body.accountId ?? null,
          ...(body.locale ? { locale: body.locale } : {}),
        });
        await setUserRoles(trx, created.id, roles, principal.userId);
        return created;
      })
      .catch((err: unknown) => {
        if ((err as { constraint?: string }).constraint === 'users_email_key') {
          throw apiError(409, 'USER_EMAIL_TAKEN', 'A user with this email already exists');
        }
        throw err;
      });
    await audit(c, services, {
      action: 'user.created',
      target_type: 'user',
      target_id: user.id,
      details: { email: user.email, roles, accountId: body.accountId ?? null },
    });
    return c.json({ user: userView(user, roles) }, 201);
  });

  api.openapi(update, async (c) => {
    const principal = principalOf(c);
    const { id } = c.req.valid('param');
    const body = c.req.valid('json');
    const target = await findUserById(services.db, id);
    if (!target) throw apiError(404, 'USER_NOT_FOUND', 'No such user');
    const currentRoles = await listUserRoles(services.db, id);
    const self = id === principal.userId;

    if (currentRoles.includes('ADMIN') && !isAdmin(principal)) {
      throw apiError(403, 'ADMIN_TARGET_FORBIDDEN', 'Only an administrator may change an administrator');
    }
    let roles: RoleCode[] | undefined;
    if (body.roles) {
      roles = [...new Set(body.roles)].sort();
      const added = roles.filter((r) => !currentRoles.includes(r));
      const removed = currentRoles.filter((r) => !roles!.includes(r));
      if (added.includes('ADMIN') || removed.includes('ADMIN')) {
        await audit(c, services, {
          action: 'user.role_grant_denied',
          outcome: 'denied',
          target_type: 'user',
          target_id: id,
          details: { added, removed },
        });
        throw apiError(403, 'ADMIN_GRANT_FORBIDDEN', ADMIN_REFUSAL);
      }
      if (self && added.length > 0) {
        await audit(c, services, {
          action: 'user.role_grant_denied',
          outcome: 'denied',
          target_type: 'user',
          target_id: id,
          details: { added, reason: 'self' },
        });
        throw apiError(
          403,
          'SELF_ROLE_ESCALATION',
          'You cannot add roles to yourself; ask another administrator',
        );
      }
    }
    if (body.password !== undefined) {
      if (!principal.permissions.has('users.reset_password')) {
        throw apiError(
          403,
          'FORBIDDEN',
          "You need the 'users.reset_password' permission to reset a password",
          {
            permission: 'users.reset_password',
          },
        );
      }
      checkPassword(body.password);
    }
    if (self && body.disabled === true) {
      throw apiError(400, 'CANNOT_DISABLE_SELF', 'You cannot disable yourself');
    }
    await checkAccount(services, body.accountId);
    if (body.email && body.email.toLowerCase() !== target.email) {
      const other = await findUserByEmail(services.db, body.email);
      if (other && other.id !== id)
        throw apiError(409, 'USER_EMAIL_TAKEN', 'A user with this email already exists');
    }

    const passwordHash = body.password !== undefined ? await hashPassword(body.password) : undefined;
    const changes = await services.db.transaction().execute(async (trx) => {
      await updateUser(trx, id, {
        ...(body.email !== undefined ? { email: body.email } : {}),
        ...(body.name !== undefined ? { name: body.name } : {}),
        ...(body.accountId !== undefined ? { current_account_id: body.accountId } : {}),
        ...(body.disabled !== undefined ? { disabled: body.disabled } : {}),
        ...(body.locale !== undefined ? { locale: body.locale } : {}),
        ...(passwordHash ? { password_hash: passwordHash, password_changed_at: new Date() } : {}),
      });
      const roleChanges = roles
        ? await setUserRoles(trx, id, roles, principal.userId)
        : { added: [], removed: [] };
      return roleChanges;
    });

    if (body.disabled === true && !target.disabled)
      await services.sessions.revoke({ userId: id }, 'disabled');
    if (passwordHash) await services.sessions.revoke({ userId: id }, 'password_changed');
    await publishEvent(services.coordinator, 'users.changed', { userIds: [id] });

    const fields = Object.keys(body).filter((k) => k !== 'password' && k !== 'roles');
    if (fields.length > 0) {
      await audit(c, services, {
        action: 'user.updated',
        target_type: 'user',
        target_id: id,
        details: {
          fields,
          ...(body.disabled !== undefined && body.disabled !== target.disabled
            ? { disabled: body.disabled }
            : {}),
          ...(body.accountId !== undefined ? { accountId: body.accountId } : {}),
        },
      });
    }
    if (changes.added.length > 0 || changes.removed.length > 0) {
      await audit(c, services, {
        action: 'user.roles_changed',
        target_type: 'user',
        target_id: id,
        details: changes,
      });
    }
    if (passwordHash) {
      await audit(c, services, { action: 'user.password_reset', target_type: 'user', target_id: id });
    }
    const user = (await findUserById(services.db, id))!;
    return c.json({ user: userView(user, await listUserRoles(services.db, id)) }, 200);
  });
}
