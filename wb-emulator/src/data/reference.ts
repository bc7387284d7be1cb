/**
 * Fixed reference data the generators draw from: subjects (WB's product kinds) with their commission, WB
 * warehouses, buyer regions, pickup points, brand name parts. Plausible values in WB's own words (Russian),
 * so the portal and the tests read like the real thing.
 */

export interface SizeChart {
  /** techSize values in order; a single '0' means "one size". */
  readonly techSizes: readonly string[];
  /** Russian sizes (`wbSize`), parallel to techSizes ('' when none). */
  readonly wbSizes: readonly string[];
}

const ONE_SIZE: SizeChart = { techSizes: ['0'], wbSizes: [''] };
const CLOTHES: SizeChart = {
  techSizes: ['XS', 'S', 'M', 'L', 'XL', 'XXL'],
  wbSizes: ['40-42', '42-44', '44-46', '46-48', '48-50', '50-52'],
};
const SHOES: SizeChart = {
  techSizes: ['36', '37', '38', '39', '40', '41', '42'],
  wbSizes: ['36', '37', '38', '39', '40', '41', '42'],
};
const KIDS: SizeChart = {
  techSizes: ['98', '104', '110', '116', '122'],
  wbSizes: ['98', '104', '110', '116', '122'],
};

export interface Subject {
  readonly subjectID: number;
  readonly subjectName: string;
  /** The statistics `category` (parent category). */
  readonly category: string;
  readonly parentID: number;
  /** kVV (WB's commission), % with VAT. */
  readonly commissionPercent: number;
  readonly sizes: SizeChart;
  /** Price range in rubles. */
  readonly price: readonly [number, number];
  readonly titles: readonly string[];
  /** Return rate (share of sales later returned). */
  readonly returnRate: number;
  readonly weightKg: number;
}

export const SUBJECTS: readonly Subject[] = [
  {
    subjectID: 192,
    subjectName: 'Футболки',
    category: 'Одежда',
    parentID: 1,
    commissionPercent: 25.5,
    sizes: CLOTHES,
    price: [590, 2490],
    titles: ['Футболка хлопковая оверсайз', 'Футболка базовая', 'Футболка с принтом'],
    returnRate: 0.12,
    weightKg: 0.25,
  },
  {
    subjectID: 1429,
    subjectName: 'Худи',
    category: 'Одежда',
    parentID: 1,
    commissionPercent: 25.5,
    sizes: CLOTHES,
    price: [1890, 5990],
    titles: ['Худи утеплённое', 'Худи оверсайз с капюшоном', 'Худи на молнии'],
    returnRate: 0.14,
    weightKg: 0.7,
  },
  {
    subjectID: 105,
    subjectName: 'Кроссовки',
    category: 'Обувь',
    parentID: 2,
    commissionPercent: 27,
    sizes: SHOES,
    price: [2990, 11990],
    titles: ['Кроссовки беговые', 'Кроссовки повседневные', 'Кеды кожаные'],
    returnRate: 0.18,
    weightKg: 1.1,
  },
  {
    subjectID: 2956,
    subjectName: 'Мультистайлеры',
    category: 'Бытовая техника',
    parentID: 3,
    commissionPercent: 19,
    sizes: ONE_SIZE,
    price: [2490, 14990],
    titles: ['Мультистайлер для волос 5 в 1', 'Фен-стайлер с насадками'],
    returnRate: 0.05,
    weightKg: 1.4,
  },
  {
    subjectID: 3091,
    subjectName: 'Мини-печи',
    category: 'Бытовая техника',
    parentID: 3,
    commissionPercent: 19,
    sizes: ONE_SIZE,
    price: [3990, 12990],
    titles: ['Мини-печь электрическая 30 л', 'Мини-печь с конвекцией'],
    returnRate: 0.04,
    weightKg: 6.2,
  },
  {
    subjectID: 515,
    subjectName: 'Тарелки',
    category: 'Посуда и инвентарь',
    parentID: 4,
    commissionPercent: 21,
    sizes: ONE_SIZE,
    price: [290, 1490],
    titles: ['Тарелка обеденная керамическая', 'Набор тарелок 6 шт'],
    returnRate: 0.03,
    weightKg: 0.9,
  },
  {
    subjectID: 1234,
    subjectName: 'Формы для запекания',
    category: 'Посуда и инвентарь',
    parentID: 4,
    commissionPercent: 21,
    sizes: ONE_SIZE,
    price: [390, 1990],
    titles: ['Форма для запекания стеклянная', 'Форма силиконовая для выпечки'],
    returnRate: 0.03,
    weightKg: 0.8,
  },
  {
    subjectID: 471,
    subjectName: 'Платья',
    category: 'Одежда',
    parentID: 1,
    commissionPercent: 25.5,
    sizes: CLOTHES,
    price: [1490, 6990],
    titles: ['Платье летнее миди', 'Платье трикотажное', 'Платье вечернее'],
    returnRate: 0.22,
    weightKg: 0.4,
  },
  {
    subjectID: 1840,
    subjectName: 'Комбинезоны детские',
    category: 'Детям',
    parentID: 5,
    commissionPercent: 23,
    sizes: KIDS,
    price: [990, 4990],
    titles: ['Комбинезон детский демисезонный', 'Комбинезон флисовый'],
    returnRate: 0.1,
    weightKg: 0.6,
  },
  {
    subjectID: 5067,
    subjectName: 'Кошельки',
    category: 'Аксессуары',
    parentID: 6,
    commissionPercent: 24,
    sizes: ONE_SIZE,
    price: [690, 3490],
    titles: ['Кошелёк кожаный', 'Портмоне с RFID-защитой'],
    returnRate: 0.06,
    weightKg: 0.2,
  },
];

