import { Injectable } from '@nestjs/common';
import { Counter, Histogram } from 'prom-client';
import { isTerminal, JobEntity, KeyedKafkaServer, MetricsService } from '@shopsync/shared';

// What the worker measures: job outcomes and durations, and how far behind each partition is.
@Injectable()
export class WorkerMetrics {
  private readonly finished: Counter<'task' | 'status'>;
  private readonly duration: Histogram<'task' | 'status'>;
  private server?: KeyedKafkaServer;
  private readonly shopify: Record<'calls' | 'throttled' | 'points' | 'waited', Counter<'shop'>>;

  constructor(metrics: MetricsService) {
    this.finished = metrics.counter(
      'shopsync_jobs_finished_total',
      'Jobs that reached an outcome on this worker',
      ['task', 'status'],
    );
    this.duration = metrics.histogram(
      'shopsync_job_duration_seconds',
      'Run time of a job attempt, start to outcome',
      ['task', 'status'],
      [0.05, 0.1, 0.5, 1, 5, 15, 60, 300, 900, 3600],
    );
    metrics.gauge(
      'shopsync_consumer_lag',
      'Messages behind the partition end, per assigned partition',
      ['topic', 'partition'],
      (g) => {
        g.reset();
        for (const p of this.server?.stats()?.partitions ?? []) {
          g.set(
            { topic: p.topic, partition: String(p.partition) },
            Math.max(0, Number(p.high) - Number(p.offset) - 1),
          );
        }
      },
    );
    // Per shop, from the Shopify counters each job puts in its summary (summary.shopify).
    this.shopify = {
      calls: metrics.counter(
        'shopsync_shopify_calls_total',
        'Shopify API calls made, retries included',
        ['shop'],
      ),
      throttled: metrics.counter(
        'shopsync_shopify_throttled_total',
        'Shopify calls answered THROTTLED or 429',
        ['shop'],
      ),
      points: metrics.counter(
        'shopsync_shopify_cost_points_total',
        'Actual query cost spent on Shopify',
        ['shop'],
      ),
      waited: metrics.counter(
        'shopsync_shopify_wait_seconds_total',
        'Time spent waiting for the Shopify cost bucket and backoff',
        ['shop'],
      ),
    };
    metrics.gauge('shopsync_worker_active_jobs', 'Jobs running on this worker now', [], (g) =>
      g.set(this.server?.stats()?.active ?? 0),
    );
  }

  attach(server: KeyedKafkaServer): void {
    this.server = server;
  }

  observe(job: JobEntity, at: Date): void {
    if (!isTerminal(job.status) && job.status !== 'retry-scheduled') return;
    this.finished.inc({ task: job.task, status: job.status });
    const stats = (
      job.summary as {
        shopify?: Partial<Record<'calls' | 'throttled' | 'actualCost' | 'waitedMs', number>>;
      } | null
    )?.shopify;
    if (stats) {
      const shop = { shop: job.shopId };
      this.shopify.calls.inc(shop, stats.calls ?? 0);
      this.shopify.throttled.inc(shop, stats.throttled ?? 0);
      this.shopify.points.inc(shop, stats.actualCost ?? 0);
      this.shopify.waited.inc(shop, (stats.waitedMs ?? 0) / 1000);
    }
    if (job.startedAt)
      this.duration.observe(
        { task: job.task, status: job.status },
        Math.max(0, (at.getTime() - job.startedAt.getTime()) / 1000),
      );
  }
}
