import { Type } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import {
  BalanceTransactionDocumentDto,
  CreditMemoDocumentDto,
  CustomerDocumentDto,
  DisputeDocumentDto,
  PaymentDocumentDto,
  PayoutDocumentDto,
  SalesOrderDocumentDto,
} from './erp-documents.dto';

export class UpsertedDto {
  @ApiProperty({ example: 2, description: 'rows created or replaced' })
  upserted: number;
}

export class CustomersUpsertedDto {
  @ApiProperty({ example: 1 })
  created: number;

  @ApiProperty({ example: 0 })
  updated: number;

  @ApiProperty({ example: 0 })
  unchanged: number;
}

export class ShipmentsPostedDto {
  @ApiProperty({ example: 1 })
  created: number;

  @ApiProperty({ example: 0, description: 'numbers already posted for their shop' })
  unchanged: number;
}

// `{ items, next }` of a feed: page with `after=<next>`.
export function FeedOf<T>(item: Type<T>) {
  class Feed {
    @ApiProperty({ type: [item] })
    items: T[];

    @ApiProperty({
      type: String,
      nullable: true,
      example: 'MjAyNi0xMi0wMVQxMDowMDowMC4wMDBafDE',
      description: 'pass as `after` for the next page; the same again when nothing new arrived',
    })
    next: string | null;
  }
  return Feed;
}

export class SalesOrderFeedDto extends FeedOf(SalesOrderDocumentDto) {}
export class CreditMemoFeedDto extends FeedOf(CreditMemoDocumentDto) {}
export class PaymentFeedDto extends FeedOf(PaymentDocumentDto) {}
export class PayoutFeedDto extends FeedOf(PayoutDocumentDto) {}
export class BalanceTransactionFeedDto extends FeedOf(BalanceTransactionDocumentDto) {}
export class DisputeFeedDto extends FeedOf(DisputeDocumentDto) {}
export class CustomerFeedDto extends FeedOf(CustomerDocumentDto) {}
