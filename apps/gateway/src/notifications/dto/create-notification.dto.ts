import { Omittable } from '@shopsync/shared';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsString, MaxLength } from 'class-validator';
import {
  MAX_CALLBACK_URL_LENGTH,
  NOTIFICATION_EVENTS,
  type NotificationEventType,
} from '@shopsync/shared';

export class CreateNotificationDto {
  @ApiProperty({
    example: 'https://erp.example.com/hooks/shopsync',
    description:
      'the callback: https only; no loopback, private or link-local address (NOTIFICATION_ALLOW_* loosen this)',
    maxLength: MAX_CALLBACK_URL_LENGTH,
  })
  @IsString()
  @MaxLength(MAX_CALLBACK_URL_LENGTH)
  url: string;

  @ApiPropertyOptional({
    enum: NOTIFICATION_EVENTS,
    isArray: true,
    example: ['job.failed', 'schedule.missed'],
    description: 'the events it wants; default job.failed, schedule.missed, conflict.flagged',
  })
  @Omittable()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(NOTIFICATION_EVENTS.length)
  @IsIn(NOTIFICATION_EVENTS, {
    each: true,
    message: `must each be one of ${NOTIFICATION_EVENTS.join(', ')}`,
  })
  events?: NotificationEventType[];

  @ApiPropertyOptional({ example: 'ERP on-call alerts', maxLength: 200 })
  @Omittable()
  @IsString()
  @MaxLength(200)
  description?: string;
}
