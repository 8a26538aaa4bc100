import {
  Controller,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import type { Response } from 'express';
import {
  ApiAcceptedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import { ApiErrors, ApiKeyErrors } from '../common/api-errors';
import type { AuthedRequest } from '../auth/auth.guard';
import { ValidationFailed } from '@shopsync/shared';
import {
  JobDto,
  JobLogListDto,
  JobPageDto,
  JobStatsDto,
  toJobDto,
  toJobLogDto,
} from './dto/job.dto';
import { JobStatsQuery, ListJobsQuery, STATS_MAX_BUCKETS } from './dto/list-jobs.query';
import { JobsService } from './jobs.service';
import { AllowedShops } from '../auth/auth.decorators';
import { ShopAccess } from '../auth/shop-access';

const uuid = new ParseUUIDPipe({
  exceptionFactory: () => new ValidationFailed([{ field: 'id', message: 'must be a UUID' }]),
});

@ApiTags('jobs')
@ApiKeyErrors()
@Controller('v1/jobs')
export class JobsController {
  constructor(private readonly jobs: JobsService) {}

  @Get()
  @ShopAccess.filtered('shop')
  @ApiOperation({
    summary: 'jobs, newest first, paged, with the total matching',
    description:
      'Filters combine: shop, task, trigger(s), status(es), requested in [since, until), and `q` (a job id, or a part of the error text, case-insensitive). A queued job that another job of its shop+category holds back (one running, or a strict job not settled) is listed as `waiting` with `waitingFor`; `status=waiting` lists only those, `status=queued` the others.',
  })
  @ApiOkResponse({ type: JobPageDto })
  @ApiErrors(400)
  async list(
    @Query() query: ListJobsQuery,
    @AllowedShops() allowed: string[] | null,
  ): Promise<JobPageDto> {
    const page = await this.jobs.list(query, allowed);
    const items = page.items.map((job) => toJobDto(job, page.waitingFor.get(job.id)));
    return { total: page.total, limit: page.limit, offset: page.offset, items };
  }

  @Get(':id')
  @ShopAccess.resource('job')
  @ApiOperation({
    summary: 'one job',
    description:
      '`status` is `waiting` (with `waitingFor`, the job it waits for) while the job is queued behind a running job of its shop+category, or behind a strict job that has not settled.',
  })
  @ApiOkResponse({ type: JobDto })
  @ApiErrors(400, 404)
  async get(@Param('id', uuid) id: string): Promise<JobDto> {
    const { job, waitingFor } = await this.jobs.view(id);
    return toJobDto(job, waitingFor);
  }

  @Get(':id/logs')
  @ShopAccess.resource('job')
  @ApiQuery({
    name: 'after',
    required: false,
    schema: { type: 'integer', minimum: 0 },
    description: 'only lines after this id',
  })
  @ApiOkResponse({ type: JobLogListDto })
  @ApiErrors(400, 404)
  @ApiOperation({ summary: "a job's log lines" })
  async logs(
    @Param('id', uuid) id: string,
    @Query('after') after?: string,
  ): Promise<JobLogListDto> {
    const afterId = after === undefined ? 0 : Number(after);
    if (!Number.isInteger(afterId) || afterId < 0)
      throw new ValidationFailed([{ field: 'after', message: 'must be a non-negative integer' }]);
    return { items: (await this.jobs.logs(id, afterId)).map(toJobLogDto) };
  }

  // 200 when cancelled at once; 202 when a running job was asked to stop.
  @Post(':id/cancel')
  @ShopAccess.resource('job')
  @ApiOkResponse({ type: JobDto, description: 'cancelled at once' })
  @ApiAcceptedResponse({ type: JobDto, description: 'running: asked to stop (`cancelRequested`)' })
  @ApiErrors(400, 404, [409, '`JOB_CONFLICT`: the job has already ended'])
  @ApiOperation({ summary: 'cancel a job' })
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
  @ApiOperation({
    summary: 'retry a failed, cancelled or expired job as a new job',
    description:
      'A strict failure that holds its shop+category hands the hold to the new job: it runs first, then the jobs parked behind the failure, in request order (the failure counts as acknowledged by the caller).',
  })
  @ApiAcceptedResponse({ type: JobDto, description: 'the new job; `Location` names it' })
  @ApiErrors(400, 404, [409, '`JOB_CONFLICT`: the job is neither failed nor cancelled'])
  async retry(
    @Param('id', uuid) id: string,
    @Req() req: AuthedRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<JobDto> {
    const job = await this.jobs.retry(id, operatorOf(req));
    res.status(202).setHeader('Location', `/v1/jobs/${job.id}`);
    return toJobDto(job);
  }

  @Post(':id/acknowledge')
  @HttpCode(200)
  @ShopAccess.resource('job')
  @ApiOperation({
    summary: 'acknowledge a failed job',
    description:
      'Records who (the API key) and when (`acknowledgedBy`, `acknowledgedAt`; again → 200, the first kept). A strict failure stops holding its shop+category: the jobs parked behind it run, in request order. Not failed → 409 `JOB_CONFLICT`.',
  })
  @ApiOkResponse({ type: JobDto })
  @ApiErrors(400, 404, [409, '`JOB_CONFLICT`: the job is not failed'])
  async acknowledge(@Param('id', uuid) id: string, @Req() req: AuthedRequest): Promise<JobDto> {
    return toJobDto(await this.jobs.acknowledge(id, operatorOf(req)));
  }
}

// Beside the list rather than under it: `/v1/jobs/<anything>` is the route of one job.
@ApiTags('jobs')
@ApiKeyErrors()
@Controller('v1')
export class JobStatsController {
  constructor(private readonly jobs: JobsService) {}

  @Get('job-stats')
  @ShopAccess.filtered('shop')
  @ApiOperation({
    summary: 'job counts by status, and finished and failed jobs over time',
    description: `\`counts\`: the jobs requested in [since, until) (default: the last 24 hours) by status, \`waiting\` apart from \`queued\`; \`buckets\`: per \`bucket\` seconds from \`since\` (60–86400, default 3600, at most ${STATS_MAX_BUCKETS} buckets), how many jobs finished in it (any end status), succeeded and failed. Scoped by shop, task and trigger like the list.`,
  })
  @ApiOkResponse({ type: JobStatsDto })
  @ApiErrors(400, 404)
  async stats(
    @Query() query: JobStatsQuery,
    @AllowedShops() allowed: string[] | null,
  ): Promise<JobStatsDto> {
    const stats = await this.jobs.stats(query, allowed);
    return {
      since: stats.since.toISOString(),
      until: stats.until.toISOString(),
      bucketSeconds: stats.bucketSeconds,
      counts: stats.counts,
      buckets: stats.buckets.map((b) => ({ ...b, start: b.start.toISOString() })),
    };
  }
}

// Who an audited operation names: the API key's name.
function operatorOf(req: AuthedRequest): string {
  return req.principal?.name ?? 'unknown';
}
