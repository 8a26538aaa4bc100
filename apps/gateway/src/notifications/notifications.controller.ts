import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
} from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ApiBodyErrors, ApiErrors, ApiKeyErrors } from '../common/api-errors';
import { ValidationFailed } from '@shopsync/shared';
import { RequireScope } from '../auth/auth.decorators';
import { ShopAccess } from '../auth/shop-access';
import { PageQuery } from '../common/page.query';
import { CreateNotificationDto } from './dto/create-notification.dto';
import {
  NotificationDeliveryPageDto,
  NotificationEndpointDto,
  NotificationEndpointListDto,
  toDeliveryDto,
  toEndpointDto,
} from './dto/notification.dto';
import { NotificationsService } from './notifications.service';

const uuid = new ParseUUIDPipe({
  exceptionFactory: () => new ValidationFailed([{ field: 'id', message: 'must be a UUID' }]),
});

// A shop's notification endpoints: registering or removing one needs the admin scope (it sends
// the shop's events to a URL of the caller's choosing).
@ApiTags('notifications')
@ApiKeyErrors()
@Controller('v1/shops/:code/notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Post()
  @RequireScope('admin')
  @ShopAccess.param('code')
  @ApiOperation({
    summary: 'Register a callback URL; the answer holds its signing secret, shown this once',
  })
  @ApiCreatedResponse({ type: NotificationEndpointDto, description: 'with its `secret`' })
  @ApiBodyErrors()
  @ApiErrors([404, '`SHOP_NOT_FOUND`'], [409, '`NOTIFICATION_LIMIT_REACHED`'])
  async create(
    @Param('code') code: string,
    @Body() dto: CreateNotificationDto,
  ): Promise<NotificationEndpointDto> {
    const { endpoint, secret } = await this.notifications.create(code, dto);
    return toEndpointDto(endpoint, secret);
  }

  @Get()
  @ShopAccess.param('code')
  @ApiOkResponse({ type: NotificationEndpointListDto })
  @ApiErrors(404)
  @ApiOperation({ summary: "a shop's notification endpoints" })
  async list(@Param('code') code: string): Promise<NotificationEndpointListDto> {
    return { items: (await this.notifications.list(code)).map((e) => toEndpointDto(e)) };
  }

  @Get(':id')
  @ShopAccess.param('code')
  @ApiOkResponse({ type: NotificationEndpointDto })
  @ApiErrors(400, 404)
  @ApiOperation({ summary: 'one notification endpoint' })
  async get(
    @Param('code') code: string,
    @Param('id', uuid) id: string,
  ): Promise<NotificationEndpointDto> {
    return toEndpointDto(await this.notifications.get(code, id));
  }

  @Delete(':id')
  @RequireScope('admin')
  @ShopAccess.param('code')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'removed' })
  @ApiErrors(400, 404)
  @ApiOperation({ summary: 'Remove a notification endpoint' })
  async remove(@Param('code') code: string, @Param('id', uuid) id: string): Promise<void> {
    await this.notifications.remove(code, id);
  }

  @Get(':id/deliveries')
  @ShopAccess.param('code')
  @ApiOperation({ summary: 'Its deliveries, newest first, each with every attempt' })
  @ApiOkResponse({ type: NotificationDeliveryPageDto })
  @ApiErrors(400, 404)
  async deliveries(
    @Param('code') code: string,
    @Param('id', uuid) id: string,
    @Query() page: PageQuery,
  ): Promise<NotificationDeliveryPageDto> {
    const limit = page.limit ?? 50;
    const offset = page.offset ?? 0;
    const { items, total } = await this.notifications.deliveries(code, id, limit, offset);
    return {
      items: items.map((i) => toDeliveryDto(i.delivery, i.attempts)),
      total,
      limit,
      offset,
    };
  }
}
