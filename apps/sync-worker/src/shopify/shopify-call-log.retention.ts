import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { CLOCK, Clock, ShopifyCallLogEntity, Ticker } from '@shopsync/shared';
import { DataSource, LessThan } from 'typeorm';
import type { ShopifyClientSettings } from '../config/worker-env';
import { SHOPIFY_CLIENT_SETTINGS } from './shopify-client.settings';

const FIRST_RUN_MS = 60_000;
const INTERVAL_MS = 3600_000;

// Deletes API call log rows older than SHOPIFY_CALL_LOG_RETENTION_DAYS, hourly. Every worker
// does it; the delete is idempotent, so several at once are harmless.
@Injectable()
export class ShopifyCallLogRetention implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(ShopifyCallLogRetention.name);
  private readonly ticker = new Ticker('call-log-retention', INTERVAL_MS, () => this.purge(), {
    firstDelayMs: FIRST_RUN_MS,
    unref: true,
  });

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(SHOPIFY_CLIENT_SETTINGS) private readonly settings: ShopifyClientSettings,
  ) {}

  onModuleInit(): void {
    this.ticker.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.ticker.stop();
  }

  async purge(): Promise<number> {
    const days = this.settings.callLogRetentionDays;
    const cutoff = new Date(this.clock.now().getTime() - days * 86_400_000);
    try {
      const result = await this.ds
        .getRepository(ShopifyCallLogEntity)
        .delete({ at: LessThan(cutoff) });
      const deleted = result.affected ?? 0;
      if (deleted) this.logger.log({ msg: 'old API call log rows deleted', deleted, days });
      return deleted;
    } catch (error) {
      this.logger.warn({ msg: 'API call log purge failed', error: String(error) });
      return 0;
    }
  }
}
