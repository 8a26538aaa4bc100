import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import { AllowedShops, RequireScope } from '../auth/auth.decorators';
import { ShopAccess } from '../auth/shop-access';
import { CreateShopDto } from './dto/create-shop.dto';
import { ShopDto } from './dto/shop.dto';
import { ShopWebhooksDto } from './dto/shop-webhooks.dto';
import { UpdateShopDto } from './dto/update-shop.dto';
import { ShopViews } from './shop-views.service';
import { ShopsService } from './shops.service';

const SHOP_VIEW = {
  description:
    'The shop (credentials only as hasToken / hasAppSecret), with `webhooks`: the Shopify webhook subscriptions shopsync makes for it',
  schema: {
    type: 'object',
    properties: { webhooks: { $ref: getSchemaPath(ShopWebhooksDto) } },
  },
};

@ApiTags('shops')
@ApiExtraModels(ShopWebhooksDto)
@Controller('v1/shops')
export class ShopsController {
  constructor(
    private readonly shops: ShopsService,
    private readonly views: ShopViews,
  ) {}

  @Post()
  @RequireScope('admin')
  @ShopAccess.unrestricted()
  @ApiCreatedResponse(SHOP_VIEW)
  async create(@Body() dto: CreateShopDto): Promise<ShopDto> {
    return this.views.one(await this.shops.create(dto));
  }

  @Get()
  @ShopAccess.filtered()
  async list(@AllowedShops() allowed: string[] | null): Promise<{ items: ShopDto[] }> {
    const shops = await this.shops.list();
    return {
      items: await this.views.many(shops.filter((s) => !allowed || allowed.includes(s.code))),
    };
  }

  @Get(':code')
  @ShopAccess.param('code')
  @ApiOkResponse(SHOP_VIEW)
  @ApiOperation({
    summary: 'one shop',
    description:
      'Credentials only as `hasToken` / `hasAppSecret`. `accessScopes`: the grant read at the last verification (null: not read yet). `missingScopes`: task → scopes the grant lacks, which make its jobs fail at once (`SHOPIFY_SCOPE_MISSING`). `missingOptionalScopes`: task → optional scopes the grant lacks; the task still runs and does less (payments without `read_shopify_payments_payouts` / `read_shopify_payments_disputes` reports Shopify Payments "not available"). Both `{}` when nothing lacks, null while the grant is unknown.',
  })
  async get(@Param('code') code: string): Promise<ShopDto> {
    return this.views.one(await this.shops.get(code));
  }

  @Patch(':code')
  @RequireScope('admin')
  @ShopAccess.param('code')
  @ApiOkResponse(SHOP_VIEW)
  async update(@Param('code') code: string, @Body() dto: UpdateShopDto): Promise<ShopDto> {
    return this.views.one(await this.shops.update(code, dto));
  }

  @Post(':code/verify')
  @RequireScope('admin')
  @ShopAccess.param('code')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Verify the stored token again: refreshes the granted access scopes (missingScopes), the bucket and the API version served',
  })
  async verify(@Param('code') code: string): Promise<ShopDto> {
    return this.views.one(await this.shops.reverify(code));
  }

  @Delete(':code')
  @RequireScope('admin')
  @ShopAccess.param('code')
  @HttpCode(204)
  async remove(@Param('code') code: string): Promise<void> {
    await this.shops.remove(code);
  }
}
