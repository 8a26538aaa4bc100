import { Controller, Get, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ApiTags } from '@nestjs/swagger';
import { ValidationFailed } from '@shopsync/shared';
import { JobDto, JobLogDto, toJobDto, toJobLogDto } from './dto/job.dto';
import { ListJobsQuery } from './dto/list-jobs.query';
import { JobsService } from './jobs.service';
import { AccessDenied } from '../auth/auth.errors';
import { assertShopAllowed, AuthedRequest } from '../auth/auth.guard';

const uuid = new ParseUUIDPipe({
  exceptionFactory: () => new ValidationFailed([{ field: 'id', message: 'must be a UUID' }]),
});

@ApiTags('jobs')
@Controller('v1/jobs')
export class JobsController {
  constructor(private readonly jobs: JobsService) {}

  @Get()
  async list(
    @Query() query: ListJobsQuery,
    @Req() req: AuthedRequest,
  ): Promise<{ items: JobDto[]; total: number; limit: number; offset: number }> {
    if (req.principal?.shops && !query.shop)
      throw new AccessDenied(
        `this API key is limited to shops ${req.principal.shops.join(', ')}: pass ?shop=`,
      );
    const page = await this.jobs.list(query);
    return { ...page, items: page.items.map(toJobDto) };
  }

  @Get(':id')
  async get(@Param('id', uuid) id: string, @Req() req: AuthedRequest): Promise<JobDto> {
    await this.allow(req, id);
    return toJobDto(await this.jobs.get(id));
  }

  @Get(':id/logs')
  async logs(
    @Param('id', uuid) id: string,
    @Req() req: AuthedRequest,
    @Query('after') after?: string,
  ): Promise<{ items: JobLogDto[] }> {
    await this.allow(req, id);
    const afterId = after === undefined ? 0 : Number(after);
    if (!Number.isInteger(afterId) || afterId < 0)
      throw new ValidationFailed([{ field: 'after', message: 'must be a non-negative integer' }]);
    return { items: (await this.jobs.logs(id, afterId)).map(toJobLogDto) };
  }

  // 200 when cancelled at once; 202 when a running job was asked to stop.
  @Post(':id/cancel')
  async cancel(
    @Param('id', uuid) id: string,
    @Req() req: AuthedRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<JobDto> {
    await this.allow(req, id);
    const { job, immediate } = await this.jobs.cancel(id);
    res.status(immediate ? 200 : 202);
    return toJobDto(job);
  }

  @Post(':id/retry')
  async retry(
    @Param('id', uuid) id: string,
    @Req() req: AuthedRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<JobDto> {
    await this.allow(req, id);
    const job = await this.jobs.retry(id);
    res.status(202).setHeader('Location', `/v1/jobs/${job.id}`);
    return toJobDto(job);
  }

  // A key limited to some shops sees only their jobs.
  private async allow(req: AuthedRequest, jobId: string): Promise<void> {
    if (req.principal?.shops) assertShopAllowed(req.principal, await this.jobs.shopCodeOf(jobId));
  }
}
