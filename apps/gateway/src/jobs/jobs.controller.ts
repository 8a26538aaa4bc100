import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ValidationFailed } from '@shopsync/shared';
import { JobDto, JobLogDto, toJobDto, toJobLogDto } from './dto/job.dto';
import { ListJobsQuery } from './dto/list-jobs.query';
import { JobsService } from './jobs.service';

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
  ): Promise<{ items: JobDto[]; total: number; limit: number; offset: number }> {
    const page = await this.jobs.list(query);
    return { ...page, items: page.items.map(toJobDto) };
  }

  @Get(':id')
  async get(@Param('id', uuid) id: string): Promise<JobDto> {
    return toJobDto(await this.jobs.get(id));
  }

  @Get(':id/logs')
  async logs(
    @Param('id', uuid) id: string,
    @Query('after') after?: string,
  ): Promise<{ items: JobLogDto[] }> {
    const afterId = after === undefined ? 0 : Number(after);
    if (!Number.isInteger(afterId) || afterId < 0)
      throw new ValidationFailed([{ field: 'after', message: 'must be a non-negative integer' }]);
    return { items: (await this.jobs.logs(id, afterId)).map(toJobLogDto) };
  }
}
