import type { AccountData } from '../../data/world.ts';
import { dayNoToDate } from '../../util/moscow.ts';
import { financeLine, linesTotals, type DetailLine } from '../views/reports.ts';
import { MONEY_FORMAT, type CellValue, type XlsxColumn } from './xlsx.ts';
import { writeXlsx } from './xlsx-writer.ts';

/**
 * The weekly realization report as an Excel sheet (written by the lean streaming writer: these get big) (≈85 columns with WB's Russian headers, mirroring the
 * finance rows; the article column is `Код номенклатуры`), a totals row, and a summary sheet.
 */

type Row = Record<string, unknown>;

const text =
  (key: string) =>
  (r: Row): CellValue => {
    const v = r[key];
    return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : null;
  };
const num =
  (key: string) =>
  (r: Row): CellValue => {
    const v = r[key];
    if (v === undefined || v === null || v === '') return null;
    const n = Number(v);
    return Number.isFinite(n) ? n : null;
  };
const date =
  (key: string) =>
  (r: Row): CellValue => {
    const v = r[key];
    if (typeof v !== 'string' || v.startsWith('0001-01-01')) return null;
    return v.slice(0, 10);
  };
const bool =
  (key: string) =>
  (r: Row): CellValue =>
    r[key] === true ? 'Да' : 'Нет';

const money = (header: string, key: string, total = true): XlsxColumn<Row> => ({
  header,
  value: num(key),
  numFmt: MONEY_FORMAT,
  width: 16,
  total,
});

export const REALIZATION_COLUMNS: ReadonlyArray<XlsxColumn<Row>> = [
  { header: '№', value: (r) => r.__n as number, width: 8 },
  { header: 'Номер поставки', value: num('giId'), width: 14 },
  { header: 'Предмет', value: text('subjectName'), width: 18 },
  { header: 'Код номенклатуры', value: num('nmId'), width: 16 },
  { header: 'Бренд', value: text('brandName'), width: 16 },
  { header: 'Артикул поставщика', value: text('vendorCode'), width: 18 },
  { header: 'Название', value: text('title'), width: 30 },
  { header: 'Размер', value: text('techSize'), width: 8 },
  { header: 'Баркод', value: text('sku'), width: 16 },
  { header: 'Тип документа', value: text('docTypeName'), width: 12 },
  { header: 'Обоснование для оплаты', value: text('sellerOperName'), width: 22 },
  { header: 'Дата заказа покупателем', value: date('orderDt'), width: 14 },
  { header: 'Дата продажи', value: date('saleDt'), width: 14 },
  { header: 'Кол-во', value: num('quantity'), width: 8, total: true },
  money('Цена розничная', 'retailPrice'),
  money('Вайлдберриз реализовал Товар (Пр)', 'retailAmount'),
  { header: 'Согласованный продуктовый дисконт, %', value: num('productDiscountForReport') },
  { header: 'Промокод, %', value: num('sellerPromo') },
  { header: 'Итоговая согласованная скидка, %', value: num('salePercent') },
  money('Цена розничная с учетом согласованной скидки', 'retailPriceWithDisc'),
  { header: 'Размер снижения кВВ из-за рейтинга, %', value: num('supRatingUp') },
  { header: 'Размер изменения кВВ из-за акции, %', value: num('isKgvpV2') },
  { header: 'Скидка постоянного Покупателя (СПП), %', value: num('spp') },
  { header: 'Размер кВВ, %', value: num('commissionPercent') },
  { header: 'Размер кВВ без НДС, % Базовый', value: num('kvwBase') },
  { header: 'Итоговый кВВ без НДС, %', value: num('kvw') },
  money('Вознаграждение с продаж до вычета услуг поверенного, без НДС', 'ppvzSalesCommission'),
  money('Возмещение за выдачу и возврат товаров на ПВЗ', 'ppvzReward'),
  money('Эквайринг/Комиссии за организацию платежей', 'acquiringFee'),
  {
    header: 'Размер комиссии за эквайринг/Комиссии за организацию платежей, %',
    value: num('acquiringPercent'),
  },
  { header: 'Тип платежа за Эквайринг/Комиссии за организацию платежей', value: text('paymentProcessing') },
  money('Вознаграждение Вайлдберриз (ВВ), без НДС', 'vw'),
  money('НДС с Вознаграждения Вайлдберриз', 'vwNds'),
  money('К перечислению Продавцу за реализованный Товар', 'forPay'),
  { header: 'Количество доставок', value: num('deliveryAmount'), total: true },
  { header: 'Количество возврата', value: num('returnAmount'), total: true },
  money('Услуги по доставке товара покупателю', 'deliveryService'),
  { header: 'Дата начала действия фиксации', value: date('fixTariffDateFrom') },
  { header: 'Дата конца действия фиксации', value: date('fixTariffDateTo') },
  { header: 'Признак услуги платной доставки', value: bool('srvDbs') },
  money('Общая сумма штрафов', 'penalty'),
  money('Корректировка Вознаграждения Вайлдберриз (ВВ)', 'additionalPayment'),
  { header: 'Виды логистики, штрафов и корректировок ВВ', value: text('bonusTypeName'), width: 30 },
  { header: 'Стикер МП', value: text('stickerId') },
  { header: 'Наименование банка-эквайера', value: text('acquiringBank') },
  { header: 'Номер офиса', value: num('ppvzOfficeId') },
  { header: 'Наименование офиса доставки', value: text('ppvzOfficeName'), width: 24 },
  { header: 'ИНН партнера', value: text('ppvzSupplierInn') },
  { header: 'Партнер', value: text('ppvzSupplierName') },
  { header: 'Склад', value: text('officeName'), width: 18 },
  { header: 'Страна', value: text('country') },
  { header: 'Тип коробов', value: text('giBoxTypeName') },
  { header: 'Номер таможенной декларации', value: text('declarationNumber') },
  { header: 'Номер сборочного задания', value: num('orderId') },
  { header: 'Код маркировки', value: text('kiz') },
  { header: 'ШК', value: num('shkId') },
  { header: 'Srid', value: text('srid'), width: 42 },
  money('Возмещение издержек по перевозке/по складским операциям с товаром', 'rebillLogisticCost'),
  { header: 'Организатор перевозки', value: text('rebillLogisticOrg') },
  money('Хранение', 'paidStorage'),
  money('Удержания', 'deduction'),
  money('Операции на приемке', 'paidAcceptance'),
  { header: 'Фиксированный коэффициент склада по поставке', value: num('dlvPrc') },
  { header: 'Признак продажи юридическому лицу', value: bool('isB2b') },
  { header: 'Номер короба для платной приемки', value: text('trbxId') },
  money('Скидка по программе софинансирования', 'installmentCofinancingAmount'),
  { header: 'Скидка Wibes, %', value: num('wibesDiscountPercent') },
  money('Сумма удержанная за начисленные баллы программы лояльности', 'cashbackAmount'),
  money('Компенсация скидки по программе лояльности', 'cashbackDiscount'),
  money('Стоимость участия в программе лояльности', 'cashbackCommissionChange'),
  money('Разовое изменение срока перечисления денежных средств', 'paymentSchedule'),
  { header: 'Способ продажи', value: text('deliveryMethod') },
  { header: 'ID акции продавца', value: num('sellerPromoId') },
  { header: 'Скидка по акции продавца, %', value: num('sellerPromoDiscount') },
  { header: 'ID программы лояльности', value: num('loyaltyId') },
  { header: 'Скидка по программе лояльности, %', value: num('loyaltyDiscount') },
  { header: 'UUID промокода', value: text('uuidPromocode') },
  { header: 'Скидка по промокоду, %', value: num('salePricePromocodeDiscountPrc') },
  { header: 'Подмена артикула', value: text('articleSubstitution') },
  { header: 'Скидка аффилированным лицам, %', value: num('salePriceAffiliatedDiscountPrc') },
  { header: 'Оптовая скидка, %', value: num('salePriceWholesaleDiscountPrc') },
  { header: 'ИНН покупателя B2B', value: text('b2bCustomerTin') },
  { header: 'Uid заказа', value: text('orderUid'), width: 36 },
  { header: 'Дата операции', value: text('rrDate') },
  { header: 'ID строки', value: num('rrdId'), width: 16 },
];

