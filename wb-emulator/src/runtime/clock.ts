import { performance } from 'node:perf_hooks';

/**
 * The emulator's two notions of time.
 *
 * - The **data clock** (`now()`): the instant the data is "as of". It starts at the `now` option (or the
 *   real time) and either runs at real speed or stays frozen. Moving it (`set`, `advance`) makes data
 *   appear or disappear (orders placed later, reports created later, keys expiring).
 * - The **limiter clock** (`limiterNow()`): virtual milliseconds rate-limit buckets refill by. It runs at
 *   `timeScale` × real speed, and every move of the data clock moves it by the same amount (so "an hour
 *   later" also refills hourly buckets). Headers such as `X-Ratelimit-Retry` are in these virtual seconds,
 *   exactly as WB would send them; a client sharing the time scale waits `value / timeScale` real seconds.
 */
export class EmulatorClock {
  private base: number;
  private realBase: number;
  private frozenFlag: boolean;
  private scale: number;
  private virtualBase = 0;
  private virtualRealBase = performance.now();

  constructor(options: { nowMs?: number; frozen?: boolean; timeScale?: number } = {}) {
    this.base = options.nowMs ?? Date.now();
    this.realBase = Date.now();
    this.frozenFlag = options.frozen ?? false;
    this.scale = validScale(options.timeScale ?? 1);
  }

  /** The data clock, epoch milliseconds. */
  now(): number {
    return this.frozenFlag ? this.base : this.base + (Date.now() - this.realBase);
  }

  get frozen(): boolean {
    return this.frozenFlag;
  }

  /** Sets the data clock to an instant (keeps running if it was running). */
  set(ms: number): void {
    const delta = ms - this.now();
    this.base = ms;
    this.realBase = Date.now();
    if (delta > 0) this.virtualBase += delta;
  }

  /** Moves the data clock (and the limiter clock) forward; negative moves go back in data time only. */
  advance(ms: number): void {
    this.set(this.now() + ms);
  }

  freeze(): void {
    this.base = this.now();
    this.frozenFlag = true;
  }

  run(): void {
    this.base = this.now();
    this.realBase = Date.now();
    this.frozenFlag = false;
  }

  get timeScale(): number {
    return this.scale;
  }

  set timeScale(value: number) {
    this.virtualBase = this.limiterNow();
    this.virtualRealBase = performance.now();
    this.scale = validScale(value);
  }

  /** Virtual milliseconds for rate limiting (monotonic). */
  limiterNow(): number {
    return this.virtualBase + (performance.now() - this.virtualRealBase) * this.scale;
  }
}

function validScale(v: number): number {
  if (!Number.isFinite(v) || v <= 0 || v > 1_000_000) {
    throw new RangeError(`timeScale must be a positive number up to 1000000, got ${v}`);
  }
  return v;
}
