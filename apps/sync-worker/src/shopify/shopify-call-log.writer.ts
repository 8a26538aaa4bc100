import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ShopifyCallLogEntity } from '@shopsync/shared';
import { DataSource } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { CallLogSink, CallRecord } from './shopify-graphql';

const FLUSH_AFTER_MS = 1000;
const FLUSH_AT_ROWS = 200;
const INSERT_CHUNK = 100;
const MAX_BUFFERED = 10_000;

// The API call log is written in batches off the call path: a slow or unavailable database
// must not slow Shopify calls down, and a lost log row never fails a job.
@Injectable()
export class ShopifyCallLogWriter implements CallLogSink, OnModuleDestroy {
  private readonly logger = new Logger(ShopifyCallLogWriter.name);
  private buffer: Array<CallRecord & { at: Date }> = [];
  private timer?: NodeJS.Timeout;
  private flushing: Promise<void> = Promise.resolve();
  private dropped = 0;

  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  record(entry: CallRecord): void {
    if (this.buffer.length >= MAX_BUFFERED) {
      this.dropped++;
      return;
    }
    this.buffer.push({ ...entry, at: new Date() });
    if (this.buffer.length >= FLUSH_AT_ROWS) void this.flush();
    else if (!this.timer) {
      this.timer = setTimeout(() => void this.flush(), FLUSH_AFTER_MS);
      this.timer.unref();
    }
  }

  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.flushing = this.flushing.then(() => this.write());
    return this.flushing;
  }

  async onModuleDestroy(): Promise<void> {
    await this.flush();
  }

  private async write(): Promise<void> {
    const batch = this.buffer;
    this.buffer = [];
    try {
      for (let i = 0; i < batch.length; i += INSERT_CHUNK)
        await this.ds
          .getRepository(ShopifyCallLogEntity)
          .insert(
            batch.slice(i, i + INSERT_CHUNK) as QueryDeepPartialEntity<ShopifyCallLogEntity>[],
          );
    } catch (error) {
      this.dropped += batch.length;
      this.logger.warn({
        msg: 'API call log rows not written',
        rows: batch.length,
        error: String(error),
      });
    }
    if (this.dropped) {
      this.logger.warn({ msg: 'API call log rows dropped', rows: this.dropped });
      this.dropped = 0;
    }
  }
}
