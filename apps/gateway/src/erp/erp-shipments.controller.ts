import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiTags, ApiOperation } from '@nestjs/swagger';
import { ApiBodyErrors, ApiKeyErrors } from '../common/api-errors';
import { ShipmentsPostedDto } from './dto/erp-responses.dto';
import { ShopAccess } from '../auth/shop-access';
import { PostErpShipmentsDto } from './dto/erp-orders.dto';
import { ErpOrdersInboxService } from './erp-orders-inbox.service';

@ApiTags('erp')
@ApiKeyErrors()
@Controller('v1/erp/shipments')
export class ErpShipmentsController {
  constructor(private readonly inbox: ErpOrdersInboxService) {}

  // 200 with what was new; a shipment number already posted for its shop is left as it is.
  @Post()
  @ShopAccess.body('shipments', 'shop')
  @HttpCode(200)
  @ApiOkResponse({ type: ShipmentsPostedDto })
  @ApiBodyErrors()
  @ApiOperation({ summary: 'Post ERP shipments of Shopify orders' })
  post(@Body() dto: PostErpShipmentsDto): Promise<ShipmentsPostedDto> {
    return this.inbox.postShipments(dto.shipments, 'shipments');
  }
}
