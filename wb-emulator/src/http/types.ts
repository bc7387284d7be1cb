import type { HttpBindings } from '@hono/node-server';
import type { WbHostEntry } from '@joycity/shared/wb';
import type { RequestLogEntry } from '../runtime/request-log.ts';

/** Per-request facts the dispatcher hands to every host app (through `c.env.wb`). */
export interface WbRequestContext {
  /** The catalogue entry of the Host header. */
  readonly host: WbHostEntry;
  /** Request sequence number (request ids derive from it deterministically). */
  readonly seq: number;
  readonly requestId: string;
  /** The request's log entry: handlers may annotate it (account, rows…). */
  readonly log: RequestLogEntry;
}

/** Bindings of every host app: Node's request/response plus the WB context. */
export type HostBindings = Partial<HttpBindings> & { wb: WbRequestContext };

/** The Hono environment of host apps. */
export interface HostEnv {
  Bindings: HostBindings;
}

/** The Hono environment of the top-level app (Node bindings only). */
export interface AppEnv {
  Bindings: Partial<HttpBindings>;
}
