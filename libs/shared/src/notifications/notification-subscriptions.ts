import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { NotificationEndpointEntity } from '../database/entities';

const TTL_MS = 5000;

// Which shops have an endpoint for job.succeeded, read at most every 5 s. PostgreSQL's
// one-statement finish cannot write notification rows, so a success of such a shop takes the
// portable transaction instead; the others keep the fast path. An endpoint that asks for
// job.succeeded gets the successes that finish from at most 5 s after it was created.
@Injectable()
export class NotificationSubscriptions {
  private cache: { at: number; shops: Promise<Set<string>> } | null = null;

  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async wantsSuccesses(shopId: string): Promise<boolean> {
    const now = Date.now();
    if (!this.cache || now - this.cache.at > TTL_MS) {
      const shops = this.read();
      this.cache = { at: now, shops };
      // A failed read is not kept: the next call reads again.
      shops.catch(() => (this.cache = null));
    }
    return (await this.cache.shops).has(shopId);
  }

  private async read(): Promise<Set<string>> {
    const rows = await this.ds
      .getRepository(NotificationEndpointEntity)
      .find({ select: { shopId: true, events: true } });
    return new Set(rows.filter((r) => r.events.includes('job.succeeded')).map((r) => r.shopId));
  }
}
