import { z } from 'zod';

/**
 * What the generated world depends on. Same options → same data, byte for byte (with a fixed `now`).
 */
export const worldOptionsSchema = z.object({
  /** Any 32-bit unsigned integer. */
  seed: z.number().int().min(0).max(0xffff_ffff).default(42),
  /** Legal entities (seller accounts). */
  accounts: z.number().int().min(1).max(99).default(2),
  /** Days of history before the emulator's start time. */
  days: z.number().int().min(1).max(730).default(30),
  /** Product cards per account. */
  cards: z.number().int().min(1).max(20_000).default(40),
  /**
   * Row-volume multiplier: orders per day scale with it (≈ 1.2 × cards × volume per account per day), and
   * with them sales, returns and finance rows. 0.1 gives a tiny world; 100 a large one.
   */
  volume: z.number().positive().max(100_000).default(1),
});

export type WorldOptions = z.infer<typeof worldOptionsSchema>;
export type WorldOptionsInput = z.input<typeof worldOptionsSchema>;
