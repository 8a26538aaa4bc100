import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsString,
  Length,
  ValidateNested,
} from 'class-validator';
import { OmitType } from '@nestjs/swagger';
import { RequestedJobDto } from '../../jobs/dto/job.dto';
import { CreateSyncDto } from './create-sync.dto';

// Requests per batch call: one write transaction takes them all.
export const MAX_SYNC_BATCH = 500;

export class BatchSyncItemDto extends OmitType(CreateSyncDto, ['wait'] as const) {
  @ApiProperty({ example: 'main', description: 'the shop code' })
  @IsString()
  @Length(1, 64)
  shop: string;
}

export class CreateSyncBatchDto {
  @ApiProperty({
    type: [BatchSyncItemDto],
    example: [
      { shop: 'main', task: 'inventory' },
      { shop: 'main', task: 'products', params: { pricesOnly: true } },
    ],
    description: `1 to ${MAX_SYNC_BATCH} sync requests, taken in this order`,
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_SYNC_BATCH)
  @ValidateNested({ each: true })
  @Type(() => BatchSyncItemDto)
  requests: BatchSyncItemDto[];
}

export class SyncBatchResultDto {
  @ApiProperty({ type: [RequestedJobDto], description: 'one per request, in their order' })
  jobs: RequestedJobDto[];
}
