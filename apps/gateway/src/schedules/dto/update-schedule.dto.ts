import { PartialType } from '@nestjs/swagger';
import { NullableOnly } from '../../common/nullable-only';
import { CreateScheduleDto } from './create-schedule.dto';

// Any field of a schedule; `recurrence` and `params` are replaced whole, and null clears
// `params`, `earliestStartAt` and `expiresAt`.
@NullableOnly('params', 'earliestStartAt', 'expiresAt')
export class UpdateScheduleDto extends PartialType(CreateScheduleDto) {}
