import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { CLOCK, Clock, OperatorAuditEntity } from '@shopsync/shared';
import type { Principal } from '../auth/api-keys';

export interface AuditCounts {
  matched: number;
  affected: number;
  truncated: boolean;
}

// The operator audit: who (the API key's name and id), when, what, with which filter and how
// many rows. Written in the transaction of the change when there is one.
@Injectable()
export class AuditLog {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async record(
    principal: Principal | undefined,
    action: string,
    filter: Record<string, unknown>,
    counts: AuditCounts,
    manager?: EntityManager,
  ): Promise<number> {
    const row: Omit<OperatorAuditEntity, 'id'> = {
      at: this.clock.now(),
      keyName: principal?.name ?? 'unknown',
      keyId: principal?.keyId ?? '',
      action,
      filter,
      ...counts,
    };
    const result = await (manager ?? this.ds.manager)
      .getRepository(OperatorAuditEntity)
      .insert(row as QueryDeepPartialEntity<OperatorAuditEntity>);
    return Number(result.identifiers[0]?.id);
  }

  async list(
    action: string | undefined,
    limit: number,
    offset: number,
  ): Promise<{ items: OperatorAuditEntity[]; total: number }> {
    const [items, total] = await this.ds.getRepository(OperatorAuditEntity).findAndCount({
      where: action ? { action } : {},
      order: { id: 'DESC' },
      take: limit,
      skip: offset,
    });
    return { items, total };
  }
}
