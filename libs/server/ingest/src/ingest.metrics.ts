import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { MetricsService } from '@plumbline/server-observability';
import { readQueueDepths } from '@plumbline/server-queue';
import { Counter, Gauge, Histogram } from 'prom-client';

const QUEUE_STATES = ['waiting', 'active', 'delayed', 'failed'] as const;

/** Ingestion metrics, registered on the process's metrics registry (api and worker). */
@Injectable()
export class IngestMetrics {
  private readonly operations: Counter<'source' | 'destination' | 'status'>;
  private readonly entities: Counter<'object_type' | 'outcome'>;
  private readonly latency: Histogram;

  constructor(metrics: MetricsService, moduleRef: ModuleRef) {
    const registers = [metrics.registry];
    this.operations = new Counter({
      name: 'plumbline_sync_operations_total',
      help: 'Records applied to (or checked against) a target, by source, destination and outcome.',
      labelNames: ['source', 'destination', 'status'] as const,
      registers,
    });
    this.entities = new Counter({
      name: 'plumbline_ingestion_entities_total',
      help: 'Ingested entities by object type and final outcome.',
      labelNames: ['object_type', 'outcome'] as const,
      registers,
    });
    this.latency = new Histogram({
      name: 'plumbline_ingestion_latency_seconds',
      help: 'Time from an ingestion being accepted to its entity being applied on every target.',
      buckets: [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900],
      registers,
    });
    new Gauge({
      name: 'plumbline_queue_jobs',
      help: 'Jobs per Bull queue and state.',
      labelNames: ['queue', 'state'] as const,
      registers,
      async collect() {
        const depths = await readQueueDepths(moduleRef, 1000);
        for (const [queue, counts] of Object.entries(depths)) {
          for (const state of QUEUE_STATES) this.set({ queue, state }, counts[state]);
        }
      },
    });
  }

  countOperation(source: string, destination: string, status: string): void {
    this.operations.inc({ source, destination, status });
  }

  countEntity(objectType: string, outcome: string): void {
    this.entities.inc({ object_type: objectType, outcome });
  }

  observeLatency(seconds: number): void {
    this.latency.observe(seconds);
  }
}
