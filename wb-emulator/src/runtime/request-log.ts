/** One request as the control API reports it (never the Authorization value itself). */
export interface RequestLogEntry {
  readonly seq: number;
  /** Real time of arrival (ISO). */
  readonly at: string;
  /** The data clock at arrival (ISO). */
  readonly emulatorNow: string;
  readonly host: string;
  readonly method: string;
  readonly path: string;
  readonly query: string;
  status: number;
  durationMs: number;
  /** The emulator account the key belongs to, when a valid key was sent. */
  account?: number;
  /** The key's `id` claim and type, when a valid key was sent. */
  keyId?: string;
  keyType?: string;
  /** Faults applied to this request (rule ids). */
  faults?: string[];
  /** Rate-limit outcome for limited methods. */
  rateLimit?: { bucket: string; remaining: number; allowed: boolean };
  /** Rows in a JSON array answer, when the handler knows it. */
  rows?: number;
  control?: boolean;
  /** A handler's failure message (500 answers). */
  error?: string;
}

/** A ring buffer of the last `capacity` requests. */
export class RequestLog {
  private readonly entries: RequestLogEntry[] = [];
  private readonly capacity: number;
  private next = 1;

  constructor(capacity = 10_000) {
    this.capacity = capacity;
  }

  nextSeq(): number {
    return this.next++;
  }

  add(entry: RequestLogEntry): void {
    this.entries.push(entry);
    if (this.entries.length > this.capacity) this.entries.splice(0, this.entries.length - this.capacity);
  }

  list(
    filter: { host?: string; path?: string; since?: number; limit?: number; includeControl?: boolean } = {},
  ) {
    const out = this.entries.filter(
      (e) =>
        (filter.includeControl || !e.control) &&
        (!filter.host || e.host === filter.host) &&
        (!filter.path || e.path.startsWith(filter.path)) &&
        (filter.since === undefined || e.seq > filter.since),
    );
    return filter.limit ? out.slice(-filter.limit) : out;
  }

  clear(): void {
    this.entries.length = 0;
  }
}
