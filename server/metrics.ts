import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import { teamsThrottling } from '../delivery/teams-throttling';
import { graphThrottling } from '../graph/graph-throttling';
import type { Db } from '../store/db';
import { failedByKind, outboxDepth } from '../store/outbox-repo';

/**
 * Prometheus metrics for operators: outbox depth by status and channel, failed deliveries by message kind, and Graph
 * throttling. Read from the store at scrape time, so every instance reports the same figures for the shared outbox.
 * Labels are kinds and statuses only: no person, no case.
 */
export function createMetrics(db: Db): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'auditloop_process_' });
  new Gauge({
    name: 'auditloop_outbox_messages',
    help: 'Outbox rows by status and channel (queued, sending, retrying are the depth still to deliver)',
    labelNames: ['status', 'channel'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const r of await outboxDepth(db)) this.set({ status: r.status, channel: r.channel }, r.n);
    },
  });
  new Gauge({
    name: 'auditloop_delivery_failures',
    help: 'Messages that failed for good (blocked users, permanent errors), by kind',
    labelNames: ['kind'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const r of await failedByKind(db)) this.set({ kind: r.kind }, r.n);
    },
  });
  // Process-wide tallies kept by the Graph client; each instance reports its own.
  new Counter({
    name: 'auditloop_graph_throttled_total',
    help: 'Graph answers 429 Too Many Requests, retried ones included',
    registers: [registry],
    collect() {
      this.reset();
      this.inc(graphThrottling.throttled);
    },
  });
  new Counter({
    name: 'auditloop_graph_unavailable_total',
    help: 'Graph answers 503 Service Unavailable',
    registers: [registry],
    collect() {
      this.reset();
      this.inc(graphThrottling.unavailable);
    },
  });
  new Counter({
    name: 'auditloop_teams_throttled_total',
    help: 'Teams answers 429 Too Many Requests to this instance\'s sends (each is retried after its Retry-After)',
    registers: [registry],
    collect() {
      this.reset();
      this.inc(teamsThrottling.throttled);
    },
  });
  new Gauge({
    name: 'auditloop_teams_send_margin_ms',
    help: "Slack the sender leaves on Teams' rate windows: its base, or more after recent 429s",
    registers: [registry],
    collect() {
      this.set(teamsThrottling.marginMs);
    },
  });
  return registry;
}
