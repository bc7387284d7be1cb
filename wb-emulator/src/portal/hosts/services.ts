import { responseBytes } from '../../util/body.ts';
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import type { Report } from '../../data/finance.ts';
import type { AccountData } from '../../data/world.ts';
import type { HostEnv } from '../../http/types.ts';
import type { Emulator } from '../../runtime/emulator.ts';
import { dayNoToDate, moscowDayNo } from '../../util/moscow.ts';
import { cachedExport } from '../exports/cache.ts';
import { realizationWorkbook } from '../exports/realization.ts';
import { XLSX_TYPE, attachment } from '../exports/xlsx.ts';
import { zipOne } from '../exports/zip.ts';
import { portalCors } from '../http/cors.ts';
import { nsFail, nsOk, PortalParamError } from '../http/envelope.ts';
import { originsOf } from '../http/origins.ts';
import { dayParam, dayRange, intQuery, jsonObject, pageOf, portalErrors } from '../http/params.ts';
import { requireSession, sessionFrom } from '../session/guard.ts';
import { PortalState, type BankAccount } from '../session/state.ts';
import {
  balanceView,
  lineView,
  linesTotals,
  payoutsView,
  reportItem,
  reportLines,
  reportsList,
  totalsOf,
} from '../views/reports.ts';

/**
 * seller-services.wildberries.ru: the seller-wb-balance service (weekly and daily realization reports, their
 * lines and exports, the balance) and the bank details. JSON calls need `authorizev3` and `wb-seller-lk`;
 * the two HTML forms (report for a period, bank details) post with cookies and redirect back to the portal.
 */

const BASE = '/ns/reports/seller-wb-balance/api/v1';
const REQUISITES = '/ns/requisites/seller-requisites/api/v1/bank-accounts';

function findReport(d: AccountData, raw: string, nowMs: number): Report | undefined {
  if (!/^\d{1,20}$/.test(raw)) throw new PortalParamError(`report id: '${raw}' is not a number`);
  const report = d.finance.reportById(BigInt(raw));
  return report && d.finance.isAvailable(report, nowMs) ? report : undefined;
}

function bankView(b: BankAccount): Record<string, unknown> {
  return {
    id: b.id,
    bankName: b.bankName,
    bik: b.bik,
    account: b.account,
    correspondentAccount: b.correspondentAccount,
    isMain: b.isMain,
    updatedAt: new Date(b.updatedMs).toISOString(),
  };
}

function readBank(fields: Record<string, unknown>): Omit<BankAccount, 'id' | 'isMain' | 'updatedMs'> {
  const get = (k: string) => (typeof fields[k] === 'string' ? fields[k].trim() : '');
  const bik = get('bik');
  const account = get('account');
  if (!/^\d{9}$/.test(bik)) throw new PortalParamError('bik: must be 9 digits');
  if (!/^\d{20}$/.test(account)) throw new PortalParamError('account: must be 20 digits');
  return {
    bankName: get('bankName') || 'Банк',
    bik,
    account,
    correspondentAccount: get('correspondentAccount') || `301018100000000${bik.slice(-3)}00`.slice(0, 20),
  };
}

/** JSON calls: session + `wb-seller-lk`; the HTML form posts: session cookies only (a page, so the login redirect). */
function guards(emu: Emulator): MiddlewareHandler<HostEnv> {
  const json = requireSession(emu, { mode: 'ns', sellerLk: true });
  const form = requireSession(emu, { mode: 'page' });
  return async function servicesGuard(c, next) {
    return /[-/]form$/.test(new URL(c.req.url).pathname) ? form(c, next) : json(c, next);
  };
}

