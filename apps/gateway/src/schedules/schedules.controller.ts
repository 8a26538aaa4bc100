import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Query,
  Res,
} from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
  ApiOperation,
} from '@nestjs/swagger';
import { ApiBodyErrors, ApiErrors, ApiKeyErrors } from '../common/api-errors';
import { ShopAccess } from '../auth/shop-access';
import type { Response } from 'express';
import { ValidationFailed } from '@shopsync/shared';
import { JobDto, toJobDto } from '../jobs/dto/job.dto';
import { CreateScheduleDto } from './dto/create-schedule.dto';
import {
  OccurrenceHistoryDto,
  OccurrencePreviewDto,
  ScheduleDto,
  ScheduleListDto,
  toOccurrenceRecordDto,
  toScheduleDto,
} from './dto/schedule.dto';
import { HistoryQuery, OccurrencesQuery } from './dto/schedule-queries';
import { UpdateScheduleDto } from './dto/update-schedule.dto';
import { SchedulesService } from './schedules.service';

const uuid = new ParseUUIDPipe({
  exceptionFactory: () => new ValidationFailed([{ field: 'id', message: 'must be a UUID' }]),
});

@ApiTags('schedules')
@ApiKeyErrors()
@Controller('v1')
export class SchedulesController {
  constructor(private readonly schedules: SchedulesService) {}

  @Post('shops/:code/schedules')
  @ShopAccess.param('code')
  @ApiCreatedResponse({ type: ScheduleDto, description: '`Location` names it' })
  @ApiBodyErrors()
  @ApiErrors([404, '`SHOP_NOT_FOUND`'], [409, '`SHOP_DISABLED`'])
  @ApiOperation({ summary: 'Create a schedule for a shop' })
  async create(
    @Param('code') code: string,
    @Body() dto: CreateScheduleDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ScheduleDto> {
    const schedule = await this.schedules.create(code, dto);
    res.setHeader('Location', `/v1/schedules/${schedule.id}`);
    return toScheduleDto(schedule);
  }

  @Get('shops/:code/schedules')
  @ShopAccess.param('code')
  @ApiOkResponse({ type: ScheduleListDto })
  @ApiErrors(404)
  @ApiOperation({ summary: "a shop's schedules" })
  async list(@Param('code') code: string): Promise<ScheduleListDto> {
    return { items: (await this.schedules.list(code)).map(toScheduleDto) };
  }

  @Get('schedules/:id')
  @ShopAccess.resource('schedule')
  @ApiOkResponse({ type: ScheduleDto })
  @ApiErrors(400, 404)
  @ApiOperation({ summary: 'one schedule' })
  async get(@Param('id', uuid) id: string): Promise<ScheduleDto> {
    return toScheduleDto(await this.schedules.get(id));
  }

  @Patch('schedules/:id')
  @ShopAccess.resource('schedule')
  @ApiOkResponse({ type: ScheduleDto })
  @ApiBodyErrors()
  @ApiErrors(404, [409, '`SCHEDULE_CONFLICT`: changed meanwhile, read it again'])
  @ApiOperation({ summary: 'Change a schedule' })
  async update(
    @Param('id', uuid) id: string,
    @Body() dto: UpdateScheduleDto,
  ): Promise<ScheduleDto> {
    return toScheduleDto(await this.schedules.update(id, dto));
  }

  @Delete('schedules/:id')
  @ShopAccess.resource('schedule')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'removed' })
  @ApiErrors(400, 404)
  @ApiOperation({ summary: 'Remove a schedule' })
  async remove(@Param('id', uuid) id: string): Promise<void> {
    await this.schedules.remove(id);
  }

  @Post('schedules/:id/pause')
  @ShopAccess.resource('schedule')
  @HttpCode(200)
  @ApiOkResponse({ type: ScheduleDto })
  @ApiErrors(400, 404, [409, '`SCHEDULE_CONFLICT`'])
  @ApiOperation({ summary: 'Put a schedule on hold' })
  async pause(@Param('id', uuid) id: string): Promise<ScheduleDto> {
    return toScheduleDto(await this.schedules.pause(id));
  }

  @Post('schedules/:id/resume')
  @ShopAccess.resource('schedule')
  @HttpCode(200)
  @ApiOkResponse({ type: ScheduleDto })
  @ApiErrors(400, 404, [409, '`SCHEDULE_CONFLICT`'])
  @ApiOperation({ summary: 'Make a schedule active again' })
  async resume(@Param('id', uuid) id: string): Promise<ScheduleDto> {
    return toScheduleDto(await this.schedules.resume(id));
  }

  @Post('schedules/:id/run-now')
  @ShopAccess.resource('schedule')
  @ApiAcceptedResponse({ type: JobDto, description: 'the new job; `Location` names it' })
  @ApiErrors(400, 404, [409, '`SCHEDULE_CONFLICT` or `SHOP_DISABLED`'])
  @ApiOperation({ summary: 'Run a schedule now, as a new job' })
  async runNow(
    @Param('id', uuid) id: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<JobDto> {
    const job = await this.schedules.runNow(id);
    res.status(202).setHeader('Location', `/v1/jobs/${job.id}`);
    return toJobDto(job);
  }

  @Get('schedules/:id/occurrences')
  @ShopAccess.resource('schedule')
  @ApiOkResponse({ type: OccurrencePreviewDto, description: 'the next runs' })
  @ApiErrors(400, 404)
  @ApiOperation({ summary: "a schedule's next runs" })
  occurrences(
    @Param('id', uuid) id: string,
    @Query() query: OccurrencesQuery,
  ): Promise<OccurrencePreviewDto> {
    return this.schedules.occurrences(id, query.count ?? 10);
  }

  @Get('schedules/:id/history')
  @ShopAccess.resource('schedule')
  @ApiOkResponse({ type: OccurrenceHistoryDto, description: 'past occurrences, newest first' })
  @ApiErrors(400, 404)
  @ApiOperation({ summary: "a schedule's past occurrences" })
  async history(
    @Param('id', uuid) id: string,
    @Query() query: HistoryQuery,
  ): Promise<OccurrenceHistoryDto> {
    const limit = query.limit ?? 50;
    const offset = query.offset ?? 0;
    const page = await this.schedules.history(id, limit, offset);
    const items = page.items.map((o) =>
      toOccurrenceRecordDto(
        o,
        page.schedule.timeZone,
        o.jobId ? (page.statuses.get(o.jobId) ?? null) : null,
      ),
    );
    return { items, total: page.total, limit, offset };
  }
}
