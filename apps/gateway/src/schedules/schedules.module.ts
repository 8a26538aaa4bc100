import { Module } from '@nestjs/common';
import { JobsModule } from '@shopsync/shared';
import { SchedulesController } from './schedules.controller';
import { SchedulesRepository } from './schedules.repository';
import { SchedulesService } from './schedules.service';

// Needs CLOCK (global in the gateway), DatabaseModule and KafkaModule.
@Module({
  imports: [JobsModule],
  controllers: [SchedulesController],
  providers: [SchedulesService, SchedulesRepository],
  // The API key guard loads a schedule to learn its shop.
  exports: [SchedulesRepository],
})
export class SchedulesModule {}
