import { Controller, Get, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ApiTags } from '@nestjs/swagger';
import { ValidationFailed } from '@shopsync/shared';
import { JobDto, JobLogDto, toJobDto, toJobLogDto } from './dto/job.dto';
import { ListJobsQuery } from './dto/list-jobs.query';
import { JobsService } from './jobs.service';
import { AllowedShops } from '../auth/auth.decorators';
import { ShopAccess } from '../auth/shop-access';

const uuid = new ParseUUIDPipe({
  exceptionFactory: () => new ValidationFailed([{ field: 'id', message: 'must be a UUID' }]),
});

@ApiTags('jobs')
@Controller('v1/jobs')
export class JobsController {
  constructor(private readonly jobs: JobsService) {}

  @Get()
  @ShopAccess.filtered('shop')
  async list(
    @Query() query: ListJobsQuery,
    @AllowedShops() allowed: string[] | null,
  ): Promise<{ items: JobDto[]; total: number; limit: number; offset: number }> {
    const page = await this.jobs.list(query, allowed);
    return { ...page, items: page.items.map(toJobDto) };
  }

  @Get(':id')
  @ShopAccess.resource('job')
  async get(@Param('id', uuid) id: string): Promise<JobDto> {
    return toJobDto(await this.jobs.get(id));
  }

  @Get(':id/logs')
  @ShopAccess.resource('job')
  async logs(
    @Param('id', uuid) id: string,
    @Query('after') after?: string,
  ): Promise<{ items: JobLogDto[] }> {
    const afterId = after === undefined ? 0 : Number(after);
    if (!Number.isInteger(afterId) || afterId < 0)
      throw new ValidationFailed([{ field: 'after', message: 'must be a non-negative integer' }]);
    return { items: (await this.jobs.logs(id, afterId)).map(toJobLogDto) };
  }

  // 200 when cancelled at once; 202 when a running job was asked to stop.
  @Post(':id/cancel')
  @ShopAccess.resource('job')
  async cancel(
    @Param('id', uuid) id: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<JobDto> {
    const { job, immediate } = await this.jobs.cancel(id);
    res.status(immediate ? 200 : 202);
    return toJobDto(job);
  }

  @Post(':id/retry')
  @ShopAccess.resource('job')
  async retry(
    @Param('id', uuid) id: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<JobDto> {
    const job = await this.jobs.retry(id);
    res.status(202).setHeader('Location', `/v1/jobs/${job.id}`);
    return toJobDto(job);
  }
}
