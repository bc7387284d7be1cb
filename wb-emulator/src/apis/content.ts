import type { Context, Hono } from 'hono';
import { ParamError, isRecord, jsonBody } from './params.ts';
import { method, sellerApiApp, type CallContext, type MethodDefinition } from './seller-api.ts';
import { cardPhotos, cardUpdatedAt, type Card } from '../data/catalog.ts';
import { JSON_TYPE, json } from '../http/responses.ts';
import type { HostEnv } from '../http/types.ts';
import type { Emulator } from '../runtime/emulator.ts';

/**
 * content-api `POST /content/v2/get/cards/list`: cards sorted by updatedAt (descending unless
 * `sort.ascending`), nmID breaking ties; the cursor (updatedAt + nmID of the last card) continues strictly
 * after that card; `cursor.total` is how many cards this answer holds, so `total < limit` means done.
 */

const MAX_LIMIT = 100;

function fail(errorText: string): Response {
  return new Response(JSON.stringify({ data: null, error: true, errorText, additionalErrors: null }), {
    status: 400,
    headers: { 'content-type': JSON_TYPE },
  });
}

interface CardsQuery {
  ascending: boolean;
  limit: number;
  cursorUpdatedAt: number | undefined;
  cursorNmID: number | undefined;
  textSearch: string | undefined;
  objectIDs: number[] | undefined;
  brands: string[] | undefined;
  imtID: number | undefined;
  withPhoto: number;
}

function readQuery(body: unknown): CardsQuery {
  const settings = isRecord(body) && isRecord(body.settings) ? body.settings : {};
  const sort = isRecord(settings.sort) ? settings.sort : {};
  const filter = isRecord(settings.filter) ? settings.filter : {};
  const cursor = isRecord(settings.cursor) ? settings.cursor : {};
  const limit = cursor.limit ?? 10;
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    throw new ParamError(`cursor.limit must be an integer from 1 to ${MAX_LIMIT}`);
  }
  let cursorUpdatedAt: number | undefined;
  if (cursor.updatedAt !== undefined && cursor.updatedAt !== null && cursor.updatedAt !== '') {
    if (typeof cursor.updatedAt !== 'string' || Number.isNaN(Date.parse(cursor.updatedAt))) {
      throw new ParamError('cursor.updatedAt is not a date-time');
    }
    cursorUpdatedAt = Date.parse(cursor.updatedAt);
  }
  const nm = cursor.nmID;
  if (nm !== undefined && (typeof nm !== 'number' || !Number.isInteger(nm)))
    throw new ParamError('cursor.nmID must be an integer');
  const numbers = (v: unknown, name: string) => {
    if (v === undefined) return undefined;
    if (!Array.isArray(v) || !v.every((x) => typeof x === 'number'))
      throw new ParamError(`filter.${name} must be an array of numbers`);
    return v;
  };
  const brands = filter.brands;
  if (brands !== undefined && (!Array.isArray(brands) || !brands.every((b) => typeof b === 'string'))) {
    throw new ParamError('filter.brands must be an array of strings');
  }
  const withPhoto = filter.withPhoto ?? 0;
  if (![-1, 0, 1, 2].includes(withPhoto as number))
    throw new ParamError('filter.withPhoto must be -1, 0, 1 or 2');
  return {
    ascending: sort.ascending === true,
    limit,
    cursorUpdatedAt,
    cursorNmID: nm === 0 ? undefined : nm,
    textSearch: typeof filter.textSearch === 'string' && filter.textSearch ? filter.textSearch : undefined,
    objectIDs: numbers(filter.objectIDs, 'objectIDs'),
    brands: brands,
    imtID: typeof filter.imtID === 'number' ? filter.imtID : undefined,
    withPhoto: withPhoto as number,
  };
}

export function cardJson(card: Card, nowMs: number): Record<string, unknown> {
  return {
    nmID: card.nmID,
    imtID: card.imtID,
    nmUUID: card.nmUUID,
    subjectID: card.subject.subjectID,
    subjectName: card.subject.subjectName,
    vendorCode: card.vendorCode,
    brand: card.brand,
    title: card.title,
    description: card.description,
    needKiz: card.needKiz,
    kizMarked: card.needKiz,
    photos: cardPhotos(card),
    wholesale: { enabled: false, quantum: 0 },
    dimensions: { ...card.dimensions, isValid: true },
    characteristics: [
      { id: 14177449, name: 'Цвет', value: [card.color] },
      { id: 14177451, name: 'Страна производства', value: ['Россия'] },
    ],
    sizes: card.sizes.map((s) => ({
      chrtID: s.chrtID,
      techSize: s.techSize,
      wbSize: s.wbSize,
      skus: [...s.skus],
    })),
    tags: [],
    createdAt: new Date(card.createdAtMs).toISOString(),
    updatedAt: new Date(cardUpdatedAt(card, nowMs)).toISOString(),
  };
}

async function cardsList(c: Context<HostEnv>, call: CallContext): Promise<Response> {
  let q: CardsQuery;
  try {
    q = readQuery(await jsonBody(c.req));
  } catch (err) {
    return fail(err instanceof ParamError ? err.message : 'Request body can not be decoded');
  }
  const now = call.nowMs;
  const dir = q.ascending ? 1 : -1;
  const keyed = call.data.account.cards
    .filter(
      (card) =>
        card.createdAtMs <= now &&
        q.withPhoto !== 2 &&
        (!q.objectIDs || q.objectIDs.includes(card.subject.subjectID)) &&
        (!q.brands || q.brands.includes(card.brand)) &&
        (q.imtID === undefined || card.imtID === q.imtID) &&
        (!q.textSearch ||
          card.vendorCode.includes(q.textSearch) ||
          String(card.nmID) === q.textSearch ||
          card.sizes.some((s) => s.skus.includes(q.textSearch as string))),
    )
    .map((card) => ({ card, updated: cardUpdatedAt(card, now) }))
    .sort((x, y) => dir * (x.updated - y.updated) || dir * (x.card.nmID - y.card.nmID));
  let start = 0;
  if (q.cursorUpdatedAt !== undefined || q.cursorNmID !== undefined) {
    const cu = q.cursorUpdatedAt ?? (q.ascending ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY);
    const cn = q.cursorNmID ?? (q.ascending ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY);
    start = keyed.findIndex(
      (k) => dir * (k.updated - cu) > 0 || (k.updated === cu && dir * (k.card.nmID - cn) > 0),
    );
    if (start === -1) start = keyed.length;
  }
  const page = keyed.slice(start, start + q.limit);
  const last = page.at(-1);
  call.setRows(page.length);
  return json({
    cards: page.map((k) => cardJson(k.card, now)),
    cursor: {
      updatedAt: last
        ? new Date(last.updated).toISOString()
        : q.cursorUpdatedAt !== undefined
          ? new Date(q.cursorUpdatedAt).toISOString()
          : '',
      nmID: last ? last.card.nmID : (q.cursorNmID ?? 0),
      total: page.length,
    },
  });
}

/** The methods this host serves (data: the limit-table test reads them too). */
export const contentMethods: readonly MethodDefinition[] = [
  method(
    {
      id: 'content.cardsList',
      method: 'POST',
      path: '/content/v2/get/cards/list',
      limit: 'cardsList',
      spec: { file: '02-items.yaml', path: '/content/v2/get/cards/list', method: 'post' },
    },
    cardsList,
  ),
];

export function contentApi(emu: Emulator): Hono<HostEnv> {
  return sellerApiApp(emu, contentMethods);
}
