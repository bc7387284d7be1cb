import type { Database } from '@joycity/db';
import type { RunningEmulator } from '@joycity/wb-emulator';
import { parseJson } from '../filter/json-codec.ts';

/**
 * Loads an emulator account's realization report rows into wb_report_rows the way the sync worker stores them
 * (from finance-api `sales-reports/detailed`, weekly and daily), for tests of the per-manager figures.
 */
export async function loadFinanceRows(
  emu: RunningEmulator,
  db: Database,
  input: { accountId: number; emulatorAccount: number; dateFrom: string; dateTo: string },
): Promise<Array<Record<string, unknown>>> {
  const token = emu.emulator.key(input.emulatorAccount).token;
  const all: Array<Record<string, unknown>> = [];
  const str = (v: unknown) =>
    v === undefined || v === null
      ? null
      : typeof v === 'object'
        ? String((v as { rawJSON: string }).rawJSON)
        : typeof v === 'number' || typeof v === 'string'
          ? String(v)
          : null;
  for (const period of ['weekly', 'daily'] as const) {
    let rrdId: unknown = 0;
    for (;;) {
      const res = await emu.wb.request(
        'https://finance-api.wildberries.ru/api/finance/v1/sales-reports/detailed',
        {
          token,
          body: { dateFrom: input.dateFrom, dateTo: input.dateTo, period, rrdId, limit: 100_000 },
        },
      );
      if (res.status === 204) break;
      if (res.status === 429) {
        await new Promise((r) => setTimeout(r, 100));
        continue;
      }
      if (res.status !== 200) throw new Error(`finance-api answered ${res.status}: ${res.text()}`);
      const rows = parseJson(res.body(), 'finance') as Array<Record<string, unknown>>;
      if (rows.length === 0) break;
      const values = rows.map((r) => ({
        account_id: input.accountId,
        rrd_id: str(r.rrdId)!,
        report_id: str(r.reportId)!,
        period,
        nm_id: r.nmId === undefined ? null : Number(r.nmId),
        doc_type_name: (r.docTypeName as string | undefined) ?? null,
        supplier_oper_name: (r.sellerOperName as string | undefined) ?? null,
        date_from: String(r.dateFrom).slice(0, 10),
        date_to: String(r.dateTo).slice(0, 10),
        rr_date: typeof r.rrDate === 'string' ? r.rrDate.slice(0, 10) : null,
        quantity: Number(r.quantity ?? 0),
        retail_amount: str(r.retailAmount),
        for_pay: str(r.forPay),
        delivery_service: str(r.deliveryService),
        paid_storage: str(r.paidStorage),
        penalty: str(r.penalty),
        deduction: str(r.deduction),
        paid_acceptance: str(r.paidAcceptance),
        additional_payment: str(r.additionalPayment),
        rebill_logistic_cost: str(r.rebillLogisticCost),
        raw: JSON.stringify({}),
      }));
      for (let i = 0; i < values.length; i += 2000)
        await db
          .insertInto('wb_report_rows')
          .values(values.slice(i, i + 2000) as never)
          .execute();
      for (const r of rows) all.push({ ...r, period });
      rrdId = rows[rows.length - 1]!.rrdId;
    }
  }
  return all;
}
