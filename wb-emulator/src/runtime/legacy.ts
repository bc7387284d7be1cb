import { z } from 'zod';

/**
 * Legacy statistics methods WB has switched off (REFERENCE.md §1). Each is `auto` by default: on before its
 * switch-off date and off after it, judged by the emulator clock; `on`/`off` force it.
 */
export const LEGACY_ENDPOINTS = {
  incomes: { path: '/api/v1/supplier/incomes', switchOff: '2026-03-11', answer: 'path not found (404)' },
  stocks: { path: '/api/v1/supplier/stocks', switchOff: '2026-07-01', answer: '404 "disabled, PLUG-404-…"' },
  reportDetailByPeriod: {
    path: '/api/v5/supplier/reportDetailByPeriod',
    switchOff: '2026-07-15',
    answer: 'path not found (404)',
  },
} as const;

export type LegacyName = keyof typeof LEGACY_ENDPOINTS;
export const legacyModeSchema = z.union([
  z.enum(['auto', 'on', 'off']),
  z.boolean().transform((b) => (b ? 'on' : 'off')),
]);
export type LegacyMode = 'auto' | 'on' | 'off';

export class LegacySwitches {
  private readonly modes: Record<LegacyName, LegacyMode> = {
    incomes: 'auto',
    stocks: 'auto',
    reportDetailByPeriod: 'auto',
  };

  set(name: LegacyName, mode: LegacyMode): void {
    this.modes[name] = mode;
  }

  mode(name: LegacyName): LegacyMode {
    return this.modes[name];
  }

  /** Whether the method answers at `nowMs`. */
  isOn(name: LegacyName, nowMs: number): boolean {
    const mode = this.modes[name];
    if (mode !== 'auto') return mode === 'on';
    return nowMs < Date.parse(`${LEGACY_ENDPOINTS[name].switchOff}T00:00:00+03:00`);
  }

  describe(nowMs: number) {
    return Object.fromEntries(
      (Object.keys(LEGACY_ENDPOINTS) as LegacyName[]).map((name) => [
        name,
        { ...LEGACY_ENDPOINTS[name], mode: this.modes[name], active: this.isOn(name, nowMs) },
      ]),
    ) as Record<LegacyName, (typeof LEGACY_ENDPOINTS)[LegacyName] & { mode: LegacyMode; active: boolean }>;
  }

  reset(): void {
    for (const name of Object.keys(this.modes) as LegacyName[]) this.modes[name] = 'auto';
  }
}
