export {
  moscowDate,
  moscowMonthStart,
  nextMoscowMonthBoundary,
  parseMonth,
  parseWbDateTime,
} from './moscow-time.ts';
