import { Injectable } from '@nestjs/common';
import { JobEntity, JobLogEntity, JobNotFound, JobsRepository, JobStatus } from '@shopsync/shared';
import { ShopsService } from '../shops/shops.service';
import { ListJobsQuery } from './dto/list-jobs.query';

@Injectable()
export class JobsService {
  constructor(
    private readonly jobs: JobsRepository,
    private readonly shops: ShopsService,
  ) {}

  async get(id: string): Promise<JobEntity> {
    const job = await this.jobs.findById(id);
    if (!job) throw new JobNotFound(id);
    return job;
  }

  async list(
    query: ListJobsQuery,
  ): Promise<{ items: JobEntity[]; total: number; limit: number; offset: number }> {
    const limit = query.limit ?? 50;
    const offset = query.offset ?? 0;
    const shopId = query.shop ? (await this.shops.get(query.shop)).id : undefined;
    const status = query.status ? (query.status.split(',') as JobStatus[]) : undefined;
    const page = await this.jobs.list({ shopId, task: query.task, status, limit, offset });
    return { ...page, limit, offset };
  }

  async logs(id: string, afterId: number): Promise<JobLogEntity[]> {
    await this.get(id);
    return this.jobs.logs(id, afterId);
  }
}
