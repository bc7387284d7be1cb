import type { Card } from '../../data/catalog.ts';
import type { RequestOrigins } from '../http/origins.ts';
import { cardPhotos } from './common.ts';

/** Prices and discounts (discounts-prices): the article is `nmID`, as in the prices API. */
export function priceView(card: Card, stock: number, o: RequestOrigins): Record<string, unknown> {
  const discounted = Math.round(card.priceRub * (100 - card.discount)) / 100;
  const club = Math.round(discounted * (100 - card.clubDiscount)) / 100;
  return {
    nmID: card.nmID,
    vendorCode: card.vendorCode,
    brand: card.brand,
    subjectName: card.subject.subjectName,
    title: card.title,
    photo: cardPhotos(card, o).tm,
    price: card.priceRub,
    discount: card.discount,
    discountedPrice: discounted,
    clubDiscount: card.clubDiscount,
    clubDiscountedPrice: club,
    currencyIsoCode4217: 'RUB',
    quantity: stock,
    sizes: card.sizes.map((s) => ({
      sizeID: s.chrtID,
      techSizeName: s.techSize,
      price: card.priceRub,
      discountedPrice: discounted,
      barcode: s.skus[0],
    })),
    editableSizePrice: false,
  };
}
