import { WB_HOSTS } from '@joycity/shared/wb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../index.ts';

/** content, seller-analytics, feedbacks, advert, prices, common and the photo hosts. */

const NOW = '2026-11-20T12:00:00Z';

let emu: RunningEmulator;
let token: string;
beforeAll(async () => {
  emu = await startEmulator({
    seed: 17,
    accounts: 2,
    days: 60,
    cards: 230,
    volume: 0.5,
    now: NOW,
    timeScale: 1e6,
  });
  token = emu.emulator.key(1).token;
});
afterAll(() => emu.close());
beforeEach(() => emu.control.reset());

interface Card {
  nmID: number;
  updatedAt: string;
  photos: Array<{ big: string }>;
  sizes: Array<{ chrtID: number; skus: string[] }>;
}
interface CardsAnswer {
  cards: Card[];
  cursor: { updatedAt: string; nmID: number; total: number };
}

async function allCards(ascending: boolean, limit: number): Promise<Card[]> {
  const cards: Card[] = [];
  let cursor: Record<string, unknown> = { limit };
  for (;;) {
    const res = await emu.wb.request('https://content-api.wildberries.ru/content/v2/get/cards/list', {
      token,
      body: { settings: { sort: { ascending }, cursor, filter: { withPhoto: -1 } } },
    });
    expect(res.status).toBe(200);
    const page = res.json<CardsAnswer>();
    cards.push(...page.cards);
    expect(page.cursor.total).toBe(page.cards.length);
    if (page.cursor.total < limit) return cards;
    cursor = { limit, updatedAt: page.cursor.updatedAt, nmID: page.cursor.nmID };
  }
}

describe('content-api cards list', () => {
  it('pages with the cursor (updatedAt + nmID) until total < limit, both directions, no gaps or repeats', async () => {
    for (const ascending of [true, false]) {
      const cards = await allCards(ascending, 100);
      expect(cards).toHaveLength(230);
      expect(new Set(cards.map((c) => c.nmID)).size).toBe(230);
      const times = cards.map((c) => Date.parse(c.updatedAt));
      const sorted = [...times].sort((x, y) => (ascending ? x - y : y - x));
      expect(times).toEqual(sorted);
    }
    expect(await allCards(true, 23)).toHaveLength(230);
  });

  it('sees cards edited as the clock moves on (an incremental pass from the last cursor)', async () => {
    const cards = await allCards(true, 100);
    const last = cards.at(-1) as Card;
    await emu.control.setClock({ advance: '30d' });
    const res = await emu.wb.request('https://content-api.wildberries.ru/content/v2/get/cards/list', {
      token,
      body: {
        settings: {
          sort: { ascending: true },
          cursor: { limit: 100, updatedAt: last.updatedAt, nmID: last.nmID },
        },
      },
    });
    const updated = res.json<CardsAnswer>().cards;
    expect(updated.length).toBeGreaterThan(50);
    expect(updated.every((c) => Date.parse(c.updatedAt) >= Date.parse(last.updatedAt))).toBe(true);
  });

  it('filters by text (vendor code, nmID, barcode) and builds photo URLs per WB basket layout', async () => {
    const [card] = (await allCards(true, 100)).slice(5, 6);
    if (!card) throw new Error('no card');
    const barcode = card.sizes[0]?.skus[0] as string;
    const res = await emu.wb.request('https://content-api.wildberries.ru/content/v2/get/cards/list', {
      token,
      body: { settings: { cursor: { limit: 10 }, filter: { textSearch: barcode } } },
    });
    expect(res.json<CardsAnswer>().cards.map((c) => c.nmID)).toEqual([card.nmID]);
    const photo = new URL(card.photos[0]?.big as string);
    expect(photo.pathname).toBe(
      `/vol${Math.floor(card.nmID / 1e5)}/part${Math.floor(card.nmID / 1e3)}/${card.nmID}/images/big/1.webp`,
    );
    const image = await emu.wb.request(photo.href);
    expect(image.status).toBe(200);
    expect(image.headers['content-type']).toBe('image/webp');
    expect(image.body().subarray(0, 4).toString()).toBe('RIFF');
    const wrongBasket = photo.href.replace(/basket-\d{2}/, 'basket-01');
    expect((await emu.wb.request(wrongBasket)).status).toBe(404);
    expect((await emu.wb.request(photo.href.replace('/1.webp', '/99.webp'))).status).toBe(404);
  });
});

