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
import { ApiTags } from '@nestjs/swagger';
import { ShopAccess } from '../auth/shop-access';
import type { Response } from 'express';
import { ValidationFailed } from '@shopsync/shared';
import { JobDto, toJobDto } from '../jobs/dto/job.dto';
import { CreateScheduleDto } from './dto/create-schedule.dto';
import {
  OccurrenceRecordDto,
  ScheduleDto,
  toOccurrenceRecordDto,
  toScheduleDto,
} from './dto/schedule.dto';
import { HistoryQuery, OccurrencesQuery } from './dto/schedule-queries';
import { UpdateScheduleDto } from './dto/update-schedule.dto';
import { OccurrencePreview, SchedulesService } from './schedules.service';

const uuid = new ParseUUIDPipe({
  exceptionFactory: () => new ValidationFailed([{ field: 'id', message: 'must be a UUID' }]),
});

@ApiTags('schedules')
@Controller('v1')
export class SchedulesController {
  constructor(private readonly schedules: SchedulesService) {}

  @Post('shops/:code/schedules')
  @ShopAccess.param('code')
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
  async list(@Param('code') code: string): Promise<{ items: ScheduleDto[] }> {
    return { items: (await this.schedules.list(code)).map(toScheduleDto) };
  }

  @Get('schedules/:id')
  @ShopAccess.resource('schedule')
  async get(@Param('id', uuid) id: string): Promise<ScheduleDto> {
    return toScheduleDto(await this.schedules.get(id));
  }

  @Patch('schedules/:id')
  @ShopAccess.resource('schedule')
  async update(
    @Param('id', uuid) id: string,
    @Body() dto: UpdateScheduleDto,
  ): Promise<ScheduleDto> {
    return toScheduleDto(await this.schedules.update(id, dto));
  }

  @Delete('schedules/:id')
  @ShopAccess.resource('schedule')
  @HttpCode(204)
  async remove(@Param('id', uuid) id: string): Promise<void> {
    await this.schedules.remove(id);
  }

  @Post('schedules/:id/pause')
  @ShopAccess.resource('schedule')
  @HttpCode(200)
  async pause(@Param('id', uuid) id: string): Promise<ScheduleDto> {
    return toScheduleDto(await this.schedules.pause(id));
  }

  @Post('schedules/:id/resume')
  @ShopAccess.resource('schedule')
  @HttpCode(200)
  async resume(@Param('id', uuid) id: string): Promise<ScheduleDto> {
    return toScheduleDto(await this.schedules.resume(id));
  }

  @Post('schedules/:id/run-now')
  @ShopAccess.resource('schedule')
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
  occurrences(
    @Param('id', uuid) id: string,
    @Query() query: OccurrencesQuery,
  ): Promise<OccurrencePreview> {
    return this.schedules.occurrences(id, query.count ?? 10);
  }

  @Get('schedules/:id/history')
  @ShopAccess.resource('schedule')
  async history(
    @Param('id', uuid) id: string,
    @Query() query: HistoryQuery,
  ): Promise<{ items: OccurrenceRecordDto[]; total: number; limit: number; offset: number }> {
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
