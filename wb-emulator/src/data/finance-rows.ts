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

interface LineFacts {
  readonly isGoods: boolean;
  readonly docTypeName: string;
  readonly sellerOperName: string;
  readonly nmId: number;
  readonly subjectName: string;
  readonly brandName: string;
  readonly vendorCode: string;
  readonly title: string;
  readonly techSize: string;
  readonly sku: string;
  readonly officeName: string;
  readonly deliveryAmount: number;
  readonly returnAmount: number;
  readonly dlvPrc: number;
  readonly kopecks: {
    retailPrice: number;
    retailAmount: number;
    retailPriceWithDisc: number;
    deliveryService: number;
    ppvzSalesCommission: number;
    forPay: number;
    acquiringFee: number;
    vw: number;
    vwNds: number;
    penalty: number;
    additionalPayment: number;
    rebillLogisticCost: number;
    paidStorage: number;
    deduction: number;
    paidAcceptance: number;
  };
}

function facts(op: FinanceOp): LineFacts {
  const o = op.order;
  const card = o?.card ?? op.card;
  const isGoods = op.kind === 'sale' || op.kind === 'return';
  const amount = (k: OpKind[]) => (k.includes(op.kind) ? op.amount : 0);
  return {
    isGoods,
    docTypeName: op.kind === 'sale' ? 'Продажа' : op.kind === 'return' ? 'Возврат' : '',
    sellerOperName: OPER_NAMES[op.kind],
    nmId: card?.nmID ?? 0,
    subjectName: card?.subject.subjectName ?? '',
    brandName: card?.brand ?? '',
    vendorCode: card?.vendorCode ?? '',
    title: card?.title ?? '',
    techSize: o?.size.techSize ?? (card ? (card.sizes[0]?.techSize ?? '0') : ''),
    sku: o?.barcode ?? (card ? (card.sizes[0]?.skus[0] ?? '') : ''),
    officeName: o?.warehouseName ?? card?.warehouses[0]?.name ?? '',
    deliveryAmount: op.kind === 'logistics-sale' ? 1 : 0,
    returnAmount: op.kind === 'logistics-return' || op.kind === 'logistics-refuse' ? 1 : 0,
    dlvPrc: op.kind.startsWith('logistics') ? (o?.warehouse?.coefficient ?? 100) / 100 : 0,
    kopecks: {
      retailPrice: isGoods && o ? o.totalPrice : 0,
      retailAmount: isGoods && o ? o.finishedPrice : 0,
      retailPriceWithDisc: isGoods && o ? o.priceWithDisc : 0,
      deliveryService: amount(['logistics-sale', 'logistics-return', 'logistics-refuse']),
      ppvzSalesCommission: isGoods && o ? o.vw : 0,
      forPay: isGoods && o ? o.forPay : 0,
      acquiringFee: isGoods && o ? o.acquiringFee : 0,
      vw: isGoods && o ? o.vw : 0,
      vwNds: isGoods && o ? o.vwNds : 0,
      penalty: amount(['penalty']),
      additionalPayment: amount(['additional']),
      rebillLogisticCost: amount(['rebill']),
      paidStorage: amount(['storage', 'storage-cabinet']),
      deduction: amount(['deduction']),
      paidAcceptance: amount(['acceptance']),
    },
  };
}

/** A KIZ (Честный знак) code for marked goods. */
function kizFor(op: FinanceOp): string | undefined {
  const o = op.order;
  if (!o || !o.card.needKiz || (op.kind !== 'sale' && op.kind !== 'return')) return undefined;
  return `0104650117240408215${o.srid.slice(0, 13)}\u001d91EE10\u001d92${o.srid.slice(13, 57)}`;
}