describe('seller-analytics stocks on WB warehouses', () => {
  it('pages with limit/offset and filters by nmIds and chrtIds', async () => {
    const url = 'https://seller-analytics-api.wildberries.ru/api/analytics/v1/stocks-report/wb-warehouses';
    type Item = { nmId: number; chrtId: number; warehouseId: number; quantity: number };
    const all = (await emu.wb.request(url, { token, body: {} })).json<{ data: { items: Item[] } }>().data
      .items;
    const truth = await emu.control.truth(1);
    expect(all).toHaveLength(truth.stocks.rows);
    expect(all.reduce((n, i) => n + i.quantity, 0)).toBe(truth.stocks.quantity);
    const keys = all.map((i) => `${i.nmId}/${i.chrtId}/${i.warehouseId}`);
    expect(new Set(keys).size).toBe(keys.length);
    await emu.control.resetRateLimits();
    const page = (await emu.wb.request(url, { token, body: { limit: 10, offset: 20 } })).json<{
      data: { items: Item[] };
    }>();
    expect(page.data.items).toEqual(all.slice(20, 30));
    await emu.control.resetRateLimits();
    const nm = all[0]?.nmId as number;
    const chrt = all[0]?.chrtId as number;
    const filtered = (await emu.wb.request(url, { token, body: { nmIds: [nm], chrtIds: [chrt] } })).json<{
      data: { items: Item[] };
    }>();
    expect(filtered.data.items.length).toBeGreaterThan(0);
    expect(filtered.data.items.every((i) => i.nmId === nm && i.chrtId === chrt)).toBe(true);
  });

  it('changes figures from one half-hour snapshot to the next, deterministically', async () => {
    const before = await emu.control.truth(1);
    await emu.control.setClock({ advance: '30m' });
    const after = await emu.control.truth(1);
    expect(after.stocks.rows).toBe(before.stocks.rows);
    expect(after.stocks.snapshotAt).not.toBe(before.stocks.snapshotAt);
    expect(after.stocks.quantity).not.toBe(before.stocks.quantity);
  });
});

describe('feedbacks-api', () => {
  const url = (q: string) => `https://feedbacks-api.wildberries.ru/api/v1/feedbacks?${q}`;
  type Answer = {
    data: {
      countUnanswered: number;
      countArchive: number;
      feedbacks: Array<{ id: string; createdDate: string; productDetails: { nmId: number } }>;
    };
  };

  it('splits answered and unanswered, pages with skip/take, sorts by date and filters by nmId', async () => {
    const truth = await emu.control.truth(1);
    const open = (await emu.wb.request(url('isAnswered=false&take=5000&skip=0'), { token })).json<Answer>();
    const done = (await emu.wb.request(url('isAnswered=true&take=5000&skip=0'), { token })).json<Answer>();
    expect(open.data.feedbacks).toHaveLength(truth.feedbacks.unanswered);
    expect(open.data.feedbacks.length + done.data.feedbacks.length).toBe(truth.feedbacks.rows);
    expect(open.data.countUnanswered).toBe(truth.feedbacks.unanswered);
    expect(open.data.countArchive).toBe(truth.feedbacks.rows - truth.feedbacks.unanswered);
    const newestFirst = done.data.feedbacks.map((f) => Date.parse(f.createdDate));
    expect(newestFirst).toEqual([...newestFirst].sort((a, b) => b - a));
    const page = (
      await emu.wb.request(url('isAnswered=true&take=5&skip=5&order=dateAsc'), { token })
    ).json<Answer>();
    expect(page.data.feedbacks.map((f) => f.id)).toEqual(
      [...done.data.feedbacks]
        .reverse()
        .slice(5, 10)
        .map((f) => f.id),
    );
    const nm = done.data.feedbacks[0]?.productDetails.nmId as number;
    const byNm = (
      await emu.wb.request(url(`isAnswered=true&take=5000&skip=0&nmId=${nm}`), { token })
    ).json<Answer>();
    expect(byNm.data.feedbacks.every((f) => f.productDetails.nmId === nm)).toBe(true);
    const bad = await emu.wb.request(url('isAnswered=true&take=5001&skip=0'), { token });
    expect(bad.status).toBe(400);
    expect(bad.json()).toMatchObject({ error: true, data: null });
  });
});

