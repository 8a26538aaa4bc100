import { JobEntity, MetricsService } from '@shopsync/shared';
import { WorkerMetrics } from './worker-metrics.service';

describe('WorkerMetrics', () => {
  it('counts outcomes, durations and each shop’s Shopify spend from the job summary', async () => {
    const metrics = new MetricsService('sync-worker');
    const worker = new WorkerMetrics(metrics);
    const started = new Date('2026-11-28T10:00:00Z');
    const job = {
      id: 'j1',
      shopId: 'shop-1',
      task: 'inventory',
      status: 'succeeded',
      startedAt: started,
      summary: { shopify: { calls: 12, throttled: 2, actualCost: 340, waitedMs: 1500 } },
    } as unknown as JobEntity;
    worker.observe(job, new Date(started.getTime() + 2500));
    worker.observe({ ...job, status: 'running' } as JobEntity, new Date());
    const text = await metrics.registry.metrics();
    expect(text).toMatch(
      /shopsync_jobs_finished_total\{[^}]*task="inventory",status="succeeded"[^}]*\} 1/,
    );
    expect(text).toMatch(/shopsync_job_duration_seconds_sum\{[^}]*task="inventory"[^}]*\} 2\.5/);
    expect(text).toMatch(/shopsync_shopify_calls_total\{[^}]*shop="shop-1"[^}]*\} 12/);
    expect(text).toMatch(/shopsync_shopify_throttled_total\{[^}]*shop="shop-1"[^}]*\} 2/);
    expect(text).toMatch(/shopsync_shopify_cost_points_total\{[^}]*shop="shop-1"[^}]*\} 340/);
    expect(text).toMatch(/shopsync_shopify_wait_seconds_total\{[^}]*shop="shop-1"[^}]*\} 1\.5/);
  });
});
