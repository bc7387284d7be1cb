import type { Formats } from 'next-intl';

/** Named date and number formats, the same on the server and in the browser. Times are Moscow time. */
export const TIME_ZONE = 'Europe/Moscow';
export const FORMATS = {
  dateTime: {
    short: { day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit' },
    date: { day: '2-digit', month: 'short', year: 'numeric' },
    month: { month: 'long', year: 'numeric' },
  },
  number: { money: { style: 'currency', currency: 'RUB', maximumFractionDigits: 2 } },
} satisfies Formats;
