import { advertMethods } from './advert.ts';
import { analyticsMethods } from './analytics.ts';
import { commonMethods } from './common.ts';
import { contentMethods } from './content.ts';
import { feedbacksMethods } from './feedbacks.ts';
import { financeMethods } from './finance.ts';
import { pricesMethods } from './prices.ts';
import type { MethodDefinition } from './seller-api.ts';
import { statisticsMethods } from './statistics.ts';

/** Every seller API method the emulator serves, by host role (besides `/ping`, which every API host has). */
export const SELLER_API_METHODS: Readonly<Record<string, readonly MethodDefinition[]>> = {
  statistics: statisticsMethods,
  finance: financeMethods,
  analytics: analyticsMethods,
  content: contentMethods,
  feedbacks: feedbacksMethods,
  advert: advertMethods,
  common: commonMethods,
  prices: pricesMethods,
};
