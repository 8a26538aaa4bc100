import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { AllowedShops, RequireScope } from '../auth/auth.decorators';
import { ShopAccess } from '../auth/shop-access';
import { ApiBodyErrors, ApiErrors, ApiKeyErrors } from '../common/api-errors';
import { CreateShopDto } from './dto/create-shop.dto';
import { ShopDto, ShopListDto } from './dto/shop.dto';
import { UpdateShopDto } from './dto/update-shop.dto';
import { ShopViews } from './shop-views.service';
import { ShopsService } from './shops.service';

const SHOP_VIEW = {
  type: ShopDto,
  description:
    'The shop (credentials only as hasToken / hasAppSecret), with `webhooks`: the Shopify webhook subscriptions shopsync makes for it',
};
// Creating or changing a shop verifies its token with Shopify.
const SHOPIFY_ERRORS = [
  [422, 'Shopify refused the token (`SHOPIFY_UNAUTHORIZED`), or the domain is refused'],
  502,
  503,
] as const;

@ApiTags('shops')
@ApiKeyErrors()
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
  @ApiBodyErrors()
  @ApiErrors([409, '`SHOP_EXISTS`: the code or the domain is taken'], ...SHOPIFY_ERRORS)
  @ApiOperation({ summary: 'Register a shop (its token is verified with Shopify)' })
  async create(@Body() dto: CreateShopDto): Promise<ShopDto> {
    return this.views.one(await this.shops.create(dto));
  }

  @Get()
  @ShopAccess.filtered()
  @ApiOkResponse({ type: ShopListDto })
  @ApiOperation({ summary: 'the shops' })
  async list(@AllowedShops() allowed: string[] | null): Promise<ShopListDto> {
    const shops = await this.shops.list();
    return {
      items: await this.views.many(shops.filter((s) => !allowed || allowed.includes(s.code))),
    };
  }

  @Get(':code')
  @ShopAccess.param('code')
  @ApiOkResponse(SHOP_VIEW)
  @ApiErrors(404)
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
  @ApiBodyErrors()
  @ApiErrors(404, [409, '`SHOP_EXISTS`: the domain is taken'], ...SHOPIFY_ERRORS)
  @ApiOperation({ summary: 'Change a shop' })
  async update(@Param('code') code: string, @Body() dto: UpdateShopDto): Promise<ShopDto> {
    return this.views.one(await this.shops.update(code, dto));
  }

  @Post(':code/verify')
  @RequireScope('admin')
  @ShopAccess.param('code')
  @HttpCode(200)
  @ApiOkResponse(SHOP_VIEW)
  @ApiErrors(404, ...SHOPIFY_ERRORS)
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
  @ApiNoContentResponse({ description: 'removed' })
  @ApiErrors(404)
  @ApiOperation({ summary: 'Remove a shop' })
  async remove(@Param('code') code: string): Promise<void> {
    await this.shops.remove(code);
  }
}
