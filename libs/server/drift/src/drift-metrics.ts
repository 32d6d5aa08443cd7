import { Injectable } from '@nestjs/common';
import { type DriftDecision } from '@plumbline/server-database';
import { MetricsService } from '@plumbline/server-observability';
import { Counter, Histogram } from 'prom-client';

/** What became of webhook deliveries (api). */
export type WebhookOutcome = 'queued' | 'ignored' | 'unauthorized' | 'invalid';

@Injectable()
export class WebhookMetrics {
  private readonly deliveries: Counter<'kind' | 'outcome'>;

  constructor(metrics: MetricsService) {
    this.deliveries = new Counter({
      name: 'plumbline_webhook_deliveries_total',
      help: 'Webhook deliveries from NetBox and Nautobot, by kind and outcome.',
      labelNames: ['kind', 'outcome'] as const,
      registers: [metrics.registry],
    });
  }

  count(kind: string, outcome: WebhookOutcome): void {
    this.deliveries.inc({ kind, outcome });
  }
}

/** Drift decisions and reconciliation rounds (worker). */
@Injectable()
export class DriftMetrics {
  private readonly decisions: Counter<'object_type' | 'decision'>;
  private readonly reconciliation: Histogram<'object_type'>;
  private readonly webhookLatency: Histogram<'decision'>;

  constructor(metrics: MetricsService) {
    this.decisions = new Counter({
      name: 'plumbline_drift_decisions_total',
      help: 'Drift found on ingested records, by object type and what was decided.',
      labelNames: ['object_type', 'decision'] as const,
      registers: [metrics.registry],
    });
    this.reconciliation = new Histogram({
      name: 'plumbline_reconciliation_duration_seconds',
      help: 'Duration of one reconciliation pass over the due records of an object type.',
      labelNames: ['object_type'] as const,
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
      registers: [metrics.registry],
    });
    this.webhookLatency = new Histogram({
      name: 'plumbline_drift_webhook_to_decision_seconds',
      help: 'From a webhook arriving to its drift check being decided.',
      labelNames: ['decision'] as const,
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30],
      registers: [metrics.registry],
    });
  }

  countDecision(objectType: string, decision: DriftDecision): void {
    this.decisions.inc({ object_type: objectType, decision });
  }

  observeReconciliation(objectType: string, seconds: number): void {
    this.reconciliation.observe({ object_type: objectType }, seconds);
  }

  observeWebhookLatency(decision: DriftDecision | 'none', seconds: number): void {
    this.webhookLatency.observe({ decision }, seconds);
  }
}