describe('advert-api and prices', () => {
  it('lists campaigns with their articles, filtered by status and ids', async () => {
    type Advert = { id: number; status: number; nm_settings: Array<{ nm_id: number }> };
    const all = (
      await emu.wb.request('https://advert-api.wildberries.ru/api/advert/v2/adverts', { token })
    ).json<{ adverts: Advert[] }>().adverts;
    const truth = await emu.control.truth(1);
    expect(all).toHaveLength(truth.adverts.rows);
    const nmIds = new Set((await emu.control.accounts())[0]?.nmIds);
    expect(all.every((a) => a.nm_settings.every((n) => nmIds.has(n.nm_id)))).toBe(true);
    const active = (
      await emu.wb.request('https://advert-api.wildberries.ru/api/advert/v2/adverts?statuses=9,11', { token })
    ).json<{ adverts: Advert[] }>().adverts;
    expect(active.length).toBeGreaterThan(0);
    expect(active.every((a) => a.status === 9 || a.status === 11)).toBe(true);
    const one = (
      await emu.wb.request(`https://advert-api.wildberries.ru/api/advert/v2/adverts?ids=${all[0]?.id}`, {
        token,
      })
    ).json<{ adverts: Advert[] }>().adverts;
    expect(one.map((a) => a.id)).toEqual([all[0]?.id]);
  });

  it('pages goods with prices until an empty list', async () => {
    const seen: number[] = [];
    for (let offset = 0; ; offset += 100) {
      const res = await emu.wb.request(
        `https://discounts-prices-api.wildberries.ru/api/v2/list/goods/filter?limit=100&offset=${offset}`,
        { token },
      );
      const goods = res.json<{
        data: {
          listGoods: Array<{
            nmID: number;
            discount: number;
            sizes: Array<{ price: number; discountedPrice: number }>;
          }>;
        };
      }>().data.listGoods;
      if (!goods.length) break;
      for (const g of goods) {
        seen.push(g.nmID);
        for (const s of g.sizes)
          expect(s.discountedPrice).toBeCloseTo((s.price * (100 - g.discount)) / 100, 2);
      }
    }
    expect(seen).toHaveLength(230);
  });
});

describe('every seller API host', () => {
  it('answers /ping with a key of its category, and WB 404 for unknown paths', async () => {
    const key = emu.emulator.key(1);
    for (const host of WB_HOSTS.filter((h) => h.kind === 'seller-api')) {
      const t = host.sandbox ? emu.emulator.key(1, 'test').token : key.token;
      const res = await emu.wb.request(`https://${host.host}/ping`, { token: t });
      if (host.scopeBit !== undefined && !((key.s >>> host.scopeBit) & 1)) {
        expect(res.status, host.host).toBe(401);
        continue;
      }
      expect(res.status, host.host).toBe(200);
      expect(res.json()).toMatchObject({ Status: 'OK', TS: '2026-11-20T15:00:00+03:00' });
      const missing = await emu.wb.request(`https://${host.host}/api/v9/nothing`, { token: t });
      expect(missing.status).toBe(404);
      expect(missing.json()).toMatchObject({ title: 'path not found' });
    }
  });

  it('answers common-api seller-info with the seller of the key', async () => {
    const accounts = await emu.control.accounts();
    for (const a of accounts) {
      const info = await emu.wb.request('https://common-api.wildberries.ru/api/v1/seller-info', {
        token: a.keys.personal?.token as string,
      });
      expect(info.json()).toEqual({ name: a.name, sid: a.sid, tin: a.tin, tradeMark: a.tradeMark });
    }
  });
});
