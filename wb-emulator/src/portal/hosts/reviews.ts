import { Hono, type Context } from 'hono';
import { isAnswered } from '../../data/feedbacks.ts';
import type { HostEnv } from '../../http/types.ts';
import type { Emulator } from '../../runtime/emulator.ts';
import { portalCors } from '../http/cors.ts';
import { nsFail, nsOk, PortalParamError } from '../http/envelope.ts';
import { originsOf } from '../http/origins.ts';
import { checkInt, intQuery, pageOf, portalErrors } from '../http/params.ts';
import { requireSession, sessionFrom } from '../session/guard.ts';
import { feedbackView, filterFeedbacks, filterQuestions, questionView } from '../views/feedbacks.ts';

/**
 * seller-reviews.wildberries.ru: reviews (`productInfo.wbArticle`, cursor paging, counters) and questions
 * (`productDetails.nmId`, offset paging), from the same reviews the feedbacks API serves.
 */

const FEEDBACKS = '/ns/fa-seller-api/reviews-ext-seller-portal/api';
const QUESTIONS = '/ns/fa-seller-api/questions-ext-seller-portal/api/v1/questions';

function answeredParam(c: Context<HostEnv>): boolean {
  const v = c.req.query('isAnswered') ?? 'false';
  if (v !== 'true' && v !== 'false') throw new PortalParamError('isAnswered: true or false');
  return v === 'true';
}

function nmParam(c: Context<HostEnv>): number | undefined {
  const v = c.req.query('nmId');
  return v ? checkInt(v, 'nmId', { min: 1 }) : undefined;
}

/** Cursors are opaque to the SPA: base64url of the next offset. */
const encodeCursor = (offset: number) => Buffer.from(`o:${offset}`).toString('base64url');
function decodeCursor(raw: string | undefined): number {
  if (!raw) return 0;
  const m = /^o:(\d+)$/.exec(Buffer.from(raw, 'base64url').toString('utf8'));
  if (!m) throw new PortalParamError('cursor: not a cursor of this list');
  return Number(m[1]);
}

export function reviewsHost(emu: Emulator): Hono<HostEnv> {
  const app = new Hono<HostEnv>({ strict: false });
  app.use('*', portalCors());
  portalErrors(app);
  app.use('/ns/*', requireSession(emu, { mode: 'ns' }));

  app.get(`${FEEDBACKS}/v2/feedbacks`, (c) => {
    const { data: d } = sessionFrom(c);
    const now = emu.clock.now();
    const all = d.feedbacks.feedbacks(now);
    const valuations = c.req.queries('valuations')?.map((v) => checkInt(v, 'valuations', { min: 1, max: 5 }));
    const list = filterFeedbacks(
      all,
      { answered: answeredParam(c), valuations, nmId: nmParam(c), search: c.req.query('searchText') },
      now,
    );
    if (c.req.query('sortOrder') === 'dateAsc') list.reverse();
    const limit = intQuery(c, 'limit', { min: 1, max: 100, fallback: 20 });
    const offset = decodeCursor(c.req.query('cursor'));
    const page = pageOf(list, offset, limit);
    const o = originsOf(c);
    c.env.wb.log.rows = page.length;
    return nsOk({
      feedbacks: page.map((f) => feedbackView(f, now, o)),
      total: list.length,
      countUnanswered: all.filter((f) => !isAnswered(f, now)).length,
      countArchive: all.filter((f) => isAnswered(f, now)).length,
      pages: {
        next: offset + limit < list.length ? encodeCursor(offset + limit) : null,
        last: offset + limit >= list.length,
      },
    });
  });

  app.get(`${FEEDBACKS}/v1/feedbacks/count`, (c) => {
    const { data: d } = sessionFrom(c);
    const now = emu.clock.now();
    const all = d.feedbacks.feedbacks(now);
    const distribution: Record<string, number> = { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 };
    for (const f of all) distribution[String(f.valuation)] = (distribution[String(f.valuation)] ?? 0) + 1;
    return nsOk({
      countUnanswered: all.filter((f) => !isAnswered(f, now)).length,
      countArchive: all.filter((f) => isAnswered(f, now)).length,
      valuations: distribution,
      averageValuation: all.length
        ? Math.round((all.reduce((n, f) => n + f.valuation, 0) / all.length) * 100) / 100
        : 0,
    });
  });

  app.get(QUESTIONS, (c) => {
    const { data: d } = sessionFrom(c);
    const now = emu.clock.now();
    const all = d.feedbacks.questions(now);
    const list = filterQuestions(
      all,
      { answered: answeredParam(c), nmId: nmParam(c), search: c.req.query('searchText') },
      now,
    );
    const limit = intQuery(c, 'limit', { min: 1, max: 100, fallback: 20 });
    const offset = intQuery(c, 'offset', { min: 0, fallback: 0 });
    const o = originsOf(c);
    return nsOk({
      questions: pageOf(list, offset, limit).map((q) => questionView(q, now, o)),
      total: list.length,
      countUnanswered: all.filter((q) => !isAnswered(q, now)).length,
      countArchive: all.filter((q) => isAnswered(q, now)).length,
    });
  });

  app.all('*', (c) => nsFail(404, `no such service: ${new URL(c.req.url).pathname}`));
  return app;
}
