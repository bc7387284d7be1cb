import { z, type OpenAPIHono } from '@hono/zod-openapi';
import { findUserById, listUserRoles, updateUser } from '@joycity/db';
import { publishEvent } from '@joycity/shared/coordination';
import { SIGNED_IN, apiRoute } from '../access.ts';
import type { ApiEnv } from '../context.ts';
import { apiError } from '../errors.ts';
import { audit, principalOf } from '../request-context.ts';
import type { Services } from '../services.ts';
import { AVATAR_KEY, jpegSize } from '../storage/avatar-store.ts';
import { UserSchema, errorResponses, json, userView } from '../views.ts';

/** Avatars are exactly this many pixels square; the browser crops and resizes before uploading. */
export const AVATAR_SIZE = 512;
export const AVATAR_MAX_BYTES = 1024 * 1024;

const upload = apiRoute(SIGNED_IN, {
  method: 'put',
  path: '/users/{id}/avatar',
  tags: ['users'],
  summary: "Sets a user's avatar: the body is a 512×512 JPEG (`image/jpeg`, at most 1 MB)",
  description:
    "Your own, or anyone's with `users.write`. Stored content-addressed: the URL never changes meaning.",
  request: { params: z.object({ id: z.uuid() }) },
  responses: { 200: json(z.object({ user: UserSchema }), 'Stored'), ...errorResponses(400, 401, 403, 404) },
});

const remove = apiRoute(SIGNED_IN, {
  method: 'delete',
  path: '/users/{id}/avatar',
  tags: ['users'],
  summary: "Removes a user's avatar",
  request: { params: z.object({ id: z.uuid() }) },
  responses: { 200: json(z.object({ user: UserSchema }), 'Removed'), ...errorResponses(401, 403, 404) },
});

const get = apiRoute(SIGNED_IN, {
  method: 'get',
  path: '/avatars/{key}',
  tags: ['users'],
  summary: 'An avatar image. Immutable (content-addressed): cached by the browser for a year',
  request: { params: z.object({ key: z.string().regex(AVATAR_KEY) }) },
  responses: {
    200: { description: 'A JPEG' },
    304: { description: 'Not modified' },
    ...errorResponses(401, 404),
  },
});

export function registerAvatarRoutes(api: OpenAPIHono<ApiEnv>, services: Services): void {
  async function authorize(c: Parameters<typeof principalOf>[0], id: string) {
    const principal = principalOf(c);
    if (id !== principal.userId && !principal.permissions.has('users.write')) {
      throw apiError(
        403,
        'FORBIDDEN',
        "You need the 'users.write' permission to change another user's avatar",
      );
    }
    const user = await findUserById(services.db, id);
    if (!user) throw apiError(404, 'USER_NOT_FOUND', 'No such user');
    return user;
  }

  api.openapi(upload, async (c) => {
    const { id } = c.req.valid('param');
    await authorize(c, id);
    if ((c.req.header('content-type') ?? '').split(';')[0]!.trim() !== 'image/jpeg') {
      throw apiError(415, 'AVATAR_NOT_JPEG', 'Send the avatar as image/jpeg');
    }
    const bytes = Buffer.from(await c.req.arrayBuffer());
    if (bytes.length > AVATAR_MAX_BYTES)
      throw apiError(413, 'AVATAR_TOO_LARGE', 'The avatar is larger than 1 MB');
    const size = jpegSize(bytes);
    if (!size) throw apiError(400, 'AVATAR_NOT_JPEG', 'The file is not a JPEG image');
    if (size.width !== AVATAR_SIZE || size.height !== AVATAR_SIZE) {
      throw apiError(400, 'AVATAR_WRONG_SIZE', `The avatar must be ${AVATAR_SIZE}×${AVATAR_SIZE} pixels`, {
        width: size.width,
        height: size.height,
      });
    }
    const key = await services.avatars.put(bytes);
    const user = (await updateUser(services.db, id, { avatar_key: key }))!;
    await audit(c, services, {
      action: 'user.avatar_changed',
      target_type: 'user',
      target_id: id,
      details: { key },
    });
    await publishEvent(services.coordinator, 'users.changed', { userIds: [id] });
    return c.json({ user: userView(user, await listUserRoles(services.db, id)) }, 200);
  });

  api.openapi(remove, async (c) => {
    const { id } = c.req.valid('param');
    await authorize(c, id);
    const user = (await updateUser(services.db, id, { avatar_key: null }))!;
    await audit(c, services, { action: 'user.avatar_removed', target_type: 'user', target_id: id });
    return c.json({ user: userView(user, await listUserRoles(services.db, id)) }, 200);
  });

  api.openapi(get, async (c) => {
    const { key } = c.req.valid('param');
    const etag = `"${key.slice(0, 64)}"`;
    const cache = 'private, max-age=31536000, immutable';
    if (c.req.header('if-none-match') === etag) {
      return new Response(null, { status: 304, headers: { etag, 'cache-control': cache } });
    }
    const bytes = await services.avatars.get(key);
    if (!bytes) throw apiError(404, 'AVATAR_NOT_FOUND', 'No such avatar');
    return new Response(new Uint8Array(bytes), {
      status: 200,
      headers: {
        'content-type': 'image/jpeg',
        etag,
        'cache-control': cache,
        'content-length': String(bytes.length),
      },
    });
  });
}
