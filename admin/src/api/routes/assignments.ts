import { z, type OpenAPIHono } from '@hono/zod-openapi';
import {
  addAssignments,
  copyAssignments,
  findAccountById,
  findAssignmentHolders,
  findKnownNmIds,
  listAssignmentSummary,
  listMonthAssignments,
  listUserAssignedCards,
  removeAssignments,
  sql,
  type ImportRow,
} from '@joycity/db';
import { publishEvent } from '@joycity/shared/coordination';
import { apiRoute, requires } from '../access.ts';
import { buildWorkbook, ImportFileError, readImportFile } from '../assignments/excel.ts';
import { ERROR_VERDICTS, judgeRows, summarize } from '../assignments/judge.ts';
import type { ApiEnv } from '../context.ts';
import { apiError } from '../errors.ts';
import { localeOf, translate, type Locale } from '../messages.ts';
import { audit, principalOf } from '../request-context.ts';
import type { Services } from '../services.ts';
import { errorResponses, json, jsonBody } from '../views.ts';

const tags = ['assignments'];

/** The path of the upload route; app.ts gives it a larger body limit than the rest of the API. */
export const IMPORT_UPLOAD_PATH = '/api/assignments/imports';
export const IMPORT_MAX_BYTES = 20 * 1024 * 1024;

const Month = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, "must be 'YYYY-MM'")
  .openapi({ example: '2026-11' });
const monthStart = (month: string) => `${month}-01`;
const previousMonth = (month: string) => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
};
const AccountId = z.coerce.number().int().positive();
const NmIds = z.array(z.number().int().positive().max(Number.MAX_SAFE_INTEGER)).min(1).max(10_000);
const Lang = z.enum(['ru', 'en']).optional();

const CardSchema = z
  .object({
    nmId: z.number().int(),
    title: z.string().nullable(),
    vendorCode: z.string().nullable(),
    photoUrl: z.string().nullable(),
    brand: z.string().nullable(),
  })
  .openapi('AssignedCard');

const cardView = (c: {
  nm_id: number;
  title: string | null;
  vendor_code: string | null;
  photo_url: string | null;
  brand: string | null;
}) => ({ nmId: c.nm_id, title: c.title, vendorCode: c.vendor_code, photoUrl: c.photo_url, brand: c.brand });

const ImportRowSchema = z
  .object({
    row: z.number().int(),
    email: z.string().nullable(),
    nmId: z.number().int().nullable(),
    userId: z.string().nullable(),
    verdict: z.enum([
      'ok',
      'already_assigned',
      'unknown_user',
      'user_disabled',
      'unknown_nm',
      'conflict_in_file',
      'conflict_existing',
      'malformed',
      'duplicate',
    ]),
    detail: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
  })
  .openapi('ImportRow');

const ImportSchema = z
  .object({
    id: z.uuid(),
    accountId: z.number().int(),
    month: Month,
    mode: z.enum(['add', 'replace']),
    fileName: z.string().nullable(),
    status: z.enum(['previewed', 'applied', 'failed']),
    summary: z.record(z.string(), z.number()),
    result: z.record(z.string(), z.unknown()).nullable(),
    createdAt: z.string(),
    appliedAt: z.string().nullable(),
    rows: z.array(ImportRowSchema),
  })
  .openapi('AssignmentImport');

const summary = apiRoute(requires('assignments.read'), {
  method: 'get',
  path: '/assignments',
  tags,
  summary:
    "Every manager of the platform with their nmIds' count and a sample (cards) for an account and month",
  request: { query: z.object({ accountId: AccountId, month: Month }) },
  responses: {
    200: json(
      z.object({
        accountId: z.number().int(),
        month: Month,
        total: z.number().int(),
        managers: z.array(
          z.object({
            userId: z.uuid(),
            email: z.string(),
            name: z.string(),
            disabled: z.boolean(),
            avatarKey: z.string().nullable(),
            count: z.number().int(),
            sample: z.array(CardSchema),
          }),
        ),
      }),
      'Managers and their assignments',
    ),
    ...errorResponses(400, 401, 403, 404),
  },
});

