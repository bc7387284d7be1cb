/**
 * Checks a Russian taxpayer number (ИНН): 10 digits for a company, 12 for an individual entrepreneur, with
 * the check digits the tax service defines. Returns what is wrong, or undefined when it is valid.
 *
 * @example
 * innProblem('7707083893'); // undefined
 * innProblem('7707083894'); // 'the check digit does not match (a typo?)'
 */
export function innProblem(inn: string): string | undefined {
  if (!/^\d{10}(\d{2})?$/.test(inn)) return 'must be 10 digits (a company) or 12 digits (an entrepreneur)';
  const digits = [...inn].map(Number);
  const check = (weights: number[]) =>
    (weights.reduce((sum, weight, i) => sum + weight * digits[i]!, 0) % 11) % 10;
  const ok =
    digits.length === 10
      ? check([2, 4, 10, 3, 5, 9, 4, 6, 8]) === digits[9]
      : check([7, 2, 4, 10, 3, 5, 9, 4, 6, 8]) === digits[10] &&
        check([3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8]) === digits[11];
  return ok ? undefined : 'the check digit does not match (a typo?)';
}