/** One finance-api row (`SalesReportsDetailedRes`). */
export function financeRow(
  account: SellerAccount,
  report: Report,
  op: FinanceOp,
  rrdId: number,
): Record<string, unknown> {
  const f = facts(op);
  const o = op.order;
  const k = f.kopecks;
  const m = wbMoneyString;
  const eventAt =
    op.kind === 'return' || op.kind === 'logistics-return'
      ? o?.returnAt
      : op.kind === 'logistics-refuse'
        ? o?.refuseAt
        : o?.saleAt;
  const row: Record<string, unknown> = {
    reportId: jsonBigInt(report.reportId),
    dateFrom: dayNoToDate(report.firstDay),
    dateTo: dayNoToDate(report.lastDay),
    createDate: dayNoToDate(report.createDay),
    currency: 'RUB',
    reportType: 1,
    rrdId,
    giId: o?.incomeID ?? 0,
    dlvPrc: f.dlvPrc,
    fixTariffDateFrom: NO_DATE,
    fixTariffDateTo: NO_DATE,
    subjectName: f.subjectName,
    nmId: f.nmId,
    brandName: f.brandName,
    vendorCode: f.vendorCode,
    title: f.title,
    techSize: f.techSize,
    sku: f.sku,
    docTypeName: f.docTypeName,
    quantity: f.isGoods ? 1 : 0,
    retailPrice: m(k.retailPrice),
    retailAmount: m(k.retailAmount),
    salePercent: f.isGoods && o ? o.discountPercent : 0,
    commissionPercent: f.isGoods && o ? o.commissionPercent : 0,
    officeName: f.officeName,
    sellerOperName: f.sellerOperName,
    orderDt: o ? utcSeconds(o.orderedAt) : NO_DATE_TIME,
    saleDt: eventAt != null ? utcSeconds(eventAt) : NO_DATE_TIME,
    rrDate: dayNoToDate(op.dayNo),
    shkId: o?.shkId ?? 0,
    retailPriceWithDisc: m(k.retailPriceWithDisc),
    deliveryAmount: f.deliveryAmount,
    returnAmount: f.returnAmount,
    deliveryService: m(k.deliveryService),
    giBoxTypeName: o ? (o.warehouse ? 'Короб' : 'Без коробов') : '',
    productDiscountForReport: f.isGoods && o ? o.discountPercent : 0,
    sellerPromo: '0',
    spp: f.isGoods && o ? o.spp : 0,
    kvwBase: f.isGoods && o ? o.kvwBase : 0,
    kvw: f.isGoods && o ? o.kvwBase : 0,
    supRatingUp: 0,
    isKgvpV2: 0,
    ppvzSalesCommission: m(k.ppvzSalesCommission),
    forPay: m(k.forPay),
    ppvzReward: '0',
    acquiringFee: m(k.acquiringFee),
    acquiringPercent: f.isGoods && o ? o.acquiringPercent : 0,
    paymentProcessing: f.isGoods ? 'Комиссия за организацию платежа с НДС' : '',
    acquiringBank: f.isGoods ? account.acquiringBank : '',
    vw: m(k.vw),
    vwNds: m(k.vwNds),
    ppvzOfficeName: o ? o.office.name : '',
    ppvzOfficeId: o ? o.office.id : 0,
    ppvzSupplierName: o ? o.office.partner : '',
    ppvzSupplierInn: o ? o.office.partnerInn : '',
    declarationNumber: '',
  };
  if (op.bonusTypeName) row.bonusTypeName = op.bonusTypeName;
  row.stickerId = o?.sticker ?? '';
  row.country = o?.region.countryName ?? '';
  row.srvDbs = false;
  row.penalty = m(k.penalty);
  row.additionalPayment = m(k.additionalPayment);
  row.rebillLogisticCost = m(k.rebillLogisticCost);
  if (op.kind === 'rebill' && op.office)
    row.rebillLogisticOrg = `${op.office.partner}(${op.office.partnerInn})`;
  row.paidStorage = m(k.paidStorage);
  row.deduction = m(k.deduction);
  row.paidAcceptance = m(k.paidAcceptance);
  row.orderId = o?.assemblyId ?? 0;
  const kiz = kizFor(op);
  if (kiz) row.kiz = kiz;
  Object.assign(row, {
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
  });
  return row;
}

/** Keeps only the requested fields (finance-api `fields`), in the row's order. */
export function pickFields(
  row: Record<string, unknown>,
  fields: ReadonlySet<string>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(row)) if (fields.has(key)) out[key] = row[key];
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
