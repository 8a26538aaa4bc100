import { Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors, ApiKeyErrors } from '../common/api-errors';
import { SalesOrderDocumentDto } from './dto/erp-documents.dto';
import { ValidationFailed } from '@shopsync/shared';
import type { SalesOrderDocumentV1 } from '@shopsync/shared';
import { ShopAccess } from '../auth/shop-access';
import { ErpConflictsService } from './erp-conflicts.service';

function uuidPipe(): ParseUUIDPipe {
  return new ParseUUIDPipe({
    exceptionFactory: () => new ValidationFailed([{ field: 'id', message: 'must be a UUID' }]),
  });
}

@ApiTags('erp')
@ApiKeyErrors()
@Controller('v1/erp/sales-orders')
export class ErpConflictsController {
  constructor(private readonly conflicts: ErpConflictsService) {}

  @Post(':id/conflict/acknowledge')
  @HttpCode(200)
  @ShopAccess.resource('sales-order')
  @ApiOperation({
    summary: "acknowledge a sales document's conflict",
    description:
      'Marks the conflict as seen (`conflict.acknowledgedAt`); the document itself is not changed. Acknowledging again keeps the first time.',
  })
  @ApiOkResponse({ type: SalesOrderDocumentDto, description: 'the sales document, as in the feed' })
  @ApiErrors(
    400,
    [404, '`SALES_ORDER_NOT_FOUND`'],
    [409, '`SALES_ORDER_NO_CONFLICT`: the document has none'],
  )
  acknowledge(@Param('id', uuidPipe()) id: string): Promise<SalesOrderDocumentV1> {
    return this.conflicts.acknowledge(id);
  }
}
