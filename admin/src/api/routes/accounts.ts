import { z, type OpenAPIHono } from '@hono/zod-openapi';
import { findAccountById, listAccounts } from '@joycity/db';
import { portalSessionSchema } from '@joycity/shared/credentials';
import { apiRoute, requires } from '../access.ts';
import type { ApiEnv } from '../context.ts';
import { apiError } from '../errors.ts';
import { actorOf } from '../request-context.ts';
import type { Services } from '../services.ts';
import { AccountSchema, accountView, errorResponses, json, jsonBody } from '../views.ts';

const tags = ['accounts'];

const PortalSessionInput = portalSessionSchema.meta({
  id: 'PortalSessionInput',
  description:
    'The WB seller-portal session: cookies by name (WBTokenV3, wbx-validation-key, x-supplier-id, …) and ' +
    'the `authorizev3` token. Stored encrypted; never shown back.',
  example: { cookies: { WBTokenV3: 'eyJ…', 'x-supplier-id-external': '3f1b…' }, authorizev3: 'eyJ…' },
});

const ApiKeyInput = z.string().trim().min(20).max(4_096).openapi({
  description: 'A WB API key (a JWT). Stored encrypted; only a mask is shown back.',
  format: 'password',
});

const Checks = z.object({
  apiKey: z.enum(['ok', 'skipped']).optional(),
  portalSession: z.enum(['ok', 'skipped']).optional(),
});

const list = apiRoute(requires('accounts.read'), {
  method: 'get',
  path: '/accounts',
  tags,
  summary: 'Legal-entity accounts with credential status (credentials masked, never whole)',
  responses: {
    200: json(z.object({ items: z.array(AccountSchema) }), 'Accounts'),
    ...errorResponses(401, 403),
  },
});

const get = apiRoute(requires('accounts.read'), {
  method: 'get',
  path: '/accounts/{id}',
  tags,
  summary: 'One account',
  request: { params: z.object({ id: z.coerce.number().int().positive() }) },
  responses: {
    200: json(z.object({ account: AccountSchema }), 'The account'),
    ...errorResponses(401, 403, 404),
  },
});

const create = apiRoute(requires('accounts.write'), {
  method: 'post',
  path: '/accounts',
  tags,
  summary: 'Create an account with its WB API key and portal session',
  description:
    "The API key's claims (expiry, categories, type) are read without verifying it; an expired or malformed " +
    'key is refused. When live validators are configured, both credentials are checked against WB before ' +
    'saving (422 `CREDENTIAL_CHECK_FAILED` naming each failure).',
  request: {
    body: jsonBody(
      z
        .strictObject({
          name: z.string().trim().min(1).max(200),
          inn: z
            .string()
            .trim()
            .regex(/^\d{10}(\d{2})?$/, 'must be 10 or 12 digits'),
          apiKey: ApiKeyInput,
          portalSession: PortalSessionInput,
        })
        .openapi('NewAccount'),
    ),
  },
  responses: {
    201: json(z.object({ account: AccountSchema, checks: Checks }), 'Created'),
    ...errorResponses(400, 401, 403, 409, 422),
  },
});

const update = apiRoute(requires('accounts.write'), {
  method: 'patch',
  path: '/accounts/{id}',
  tags,
  summary: 'Rename or disable an account, or replace its credentials (the old ones are never shown)',
  request: {
    params: z.object({ id: z.coerce.number().int().positive() }),
    body: jsonBody(
      z
        .strictObject({
          name: z.string().trim().min(1).max(200).optional(),
          status: z.enum(['active', 'disabled']).optional(),
          apiKey: ApiKeyInput.optional(),
          portalSession: PortalSessionInput.optional(),
        })
        .openapi('AccountChanges'),
    ),
  },
  responses: {
    200: json(z.object({ account: AccountSchema, checks: Checks }), 'Updated'),
    ...errorResponses(400, 401, 403, 404, 409, 422),
  },
});

export function registerAccountRoutes(api: OpenAPIHono<ApiEnv>, services: Services): void {
  api.openapi(list, async (c) => {
    const accounts = await listAccounts(services.db);
    return c.json({ items: accounts.map(accountView) }, 200);
  });

  api.openapi(get, async (c) => {
    const account = await findAccountById(services.db, c.req.valid('param').id);
    if (!account) throw apiError(404, 'ACCOUNT_NOT_FOUND', 'No such account');
    return c.json({ account: accountView(account) }, 200);
  });

  api.openapi(create, async (c) => {
    const body = c.req.valid('json');
    const { account, checks } = await services.accounts.create(body, { actor: actorOf(c), validate: true });
    return c.json({ account: accountView(account), checks }, 201);
  });

  api.openapi(update, async (c) => {
    const { id } = c.req.valid('param');
    const body = c.req.valid('json');
    const actor = actorOf(c);
    let checks = {};
    if (body.apiKey !== undefined || body.portalSession !== undefined) {
      ({ checks } = await services.accounts.replaceCredentials(
        id,
        {
          ...(body.apiKey !== undefined ? { apiKey: body.apiKey } : {}),
          ...(body.portalSession !== undefined ? { portalSession: body.portalSession } : {}),
        },
        { actor, validate: true },
      ));
    }
    const account = await services.accounts.update(
      id,
      {
        ...(body.name !== undefined ? { name: body.name } : {}),
        ...(body.status !== undefined ? { status: body.status } : {}),
      },
      actor,
    );
    return c.json({ account: accountView(account), checks }, 200);
  });
}
