import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { JobEntity, MetricsService, OutboxPublisher } from '@shopsync/shared';

// Queue-wide figures, read from the database at scrape time (any gateway answers the same).
@Injectable()
export class GatewayMetrics {
  constructor(
    metrics: MetricsService,
    @InjectDataSource() ds: DataSource,
    outbox: OutboxPublisher,
  ) {
    metrics.gauge('shopsync_jobs', 'Jobs by task and status', ['task', 'status'], async (g) => {
      const rows = await ds
        .getRepository(JobEntity)
        .createQueryBuilder('j')
        .select('j.task', 'task')
        .addSelect('j.status', 'status')
        .addSelect('COUNT(*)', 'n')
        .groupBy('j.task')
        .addGroupBy('j.status')
        .getRawMany<{ task: string; status: string; n: string }>();
      g.reset();
      for (const r of rows) g.set({ task: r.task, status: r.status }, Number(r.n));
    });
    metrics.gauge('shopsync_outbox_backlog', 'Outbox messages not yet published', [], async (g) =>
      g.set(await outbox.backlog()),
    );
    metrics.gauge(
      'shopsync_outbox_set_aside',
      'Outbox messages the broker refused, set aside with their reason (never retried)',
      [],
      async (g) => g.set(await outbox.setAside()),
    );
  }
}