/** The workbook of a report's lines (or any lines, e.g. a period). */
export function realizationWorkbook(
  d: AccountData,
  title: { reportId: string; firstDay: number; lastDay: number },
  lines: readonly DetailLine[],
): Promise<Buffer> {
  const totals = linesTotals(lines);
  let n = 0;
  return writeXlsx<Row>({
    sheetName: 'Детализация',
    columns: REALIZATION_COLUMNS,
    rows: (function* () {
      for (const l of lines) yield { ...financeLine(d, l), __n: ++n };
    })(),
    extraSheets: () => [
      {
        name: 'Сводка',
        widths: [48, 22],
        rows: [
          ['Показатель', 'Значение'],
          ['Продавец', d.account.name],
          ['ИНН', d.account.tin],
          ['Номер отчёта', title.reportId],
          ['Период', `${dayNoToDate(title.firstDay)} — ${dayNoToDate(title.lastDay)}`],
          ['Строк', lines.length],
          ['Продажа', totals.totalSale ?? 0],
          ['К перечислению за товар', totals.forPay ?? 0],
          ['Стоимость логистики', totals.deliveryRub ?? 0],
          ['Стоимость хранения', totals.storageFee ?? 0],
          ['Стоимость платной приёмки', totals.acceptance ?? 0],
          ['Прочие удержания', totals.deduction ?? 0],
          ['Общая сумма штрафов', totals.penalty ?? 0],
          ['Доплаты', totals.additionalPayment ?? 0],
          ['Итого к оплате', totals.bankPaymentSum ?? 0],
        ],
      },
    ],
  });
}