const userCards = apiRoute(requires('assignments.read'), {
  method: 'get',
  path: '/assignments/users/{userId}',
  tags,
  summary: "One manager's nmIds with card names and photos",
  request: {
    params: z.object({ userId: z.uuid() }),
    query: z.object({ accountId: AccountId, month: Month }),
  },
  responses: {
    200: json(z.object({ items: z.array(CardSchema) }), 'The cards'),
    ...errorResponses(400, 401, 403),
  },
});

const add = apiRoute(requires('assignments.write'), {
  method: 'post',
  path: '/assignments/add',
  tags,
  summary: "Adds nmIds to a manager's month",
  description:
    'All or nothing: nmIds unknown to the account (no synced card or order) or held by another manager refuse ' +
    'the whole request (422 `ASSIGNMENT_REFUSED` with `details.unknown` and `details.conflicts`).',
  request: {
    body: jsonBody(
      z.strictObject({
        accountId: z.number().int().positive(),
        month: Month,
        userId: z.uuid(),
        nmIds: NmIds,
      }),
    ),
  },
  responses: {
    200: json(z.object({ added: z.number().int() }), 'Added'),
    ...errorResponses(400, 401, 403, 404, 422),
  },
});

const remove = apiRoute(requires('assignments.write'), {
  method: 'post',
  path: '/assignments/remove',
  tags,
  summary: "Removes nmIds from a manager's month",
  request: {
    body: jsonBody(
      z.strictObject({
        accountId: z.number().int().positive(),
        month: Month,
        userId: z.uuid(),
        nmIds: NmIds,
      }),
    ),
  },
  responses: {
    200: json(z.object({ removed: z.array(z.number().int()) }), 'Removed'),
    ...errorResponses(400, 401, 403),
  },
});

const copy = apiRoute(requires('assignments.write'), {
  method: 'post',
  path: '/assignments/copy-previous',
  tags,
  summary: 'Copies the previous month into this one (nmIds already held this month stay with their holder)',
  request: { body: jsonBody(z.strictObject({ accountId: z.number().int().positive(), month: Month })) },
  responses: {
    200: json(z.object({ copied: z.number().int(), skipped: z.number().int(), from: Month }), 'Copied'),
    ...errorResponses(400, 401, 403, 404),
  },
});

const cards = apiRoute(requires('assignments.read'), {
  method: 'get',
  path: '/cards',
  tags,
  summary: "Searches an account's synced cards by nmId, vendor code or title (for adding by hand)",
  request: {
    query: z.object({
      accountId: AccountId,
      q: z.string().trim().max(100).optional(),
      limit: z.coerce.number().int().min(1).max(50).default(20),
    }),
  },
  responses: {
    200: json(z.object({ items: z.array(CardSchema) }), 'Cards'),
    ...errorResponses(400, 401, 403),
  },
});

const template = apiRoute(requires('assignments.read'), {
  method: 'get',
  path: '/assignments/template.xlsx',
  tags,
  summary: 'The Excel template for imports (email, nmId), with instructions',
  request: { query: z.object({ lang: Lang }) },
  responses: { 200: { description: 'An .xlsx file' }, ...errorResponses(401, 403) },
});

const exportMonth = apiRoute(requires('assignments.read'), {
  method: 'get',
  path: '/assignments/export.xlsx',
  tags,
  summary: "An account's assignments of a month as Excel (importable again)",
  request: { query: z.object({ accountId: AccountId, month: Month, lang: Lang }) },
  responses: { 200: { description: 'An .xlsx file' }, ...errorResponses(400, 401, 403, 404) },
});

const upload = apiRoute(requires('assignments.write'), {
  method: 'post',
  path: '/assignments/imports',
  tags,
  summary:
    'Step 2 of an import: upload an .xlsx and get a preview with a verdict per row (nothing changes yet)',
  description:
    'The body is the file itself (`application/vnd.openxmlformats-officedocument.spreadsheetml.sheet`, up to ' +
    '20 MB, 100,000 rows). `mode=add` adds to the month; `mode=replace` makes the file the whole month of the ' +
    'account. Verdicts: ok, already_assigned, unknown_user, user_disabled, unknown_nm, conflict_in_file, ' +
    'conflict_existing, malformed, duplicate.',
  request: {
    query: z.object({
      accountId: AccountId,
      month: Month,
      mode: z.enum(['add', 'replace']).default('add'),
      fileName: z.string().max(255).optional(),
    }),
  },
  responses: { 201: json(ImportSchema, 'The preview'), ...errorResponses(400, 401, 403, 404) },
});

