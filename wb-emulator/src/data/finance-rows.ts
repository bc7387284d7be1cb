import type {} from '../types/json-raw-json.d.ts';
import type { SellerAccount } from './accounts.ts';
import type { FinanceOp, OpKind, Report } from './finance.ts';
import { wbMoneyNumber, wbMoneyString } from '../util/money.ts';
import { dayNoToDate, utcSeconds } from '../util/moscow.ts';

/**
 * Report lines in WB's two spellings: finance-api's camelCase with money as strings
 * (`SalesReportsDetailedRes`, 13-finances.yaml 2026-07) and the legacy v5 snake_case with money as numbers
 * (`DetailReportItem`, 2025-12). Keys come in the spec's order. Fields the spec marks optional
 * (`bonusTypeName`, `rebillLogisticOrg`, `kiz`) appear only when they have a value, as WB's do.
 * Rows not tied to an article (cabinet-wide storage, most deductions) have `nmId: 0` and empty texts.
 */

const NO_DATE = '0001-01-01';
const NO_DATE_TIME = '0001-01-01T00:00:00Z';

const OPER_NAMES: Record<OpKind, string> = {
  sale: 'Продажа',
  return: 'Возврат',
  'logistics-sale': 'Логистика',
  'logistics-return': 'Логистика',
  'logistics-refuse': 'Логистика',
  storage: 'Хранение',
  'storage-cabinet': 'Хранение',
  penalty: 'Штраф',
  deduction: 'Удержание',
  acceptance: 'Платная приемка',
  additional: 'Доплаты',
  rebill: 'Возмещение издержек по перевозке/по складским операциям с товаром',
};

/** A daily report id exceeds 2^53: written as raw JSON digits so it stays a JSON number. */
export function jsonBigInt(value: bigint): unknown {
  return JSON.rawJSON(value.toString());
}

/** Strings every row of a report repeats, computed once per report. */
interface ReportStrings {
  reportId: unknown;
  dateFrom: string;
  dateTo: string;
  createDate: string;
}
const reportStrings = new WeakMap<Report, ReportStrings>();
function stringsOf(report: Report): ReportStrings {
  let s = reportStrings.get(report);
  if (!s) {
    s = {
      reportId: jsonBigInt(report.reportId),
      dateFrom: dayNoToDate(report.firstDay),
      dateTo: dayNoToDate(report.lastDay),
      createDate: dayNoToDate(report.createDay),
    };
    reportStrings.set(report, s);
  }
  return s;
}

const dayStrings = new Map<number, string>();
function rrDateOf(dayNo: number): string {
  let s = dayStrings.get(dayNo);
  if (s === undefined) {
    s = dayNoToDate(dayNo);
    if (dayStrings.size > 10_000) dayStrings.clear();
    dayStrings.set(dayNo, s);
  }
  return s;
}

/** A KIZ (Честный знак) code for marked goods. */
function kizFor(op: FinanceOp): string | undefined {
  const o = op.order;
  if (!o || !o.card.needKiz || (op.kind !== 'sale' && op.kind !== 'return')) return undefined;
  return `0104650117240408215${o.srid.slice(0, 13)}\u001d91EE10\u001d92${o.srid.slice(13)}`;
}

/**
 * One finance-api row (`SalesReportsDetailedRes`). One object literal in the spec's key order; optional
 * fields are `undefined` when absent, which JSON leaves out.
 */
