import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ShopAccess } from '../auth/shop-access';
import { PostErpShipmentsDto } from './dto/erp-orders.dto';
import { ErpOrdersInboxService } from './erp-orders-inbox.service';

@ApiTags('erp')
@Controller('v1/erp/shipments')
export class ErpShipmentsController {
  constructor(private readonly inbox: ErpOrdersInboxService) {}

  // 200 with what was new; a shipment number already posted for its shop is left as it is.
  @Post()
  @ShopAccess.body('shipments', 'shop')
  @HttpCode(200)
  post(@Body() dto: PostErpShipmentsDto): Promise<{ created: number; unchanged: number }> {
    return this.inbox.postShipments(dto.shipments, 'shipments');
  }
}