export interface Warehouse {
  readonly id: number;
  readonly name: string;
  /** Region of dispatch (seller-analytics `regionName`). */
  readonly regionName: string;
  /** Logistics coefficient, % (finance `dlvPrc` is this / 100). */
  readonly coefficient: number;
}

export const WAREHOUSES: readonly Warehouse[] = [
  { id: 507, name: 'Коледино', regionName: 'Центральный', coefficient: 180 },
  { id: 117501, name: 'Подольск', regionName: 'Центральный', coefficient: 170 },
  { id: 120762, name: 'Электросталь', regionName: 'Центральный', coefficient: 165 },
  { id: 206348, name: 'Тула', regionName: 'Центральный', coefficient: 125 },
  { id: 117986, name: 'Казань', regionName: 'Приволжский', coefficient: 140 },
  { id: 130744, name: 'Краснодар', regionName: 'Южный', coefficient: 150 },
  { id: 208277, name: 'Невинномысск', regionName: 'Северо-Кавказский', coefficient: 110 },
  { id: 1733, name: 'Екатеринбург - Испытателей 14г', regionName: 'Уральский', coefficient: 135 },
  { id: 686, name: 'Новосибирск', regionName: 'Сибирский', coefficient: 145 },
  { id: 2737, name: 'Санкт-Петербург Уткина Заводь', regionName: 'Северо-Западный', coefficient: 160 },
  { id: 1193, name: 'Хабаровск', regionName: 'Дальневосточный', coefficient: 120 },
  { id: 218987, name: 'Алматы Атакент', regionName: 'Казахстан', coefficient: 100 },
];

export interface BuyerRegion {
  readonly countryName: string;
  readonly oblastOkrugName: string;
  readonly regionName: string;
  readonly weight: number;
}

export const BUYER_REGIONS: readonly BuyerRegion[] = [
  {
    countryName: 'Россия',
    oblastOkrugName: 'Центральный федеральный округ',
    regionName: 'Москва',
    weight: 20,
  },
  {
    countryName: 'Россия',
    oblastOkrugName: 'Центральный федеральный округ',
    regionName: 'Московская',
    weight: 14,
  },
  {
    countryName: 'Россия',
    oblastOkrugName: 'Центральный федеральный округ',
    regionName: 'Тульская',
    weight: 3,
  },
  {
    countryName: 'Россия',
    oblastOkrugName: 'Северо-Западный федеральный округ',
    regionName: 'Санкт-Петербург',
    weight: 9,
  },
  {
    countryName: 'Россия',
    oblastOkrugName: 'Приволжский федеральный округ',
    regionName: 'Республика Татарстан',
    weight: 5,
  },
  {
    countryName: 'Россия',
    oblastOkrugName: 'Приволжский федеральный округ',
    regionName: 'Нижегородская',
    weight: 4,
  },
  {
    countryName: 'Россия',
    oblastOkrugName: 'Южный федеральный округ',
    regionName: 'Краснодарский край',
    weight: 7,
  },
  { countryName: 'Россия', oblastOkrugName: 'Южный федеральный округ', regionName: 'Ростовская', weight: 5 },
  {
    countryName: 'Россия',
    oblastOkrugName: 'Уральский федеральный округ',
    regionName: 'Свердловская',
    weight: 5,
  },
  {
    countryName: 'Россия',
    oblastOkrugName: 'Сибирский федеральный округ',
    regionName: 'Новосибирская',
    weight: 4,
  },
  {
    countryName: 'Россия',
    oblastOkrugName: 'Дальневосточный федеральный округ',
    regionName: 'Приморский край',
    weight: 2,
  },
  {
    countryName: 'Россия',
    oblastOkrugName: 'Северо-Кавказский федеральный округ',
    regionName: 'Ставропольский край',
    weight: 3,
  },
  { countryName: 'Беларусь', oblastOkrugName: 'Минская область', regionName: 'Минск', weight: 2 },
  { countryName: 'Казахстан', oblastOkrugName: 'Алматинская область', regionName: 'Алматы', weight: 2 },
];