const getImport = apiRoute(requires('assignments.read'), {
  method: 'get',
  path: '/assignments/imports/{id}',
  tags,
  summary: 'A stored import preview (or its result)',
  request: { params: z.object({ id: z.uuid() }) },
  responses: { 200: json(ImportSchema, 'The import'), ...errorResponses(401, 403, 404) },
});

const apply = apiRoute(requires('assignments.write'), {
  method: 'post',
  path: '/assignments/imports/{id}/apply',
  tags,
  summary: 'Step 3: applies the valid rows of a preview atomically',
  description:
    'In one transaction; if the month changed since the preview so that a valid row can no longer be applied, ' +
    'nothing is applied (409 `IMPORT_STALE`): upload the file again for a fresh preview.',
  request: { params: z.object({ id: z.uuid() }) },
  responses: {
    200: json(ImportSchema, 'Applied'),
    ...errorResponses(401, 403, 404, 409),
  },
});

const report = apiRoute(requires('assignments.read'), {
  method: 'get',
  path: '/assignments/imports/{id}/report.xlsx',
  tags,
  summary: 'The preview or result of an import as Excel, a verdict per row',
  request: { params: z.object({ id: z.uuid() }), query: z.object({ lang: Lang }) },
  responses: { 200: { description: 'An .xlsx file' }, ...errorResponses(401, 403, 404) },
});

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function xlsxResponse(bytes: Buffer, fileName: string): Response {
  return new Response(new Uint8Array(bytes), {
    status: 200,
    headers: {
      'content-type': XLSX,
      // Header values are bytes: an ASCII fallback name, and the real (possibly Cyrillic) one per RFC 6266.
      'content-disposition': `attachment; filename="${fileName.replace(/[^\x20-\x7e]/g, '_').replace(/"/g, '')}"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
    },
  });
}

function verdictText(locale: Locale, row: ImportRow): string {
  return translate(locale, `verdicts.${row.verdict}`, row.detail ?? {});
}

export function registerAssignmentRoutes(api: OpenAPIHono<ApiEnv>, services: Services): void {
  const { db } = services;

  async function requireAccount(accountId: number) {
    const account = await findAccountById(db, accountId);
    if (!account) throw apiError(404, 'ACCOUNT_NOT_FOUND', `No account with id ${accountId}`);
    return account;
  }

  const changed = (accountId: number, month: string, userIds: string[]) =>
    userIds.length > 0
      ? publishEvent(services.coordinator, 'assignments.changed', {
          accountId,
          month: monthStart(month),
          userIds,
        })
      : Promise.resolve();

  api.openapi(summary, async (c) => {
    const { accountId, month } = c.req.valid('query');
    await requireAccount(accountId);
    const managers = await listAssignmentSummary(db, { accountId, month: monthStart(month) });
    return c.json(
      {
        accountId,
        month,
        total: managers.reduce((n, m) => n + m.count, 0),
        managers: managers.map((m) => ({
          userId: m.user_id,
          email: m.email,
          name: m.name,
          disabled: m.disabled,
          avatarKey: m.avatar_key,
          count: m.count,
          sample: m.sample.map(cardView),
        })),
      },
      200,
    );
  });

  api.openapi(userCards, async (c) => {
    const { userId } = c.req.valid('param');
    const { accountId, month } = c.req.valid('query');
    const items = await listUserAssignedCards(db, { accountId, userId, month: monthStart(month) });
    return c.json({ items: items.map(cardView) }, 200);
  });

  api.openapi(add, async (c) => {
    const principal = principalOf(c);
    const { accountId, month, userId, nmIds } = c.req.valid('json');
    await requireAccount(accountId);
    const user = await db
      .selectFrom('users')
      .select(['id', 'disabled'])
      .where('id', '=', userId)
      .executeTakeFirst();
    if (!user) throw apiError(404, 'USER_NOT_FOUND', 'No such user');
    const known = await findKnownNmIds(db, accountId, nmIds);
    const unknown = [...new Set(nmIds)].filter((n) => !known.has(n));
    const added = await db.transaction().execute(async (trx) => {
      const conflicts = await addAssignments(trx, {
        accountId,
        userId,
        month: monthStart(month),
        nmIds: nmIds.filter((n) => known.has(n)),
        createdBy: principal.userId,
      });
      if (unknown.length > 0 || conflicts.length > 0) {
        const emails = await emailsOf(conflicts.map((x) => x.heldBy));
        throw apiError(
          422,
          'ASSIGNMENT_REFUSED',
          [
            unknown.length > 0 ? `nmIds unknown to this account: ${unknown.slice(0, 20).join(', ')}` : '',
            conflicts.length > 0
              ? `held by other managers: ${conflicts
                  .slice(0, 20)
                  .map((x) => `${x.nmId} (${emails.get(x.heldBy) ?? x.heldBy})`)
                  .join(', ')}`
              : '',
          ]
            .filter(Boolean)
            .join('; '),
          {
            unknown,
            conflicts: conflicts.map((x) => ({ nmId: x.nmId, heldBy: emails.get(x.heldBy) ?? x.heldBy })),
          },
        );
      }
      return nmIds.length;
    });
    await audit(c, services, {
      action: 'assignments.added',
      target_type: 'user',
      target_id: userId,
      details: { accountId, month, nmIds: nmIds.slice(0, 1000), count: nmIds.length },
    });
    await changed(accountId, month, [userId]);
    return c.json({ added }, 200);
  });

  async function emailsOf(userIds: string[]): Promise<Map<string, string>> {
    if (userIds.length === 0) return new Map();
    const rows = await db
      .selectFrom('users')
      .select(['id', 'email'])
      .where('id', 'in', [...new Set(userIds)])
      .execute();
    return new Map(rows.map((r) => [r.id, r.email]));
  }

  api.openapi(remove, async (c) => {
    const { accountId, month, userId, nmIds } = c.req.valid('json');
    const removed = await removeAssignments(db, { accountId, userId, month: monthStart(month), nmIds });
    if (removed.length > 0) {
      await audit(c, services, {
        action: 'assignments.removed',
        target_type: 'user',
        target_id: userId,
        details: { accountId, month, nmIds: removed.slice(0, 1000), count: removed.length },
      });
      await changed(accountId, month, [userId]);
    }
    return c.json({ removed }, 200);
  });

  api.openapi(copy, async (c) => {
    const principal = principalOf(c);
    const { accountId, month } = c.req.valid('json');
    await requireAccount(accountId);
    const from = previousMonth(month);
    const result = await copyAssignments(db, {
      accountId,
      fromMonth: monthStart(from),
      toMonth: monthStart(month),
      createdBy: principal.userId,
    });
    await audit(c, services, {
      action: 'assignments.copied',
      target_type: 'account',
      target_id: String(accountId),
      details: { from, to: month, copied: result.copied, skipped: result.skipped },
    });
    await changed(accountId, month, result.userIds);
    return c.json({ copied: result.copied, skipped: result.skipped, from }, 200);
  });

  api.openapi(cards, async (c) => {
    const { accountId, q, limit } = c.req.valid('query');
    let query = db
      .selectFrom('wb_cards')
      .select(['nm_id', 'title', 'vendor_code', 'photo_url', 'brand'])
      .where('account_id', '=', accountId);
    if (q) {
      const pattern = `%${q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
      query = query.where((eb) =>
        eb.or([
          ...(/^\d+$/.test(q) ? [eb('nm_id', '=', Number(q))] : []),
          eb('vendor_code', 'ilike', pattern),
          eb('title', 'ilike', pattern),
        ]),
      );
    }
    const items = await query.orderBy('nm_id').limit(limit).execute();
    return c.json({ items: items.map(cardView) }, 200);
  });

  api.openapi(template, async (c) => {
    const locale = localeOf(c.req.valid('query').lang);
    const t = (key: string) => translate(locale, `excel.${key}`);
    const bytes = await buildWorkbook(
      t('sheet'),
      [
        { header: t('email'), key: 'email', width: 32 },
        { header: t('nmId'), key: 'nmId', width: 16 },
      ],
      [],
      { sheetName: t('helpSheet'), lines: [t('help1'), t('help2'), t('help3'), t('help4')] },
    );
    return xlsxResponse(bytes, `${t('templateFile')}.xlsx`);
  });

  api.openapi(exportMonth, async (c) => {
    const { accountId, month, lang } = c.req.valid('query');
    const locale = localeOf(lang);
    const account = await requireAccount(accountId);
    const t = (key: string) => translate(locale, `excel.${key}`);
    const rows = await listMonthAssignments(db, { accountId, month: monthStart(month) });
    const bytes = await buildWorkbook(
      t('sheet'),
      [
        { header: t('email'), key: 'email', width: 32 },
        { header: t('nmId'), key: 'nmId', width: 16 },
        { header: t('manager'), key: 'name', width: 28 },
        { header: t('title'), key: 'title', width: 40 },
        { header: t('vendorCode'), key: 'vendorCode', width: 20 },
      ],
      rows.map((r) => ({
        email: r.email,
        nmId: r.nm_id,
        name: r.name,
        title: r.title,
        vendorCode: r.vendor_code,
      })),
    );
    return xlsxResponse(bytes, `${account.inn}-${month}.xlsx`);
  });

  api.openapi(upload, async (c) => {
    const principal = principalOf(c);
    const { accountId, month, mode, fileName } = c.req.valid('query');
    await requireAccount(accountId);
    const bytes = Buffer.from(await c.req.arrayBuffer());
    if (bytes.length === 0)
      throw apiError(400, 'IMPORT_FILE_EMPTY', 'Send the .xlsx file as the request body');
    let raw;
    try {
      raw = await readImportFile(bytes);
    } catch (err) {
      if (err instanceof ImportFileError) throw apiError(400, err.code, err.message);
      throw err;
    }
    const emails = [
      ...new Set(raw.map((r) => r.email?.trim().toLowerCase()).filter((e): e is string => !!e)),
    ];
    const nmIds = [
      ...new Set(raw.map((r) => r.nm).filter((n): n is number => typeof n === 'number' && n > 0)),
    ];
    const [userRows, knownNmIds, holders] = await Promise.all([
      emails.length > 0
        ? db
            .selectFrom('users')
            .select(['id', 'email', 'disabled'])
            .where('email', '=', (eb) => eb.fn.any(eb.val(emails)))
            .execute()
        : Promise.resolve([]),
      findKnownNmIds(db, accountId, nmIds),
      findAssignmentHolders(db, { accountId, month: monthStart(month), nmIds }),
    ]);
    const holderEmails = await emailsOf([...holders.values()]);
    const rows = judgeRows(raw, {
      mode,
      users: new Map(userRows.map((u) => [u.email, u])),
      knownNmIds,
      holders,
      emailOf: (id) => holderEmails.get(id),
    });
    const stats = summarize(rows);
    const stored = await db
      .insertInto('assignment_imports')
      .values({
        account_id: accountId,
        month: monthStart(month),
        mode,
        file_name: fileName ?? null,
        rows: JSON.stringify(rows),
        summary: JSON.stringify(stats),
        created_by: principal.userId,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await audit(c, services, {
      action: 'assignments.import_previewed',
      target_type: 'assignment_import',
      target_id: stored.id,
      details: { accountId, month, mode, fileName: fileName ?? null, summary: stats },
    });
    return c.json(importView(stored), 201);
  });

  api.openapi(getImport, async (c) => {
    const stored = await findImport(c.req.valid('param').id);
    return c.json(importView(stored), 200);
  });

  async function findImport(id: string) {
    const stored = await db
      .selectFrom('assignment_imports')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    if (!stored) throw apiError(404, 'IMPORT_NOT_FOUND', 'No such import');
    return stored;
  }

  api.openapi(apply, async (c) => {
    const principal = principalOf(c);
    const { id } = c.req.valid('param');
    const outcome = await db.transaction().execute(async (trx) => {
      const stored = await trx
        .selectFrom('assignment_imports')
        .selectAll()
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst();
      if (!stored) throw apiError(404, 'IMPORT_NOT_FOUND', 'No such import');
      if (stored.status !== 'previewed') {
        throw apiError(
          409,
          'IMPORT_ALREADY_APPLIED',
          'This import was already applied; upload the file again',
        );
      }
      // One import (or copy) of an account's month at a time.
      await sql`SELECT pg_advisory_xact_lock(hashtext(${`assignments:${stored.account_id}:${stored.month}`}))`.execute(
        trx,
      );
      const valid = stored.rows.filter((r) => r.verdict === 'ok' && r.userId && r.nmId);
      let removedUsers: string[] = [];
      if (stored.mode === 'replace') {
        const removed = await trx
          .deleteFrom('assignments')
          .where('account_id', '=', stored.account_id)
          .where('month', '=', stored.month)
          .returning('user_id')
          .execute();
        removedUsers = [...new Set(removed.map((r) => r.user_id))];
      }
      let inserted = 0;
      const stale: number[] = [];
      for (let i = 0; i < valid.length; i += 5_000) {
        const chunk = valid.slice(i, i + 5_000);
        const rows = await trx
          .insertInto('assignments')
          .values(
            chunk.map((r) => ({
              account_id: stored.account_id,
              user_id: r.userId!,
              month: stored.month,
              nm_id: r.nmId!,
              created_by: principal.userId,
            })),
          )
          .onConflict((oc) => oc.columns(['account_id', 'month', 'nm_id']).doNothing())
          .returning('nm_id')
          .execute();
        inserted += rows.length;
        if (rows.length < chunk.length) {
          const got = new Set(rows.map((r) => r.nm_id));
          stale.push(...chunk.filter((r) => !got.has(r.nmId!)).map((r) => r.nmId!));
        }
      }
      if (stale.length > 0) {
        throw apiError(
          409,
          'IMPORT_STALE',
          `Assignments changed since the preview: ${stale.length} nmIds are now held by someone; upload the file again`,
          { nmIds: stale.slice(0, 100) },
        );
      }
      const result = {
        applied: inserted,
        skipped: stored.rows.filter((r) => ERROR_VERDICTS.has(r.verdict)).length,
        unchanged: stored.rows.filter((r) => r.verdict === 'already_assigned').length,
        replacedUsers: removedUsers.length,
      };
      const updated = await trx
        .updateTable('assignment_imports')
        .set({ status: 'applied', applied_at: sql<Date>`now()`, result: JSON.stringify(result) })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      return { updated, userIds: [...new Set([...valid.map((r) => r.userId!), ...removedUsers])] };
    });
    const { updated } = outcome;
    await audit(c, services, {
      action: 'assignments.imported',
      target_type: 'assignment_import',
      target_id: id,
      details: {
        accountId: updated.account_id,
        month: updated.month.slice(0, 7),
        mode: updated.mode,
        result: updated.result,
      },
    });
    await changed(updated.account_id, updated.month.slice(0, 7), outcome.userIds);
    return c.json(importView(updated), 200);
  });

  api.openapi(report, async (c) => {
    const stored = await findImport(c.req.valid('param').id);
    const locale = localeOf(c.req.valid('query').lang);
    const t = (key: string) => translate(locale, `excel.${key}`);
    const bytes = await buildWorkbook(
      t('reportSheet'),
      [
        { header: t('row'), key: 'row', width: 8 },
        { header: t('email'), key: 'email', width: 32 },
        { header: t('nmId'), key: 'nmId', width: 16 },
        { header: t('verdict'), key: 'verdict', width: 60 },
      ],
      stored.rows.map((r) => ({ row: r.row, email: r.email, nmId: r.nmId, verdict: verdictText(locale, r) })),
    );
    return xlsxResponse(bytes, `${t('reportFile')}-${stored.month.slice(0, 7)}.xlsx`);
  });
}

function importView(stored: {
  id: string;
  account_id: number;
  month: string;
  mode: 'add' | 'replace';
  file_name: string | null;
  status: 'previewed' | 'applied' | 'failed';
  rows: ImportRow[];
  summary: Record<string, number>;
  result: Record<string, unknown> | null;
  created_at: Date;
  applied_at: Date | null;
}): z.infer<typeof ImportSchema> {
  return {
    id: stored.id,
    accountId: stored.account_id,
    month: stored.month.slice(0, 7),
    mode: stored.mode,
    fileName: stored.file_name,
    status: stored.status,
    summary: stored.summary,
    result: stored.result,
    createdAt: stored.created_at.toISOString(),
    appliedAt: stored.applied_at?.toISOString() ?? null,
    rows: stored.rows,
  };
}
