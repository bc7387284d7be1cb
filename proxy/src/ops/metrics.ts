import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** The proxy's Prometheus metrics, on their own registry (served at `/metrics`). */
export function createProxyMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'proxy_' });
  return {
    registry,
    requests: new Counter({
      name: 'proxy_requests_total',
      help: 'Requests answered, by upstream host role and status class',
      labelNames: ['role', 'status'] as const,
      registers: [registry],
    }),
    upstreamLatency: new Histogram({
      name: 'proxy_upstream_duration_seconds',
      help: 'Time to the upstream response headers',
      labelNames: ['role'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    }),
    upstreamErrors: new Counter({
      name: 'proxy_upstream_errors_total',
      help: 'Upstream failures answered with 502/504, by kind',
      labelNames: ['kind'] as const,
      registers: [registry],
    }),
    cache: new Counter({
      name: 'proxy_static_cache_total',
      help: 'Static asset cache lookups: hit, miss, revalidated, bypass',
      labelNames: ['result'] as const,
      registers: [registry],
    }),
    rewrites: new Counter({
      name: 'proxy_rewrites_total',
      help: 'Bodies rewritten, by kind',
      labelNames: ['kind'] as const,
      registers: [registry],
    }),
    blocks: new Counter({
      name: 'proxy_blocks_total',
      help: 'Requests refused by the deny-list or a filter, by rule',
      labelNames: ['rule'] as const,
      registers: [registry],
    }),
    liveMessages: new Counter({
      name: 'proxy_live_messages_total',
      help: 'Messages from WB on live channels (WebSocket, event stream) of filtered hosts, passed or dropped',
      labelNames: ['channel', 'outcome'] as const,
      registers: [registry],
    }),
    sessionRefreshes: new Counter({
      name: 'proxy_session_refreshes_total',
      help: 'WB session refreshes, by outcome',
      labelNames: ['outcome'] as const,
      registers: [registry],
    }),
  };
}

export type ProxyMetrics = ReturnType<typeof createProxyMetrics>;