export function financeRow(
  account: SellerAccount,
  report: Report,
  op: FinanceOp,
  rrdId: number,
): Record<string, unknown> {
  const o = op.order;
  const card = o?.card ?? op.card;
  const kind = op.kind;
  const goods = (kind === 'sale' || kind === 'return') && o !== undefined ? o : undefined;
  const logistics = kind === 'logistics-sale' || kind === 'logistics-return' || kind === 'logistics-refuse';
  const m = wbMoneyString;
  const amountIf = (k: OpKind) => (kind === k ? m(op.amount) : '0');
  const eventAt =
    kind === 'return' || kind === 'logistics-return'
      ? o?.returnAt
      : kind === 'logistics-refuse'
        ? o?.refuseAt
        : o?.saleAt;
  const r = stringsOf(report);
  return {
    reportId: r.reportId,
    dateFrom: r.dateFrom,
    dateTo: r.dateTo,
    createDate: r.createDate,
    currency: 'RUB',
    reportType: 1,
    rrdId,
    giId: o?.incomeID ?? 0,
    dlvPrc: logistics ? (o?.warehouse?.coefficient ?? 100) / 100 : 0,
    fixTariffDateFrom: NO_DATE,
    fixTariffDateTo: NO_DATE,
    subjectName: card?.subject.subjectName ?? '',
    nmId: card?.nmID ?? 0,
    brandName: card?.brand ?? '',
    vendorCode: card?.vendorCode ?? '',
    title: card?.title ?? '',
    techSize: o?.size.techSize ?? (card ? (card.sizes[0]?.techSize ?? '0') : ''),
    sku: o?.barcode ?? (card ? (card.sizes[0]?.skus[0] ?? '') : ''),
    docTypeName: kind === 'sale' ? 'Продажа' : kind === 'return' ? 'Возврат' : '',
    quantity: goods ? 1 : 0,
    retailPrice: goods ? m(goods.totalPrice) : '0',
    retailAmount: goods ? m(goods.finishedPrice) : '0',
    salePercent: goods ? goods.discountPercent : 0,
    commissionPercent: goods ? goods.commissionPercent : 0,
    officeName: o?.warehouseName ?? card?.warehouses[0]?.name ?? '',
    sellerOperName: OPER_NAMES[kind],
    orderDt: o ? utcSeconds(o.orderedAt) : NO_DATE_TIME,
    saleDt: eventAt != null ? utcSeconds(eventAt) : NO_DATE_TIME,
    rrDate: rrDateOf(op.dayNo),
    shkId: o?.shkId ?? 0,
    retailPriceWithDisc: goods ? m(goods.priceWithDisc) : '0',
    deliveryAmount: kind === 'logistics-sale' ? 1 : 0,
    returnAmount: kind === 'logistics-return' || kind === 'logistics-refuse' ? 1 : 0,
    deliveryService: logistics ? m(op.amount) : '0',
    giBoxTypeName: o ? (o.warehouse ? 'Короб' : 'Без коробов') : '',
    productDiscountForReport: goods ? goods.discountPercent : 0,
    sellerPromo: '0',
    spp: goods ? goods.spp : 0,
    kvwBase: goods ? goods.kvwBase : 0,
    kvw: goods ? goods.kvwBase : 0,
    supRatingUp: 0,
    isKgvpV2: 0,
    ppvzSalesCommission: goods ? m(goods.vw) : '0',
    forPay: goods ? m(goods.forPay) : '0',
    ppvzReward: '0',
    acquiringFee: goods ? m(goods.acquiringFee) : '0',
    acquiringPercent: goods ? goods.acquiringPercent : 0,
    paymentProcessing: goods ? 'Комиссия за организацию платежа с НДС' : '',
    acquiringBank: goods ? account.acquiringBank : '',
    vw: goods ? m(goods.vw) : '0',
    vwNds: goods ? m(goods.vwNds) : '0',
    ppvzOfficeName: o ? o.office.name : '',
    ppvzOfficeId: o ? o.office.id : 0,
    ppvzSupplierName: o ? o.office.partner : '',
    ppvzSupplierInn: o ? o.office.partnerInn : '',
    declarationNumber: '',
    bonusTypeName: op.bonusTypeName,
    stickerId: o?.sticker ?? '',
    country: o?.region.countryName ?? '',
    srvDbs: false,
    penalty: amountIf('penalty'),
    additionalPayment: amountIf('additional'),
    rebillLogisticCost: amountIf('rebill'),
    rebillLogisticOrg:
      kind === 'rebill' && op.office ? `${op.office.partner}(${op.office.partnerInn})` : undefined,
    paidStorage: kind === 'storage' || kind === 'storage-cabinet' ? m(op.amount) : '0',
    deduction: amountIf('deduction'),
    paidAcceptance: amountIf('acceptance'),
    orderId: o?.assemblyId ?? 0,
    kiz: kizFor(op),
    isB2b: false,
    trbxId: '',
    installmentCofinancingAmount: '0',
    wibesDiscountPercent: 0,
    cashbackAmount: '0',
    cashbackDiscount: '0',
    cashbackCommissionChange: '0',
    paymentSchedule: '0',
    deliveryMethod: o ? (o.warehouse ? 'FBW' : 'FBS') : '',
    sellerPromoId: 0,
    sellerPromoDiscount: 0,
    loyaltyId: 0,
    loyaltyDiscount: 0,
    uuidPromocode: '',
    salePricePromocodeDiscountPrc: 0,
    articleSubstitution: '',
    salePriceAffiliatedDiscountPrc: 0,
    salePriceWholesaleDiscountPrc: 0,
    b2bCustomerTin: '',
    orderUid: o?.orderUid ?? '',
    srid: o?.srid ?? '',
  };
}

