import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Inject,
  Param,
  Patch,
  Post,
} from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CLOCK, Clock } from '@shopsync/shared';
import { AllowedShops, RequireScope } from '../auth/auth.decorators';
import { ShopAccess } from '../auth/shop-access';
import { CreateShopDto } from './dto/create-shop.dto';
import { ShopDto, toShopDto } from './dto/shop.dto';
import { UpdateShopDto } from './dto/update-shop.dto';
import { ShopsService } from './shops.service';

@ApiTags('shops')
@Controller('v1/shops')
export class ShopsController {
  constructor(
    private readonly shops: ShopsService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  private view(shop: Parameters<typeof toShopDto>[0]): ShopDto {
    return toShopDto(shop, this.clock.now());
  }

  @Post()
  @RequireScope('admin')
  @ShopAccess.unrestricted()
  async create(@Body() dto: CreateShopDto): Promise<ShopDto> {
    return this.view(await this.shops.create(dto));
  }

  @Get()
  @ShopAccess.filtered()
  async list(@AllowedShops() allowed: string[] | null): Promise<{ items: ShopDto[] }> {
    const shops = await this.shops.list();
    return {
      items: shops.filter((s) => !allowed || allowed.includes(s.code)).map((s) => this.view(s)),
    };
  }

  @Get(':code')
  @ShopAccess.param('code')
  @ApiOperation({
    summary: 'one shop',
    description:
      'Credentials only as `hasToken` / `hasAppSecret`. `accessScopes`: the grant read at the last verification (null: not read yet). `missingScopes`: task → scopes the grant lacks, which make its jobs fail at once (`SHOPIFY_SCOPE_MISSING`). `missingOptionalScopes`: task → optional scopes the grant lacks; the task still runs and does less (payments without `read_shopify_payments_payouts` / `read_shopify_payments_disputes` reports Shopify Payments "not available"). Both `{}` when nothing lacks, null while the grant is unknown.',
  })
  async get(@Param('code') code: string): Promise<ShopDto> {
    return this.view(await this.shops.get(code));
  }

  @Patch(':code')
  @RequireScope('admin')
  @ShopAccess.param('code')
  async update(@Param('code') code: string, @Body() dto: UpdateShopDto): Promise<ShopDto> {
    return this.view(await this.shops.update(code, dto));
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
    return this.view(await this.shops.reverify(code));
  }

  @Delete(':code')
  @RequireScope('admin')
  @ShopAccess.param('code')
  @HttpCode(204)
  async remove(@Param('code') code: string): Promise<void> {
    await this.shops.remove(code);
  }
}