export interface PickupOffice {
  readonly id: number;
  readonly name: string;
  readonly partner: string;
  readonly partnerInn: string;
}

export const PICKUP_OFFICES: readonly PickupOffice[] = [
  {
    id: 105383,
    name: 'Москва Москва Очаковское шоссе 6к2',
    partner: 'ИП Жасмин А. В.',
    partnerInn: '770412345679',
  },
  { id: 110042, name: 'Москва Москва Профсоюзная 56', partner: 'ООО Пункт', partnerInn: '7728123451' },
  {
    id: 98211,
    name: 'Санкт-Петербург Санкт-Петербург Невский проспект 100',
    partner: 'ИП Смирнова О. П.',
    partnerInn: '781012345672',
  },
  { id: 120334, name: 'Казань Казань Пушкина 12', partner: 'ООО Казань-ПВЗ', partnerInn: '1655123458' },
  {
    id: 87712,
    name: 'Краснодар Краснодар Красная 150',
    partner: 'ИП Ковалёв Д. С.',
    partnerInn: '230812345671',
  },
  {
    id: 133009,
    name: 'Екатеринбург Екатеринбург Ленина 40',
    partner: 'ООО Урал-Выдача',
    partnerInn: '6671123454',
  },
  {
    id: 140871,
    name: 'Новосибирск Новосибирск Красный проспект 77',
    partner: 'ИП Ли М. А.',
    partnerInn: '540612345670',
  },
];

export const BRAND_PARTS = {
  first: ['Джой', 'Север', 'Лайт', 'Уют', 'Терра', 'Нова', 'Вега', 'Мира', 'Бриз', 'Аура'],
  second: ['Сити', 'Стиль', 'Дом', 'Форм', 'Лайн', 'Маркет', 'Тех', 'Кидс', 'Вэй', 'Плюс'],
} as const;

export const LEGAL_FORMS = ['ООО', 'ИП', 'АО'] as const;

export const COLORS = [
  'белый',
  'чёрный',
  'серый',
  'бежевый',
  'синий',
  'зелёный',
  'красный',
  'розовый',
] as const;

export const ACQUIRING_BANKS = ['Тинькофф', 'Сбербанк', 'Альфа-Банк', 'ВТБ'] as const;

export const FEEDBACK_TEXTS = {
  good: [
    'Спасибо, всё подошло',
    'Отличное качество, рекомендую',
    'Пришло быстро, упаковка целая',
    'Как на фото',
  ],
  bad: ['Размер не соответствует', 'Брак, пришлось вернуть', 'Цвет отличается от фото', 'Долгая доставка'],
  pros: ['Удобный', 'Качество', 'Цена', 'Материал', ''],
  cons: ['Нет', 'Маломерит', 'Запах', 'Нитки торчат', ''],
  names: ['Николай', 'Анна', 'Мария', 'Игорь', 'Елена', 'Дмитрий', 'Ольга', 'Покупатель'],
  answers: [
    'Спасибо за отзыв! Ждём вас снова!',
    'Благодарим за покупку!',
    'Жаль, что так вышло, напишите нам в чат.',
  ],
} as const;

export const QUESTION_TEXTS = [
  'Какой размер выбрать при росте 170?',
  'Есть ли гарантия?',
  'Когда будет в наличии размер M?',
  'Из какого материала сделано?',
  'Подходит для посудомоечной машины?',
  'Какая длина шнура?',
] as const;

/**
 * WB's photo host for a product: `basket-NN` is chosen by `vol = floor(nm / 1e5)` from ranges WB uses
 * (public knowledge of its CDN layout; beyond the table the number keeps growing by one per 216 vols).
 */
const BASKET_VOL_LIMITS = [
  143, 287, 431, 719, 1007, 1061, 1115, 1169, 1313, 1601, 1655, 1919, 2045, 2189, 2405, 2621, 2837, 3053,
  3269, 3485, 3701, 3917, 4133, 4349, 4565,
];

export function basketNumber(nmId: number): number {
  const vol = Math.floor(nmId / 100_000);
  const i = BASKET_VOL_LIMITS.findIndex((limit) => vol <= limit);
  if (i !== -1) return i + 1;
  return Math.min(40, BASKET_VOL_LIMITS.length + 1 + Math.floor((vol - 4566) / 216));
}

/** The URL of a card photo, per REFERENCE.md. */
export function photoUrl(
  nmId: number,
  size: 'big' | 'c246x328' | 'c516x688' | 'square' | 'tm',
  n: number,
): string {
  const basket = String(basketNumber(nmId)).padStart(2, '0');
  return `https://basket-${basket}.wbbasket.ru/vol${Math.floor(nmId / 100_000)}/part${Math.floor(nmId / 1000)}/${nmId}/images/${size}/${n}.webp`;
}