/** Keeps only the requested fields (finance-api `fields`), in the row's order. */
export function pickFields(
  row: Record<string, unknown>,
  fields: ReadonlySet<string>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(row)) if (fields.has(key) && row[key] !== undefined) out[key] = row[key];
  return out;
}

/** One legacy v5 row (`DetailReportItem`, statistics-api `/api/v5/supplier/reportDetailByPeriod`). */
export function v5Row(
  account: SellerAccount,
  report: Report,
  op: FinanceOp,
  rrdId: number,
): Record<string, unknown> {
  const r = financeRow(account, report, op, rrdId);
  const n = (key: string) => wbMoneyNumber(Math.round(Number(r[key]) * 100));
  const o = op.order;
  const row: Record<string, unknown> = {
    realizationreport_id: r.reportId,
    date_from: r.dateFrom,
    date_to: r.dateTo,
    create_dt: r.createDate,
    currency_name: 'руб',
    suppliercontract_code: null,
    rrd_id: rrdId,
    gi_id: r.giId,
    dlv_prc: r.dlvPrc,
    fix_tariff_date_from: r.fixTariffDateFrom,
    fix_tariff_date_to: r.fixTariffDateTo,
    subject_name: r.subjectName,
    nm_id: r.nmId,
    brand_name: r.brandName,
    sa_name: r.vendorCode,
    ts_name: r.techSize,
    barcode: r.sku,
    doc_type_name: r.docTypeName,
    quantity: r.quantity,
    retail_price: n('retailPrice'),
    retail_amount: n('retailAmount'),
    sale_percent: r.salePercent,
    commission_percent: r.commissionPercent,
    office_name: r.officeName,
    supplier_oper_name: r.sellerOperName,
    order_dt: r.orderDt,
    sale_dt: r.saleDt,
    rr_dt: r.rrDate,
    shk_id: r.shkId,
    retail_price_withdisc_rub: n('retailPriceWithDisc'),
    delivery_amount: r.deliveryAmount,
    return_amount: r.returnAmount,
    delivery_rub: n('deliveryService'),
    gi_box_type_name: r.giBoxTypeName,
    product_discount_for_report: r.productDiscountForReport,
    supplier_promo: 0,
    ppvz_spp_prc: r.spp,
    ppvz_kvw_prc_base: r.kvwBase,
    ppvz_kvw_prc: r.kvw,
    sup_rating_prc_up: 0,
    is_kgvp_v2: 0,
    ppvz_sales_commission: n('ppvzSalesCommission'),
    ppvz_for_pay: n('forPay'),
    ppvz_reward: 0,
    acquiring_fee: n('acquiringFee'),
    acquiring_percent: r.acquiringPercent,
    payment_processing: r.paymentProcessing,
    acquiring_bank: r.acquiringBank,
    ppvz_vw: n('vw'),
    ppvz_vw_nds: n('vwNds'),
    ppvz_office_name: r.ppvzOfficeName,
    ppvz_office_id: r.ppvzOfficeId,
    ppvz_supplier_id: o ? o.office.id * 10 + 7 : 0,
    ppvz_supplier_name: r.ppvzSupplierName,
    ppvz_inn: r.ppvzSupplierInn,
    declaration_number: '',
  };
  if (r.bonusTypeName !== undefined) row.bonus_type_name = r.bonusTypeName;
  row.sticker_id = r.stickerId;
  row.site_country = r.country;
  row.srv_dbs = false;
  row.penalty = n('penalty');
  row.additional_payment = n('additionalPayment');
  row.rebill_logistic_cost = n('rebillLogisticCost');
  if (r.rebillLogisticOrg !== undefined) row.rebill_logistic_org = r.rebillLogisticOrg;
  row.storage_fee = n('paidStorage');
  row.deduction = n('deduction');
  row.acceptance = n('paidAcceptance');
  row.assembly_id = r.orderId;
  if (r.kiz !== undefined) row.kiz = r.kiz;
  Object.assign(row, {
    srid: r.srid,
    report_type: 1,
    is_legal_entity: false,
    trbx_id: '',
    installment_cofinancing_amount: 0,
    wibes_wb_discount_percent: 0,
    cashback_amount: 0,
    cashback_discount: 0,
    cashback_commission_change: 0,
    order_uid: r.orderUid,
    payment_schedule: 0,
    delivery_method: r.deliveryMethod,
  });
  return row;
}