export function servicesHost(emu: Emulator): Hono<HostEnv> {
  const app = new Hono<HostEnv>({ strict: false });
  app.use('*', portalCors());
  portalErrors(app);
  app.use('/ns/*', guards(emu));

  const listOf = (c: Context<HostEnv>, period: 'weekly' | 'daily') => {
    const { data: d } = sessionFrom(c);
    const now = emu.clock.now();
    const { fromDay, toDay } = dayRange(c.req.query('dateFrom'), c.req.query('dateTo'), now, 120);
    const limit = intQuery(c, 'limit', { min: 1, max: 1000, fallback: 20 });
    const skip = intQuery(c, 'skip', { min: 0, fallback: 0 });
    const reports = reportsList(d, period, fromDay, toDay, now);
    return nsOk({
      reports: pageOf(reports, skip, limit).map((r) => reportItem(d, r)),
      count: reports.length,
      totals: totalsOf(d, reports),
    });
  };
  app.get(`${BASE}/reports-weekly`, (c) => listOf(c, 'weekly'));
  app.get(`${BASE}/reports`, (c) => {
    const type = c.req.query('type');
    return listOf(c, type === '1' ? 'weekly' : 'daily');
  });

  app.get(`${BASE}/reports-weekly/:id`, (c) => {
    const { data: d } = sessionFrom(c);
    const report = findReport(d, c.req.param('id'), emu.clock.now());
    if (!report) return nsFail(404, 'report not found');
    return nsOk({ report: reportItem(d, report) });
  });

  app.get(`${BASE}/reports/:id/details`, (c) => {
    const { data: d } = sessionFrom(c);
    const report = findReport(d, c.req.param('id'), emu.clock.now());
    if (!report) return nsFail(404, 'report not found');
    const limit = intQuery(c, 'limit', { min: 1, max: 10_000, fallback: 50 });
    const skip = intQuery(c, 'skip', { min: 0, fallback: 0 });
    const lines = reportLines(d, report, {
      search: c.req.query('searchValue'),
      docType: c.req.query('docType'),
    });
    c.env.wb.log.rows = Math.min(limit, Math.max(0, lines.length - skip));
    return nsOk({
      details: pageOf(lines, skip, limit).map((l) => lineView(d, l)),
      count: lines.length,
      totals: linesTotals(lines),
    });
  });

  async function reportWorkbook(
    c: Context<HostEnv>,
  ): Promise<{ report: Report; xlsx: Buffer; name: string } | Response> {
    const { data: d } = sessionFrom(c);
    const report = findReport(d, c.req.param('id') ?? '', emu.clock.now());
    if (!report) return nsFail(404, 'report not found');
    const id = report.reportId.toString();
    const xlsx = await cachedExport(emu, `realization:${d.account.id}:${id}`, () =>
      realizationWorkbook(
        d,
        { reportId: id, firstDay: report.firstDay, lastDay: report.lastDay },
        reportLines(d, report),
      ),
    );
    return {
      report,
      xlsx,
      name: `Отчет о реализации №${id} (${dayNoToDate(report.firstDay)} — ${dayNoToDate(report.lastDay)}).xlsx`,
    };
  }

  // The ZIP holding the report's xlsx: base64 in `data.file`, or the archive itself with ?format=binary.
  app.get(`${BASE}/reports/:id/details/archived-excel`, async (c) => {
    const built = await reportWorkbook(c);
    if (built instanceof Response) return built;
    const zip = zipOne(built.name, built.xlsx);
    if (c.req.query('format') === 'binary') {
      return new Response(responseBytes(zip), {
        headers: {
          'content-type': 'application/zip',
          'content-disposition': attachment(built.name.replace(/\.xlsx$/, '.zip')),
        },
      });
    }
    return nsOk({
      file: zip.toString('base64'),
      name: built.name.replace(/\.xlsx$/, '.zip'),
      contentType: 'application/zip',
    });
  });

  // The report's xlsx as is.
  app.get(`${BASE}/reports-weekly/:id/details/excel`, async (c) => {
    const built = await reportWorkbook(c);
    if (built instanceof Response) return built;
    return new Response(responseBytes(built.xlsx), {
      headers: { 'content-type': XLSX_TYPE, 'content-disposition': attachment(built.name) },
    });
  });

  // "Report for a period": an HTML form post; remembered, then back to the reports page (303 across hosts).
  app.post(`${BASE}/reports-weekly/request-form`, async (c) => {
    const s = sessionFrom(c);
    const form = await c.req.parseBody();
    const fromDay = dayParam(form.dateFrom, 'dateFrom');
    const toDay = dayParam(form.dateTo, 'dateTo');
    if (fromDay > toDay) throw new PortalParamError('dateFrom: must not be after dateTo');
    PortalState.of(emu).requestedReports.push({
      account: s.data.account.id,
      dateFrom: dayNoToDate(fromDay),
      dateTo: dayNoToDate(toDay),
      at: new Date(emu.clock.now()).toISOString(),
    });
    const back = `${originsOf(c).of('shell')}/suppliers-mutual-settlements/reports-implementations/reports-weekly-new?requested=1&dateFrom=${dayNoToDate(fromDay)}&dateTo=${dayNoToDate(toDay)}`;
    return c.redirect(back, 303);
  });

  app.get(`${BASE}/balance`, (c) => nsOk(balanceView(sessionFrom(c).data, emu.clock.now())));
  app.get(`${BASE}/balance/payouts`, (c) => {
    const { data: d } = sessionFrom(c);
    const limit = intQuery(c, 'limit', { min: 1, max: 500, fallback: 20 });
    const skip = intQuery(c, 'skip', { min: 0, fallback: 0 });
    const all = payoutsView(d, emu.clock.now());
    return nsOk({
      payouts: pageOf(all, skip, limit),
      count: all.length,
      today: dayNoToDate(moscowDayNo(emu.clock.now())),
    });
  });

  // Bank details (sensitive): read, change by JSON, change by an HTML form.
  app.get(REQUISITES, (c) => {
    const s = sessionFrom(c);
    const a = s.data.account;
    return nsOk({
      supplier: { name: a.name, inn: a.tin, legalForm: a.legalForm },
      accounts: (PortalState.of(emu).bankAccounts.get(a.index) ?? []).map(bankView),
    });
  });
  const changeBank = (s: ReturnType<typeof sessionFrom>, fields: Record<string, unknown>) => {
    const state = PortalState.of(emu);
    const list = state.bankAccounts.get(s.data.account.index) ?? [];
    const next: BankAccount = {
      ...readBank(fields),
      id: list.length + 1,
      isMain: true,
      updatedMs: emu.clock.now(),
    };
    for (const b of list) b.isMain = false;
    list.push(next);
    state.bankAccounts.set(s.data.account.index, list);
    return next;
  };
  app.post(REQUISITES, async (c) =>
    nsOk({ account: bankView(changeBank(sessionFrom(c), await jsonObject(c))) }),
  );
  app.post(`${REQUISITES}/form`, async (c) => {
    changeBank(sessionFrom(c), await c.req.parseBody());
    return c.redirect(`${originsOf(c).of('shell')}/supplier-settings/requisites?saved=1`, 303);
  });

  app.all('*', (c) => nsFail(404, `no such service: ${new URL(c.req.url).pathname}`));
  return app;
}
