import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  ParseIntPipe,
  Post,
  Put,
  Query,
  DefaultValuePipe,
} from '@nestjs/common';
import { ApiOkResponse, ApiQuery, ApiTags, ApiOperation } from '@nestjs/swagger';
import { ApiBodyErrors, ApiErrors, ApiKeyErrors } from '../common/api-errors';
import { ShopAccess } from '../auth/shop-access';
import { BoundedIntPipe } from '../common/bounded-int.pipe';
import { MAX_OFFSET } from '../common/page.query';
import {
  AddShopProductsDto,
  ProductsAddedDto,
  PutLocationsDto,
  ShopLocationListDto,
  ShopProductPageDto,
} from './dto/shop-catalog.dto';
import { ShopCatalogService } from './shop-catalog.service';

@ApiTags('catalog')
@ApiKeyErrors()
@ShopAccess.param('code')
@Controller('v1/shops/:code')
export class ShopCatalogController {
  constructor(private readonly catalog: ShopCatalogService) {}

  @Post('products')
  @HttpCode(200)
  @ApiOkResponse({ type: ProductsAddedDto })
  @ApiBodyErrors()
  @ApiErrors(404)
  @ApiOperation({ summary: "Add ERP items to a shop's catalog" })
  add(@Param('code') code: string, @Body() dto: AddShopProductsDto): Promise<ProductsAddedDto> {
    return this.catalog.addProducts(code, dto);
  }

  @Get('products')
  @ApiQuery({
    name: 'limit',
    required: false,
    schema: { type: 'integer', minimum: 1, maximum: 1000 },
    example: 100,
  })
  @ApiQuery({
    name: 'offset',
    required: false,
    schema: { type: 'integer', minimum: 0 },
    example: 0,
  })
  @ApiOkResponse({ type: ShopProductPageDto })
  @ApiErrors(400, 404)
  @ApiOperation({ summary: "a shop's catalog" })
  list(
    @Param('code') code: string,
    @Query('limit', new DefaultValuePipe(100), ParseIntPipe) limit: number,
    @Query('offset', new DefaultValuePipe(0), new BoundedIntPipe('offset', 0, MAX_OFFSET))
    offset: number,
  ): Promise<ShopProductPageDto> {
    return this.catalog.listProducts(code, Math.min(Math.max(limit, 1), 1000), Math.max(offset, 0));
  }

  @Get('locations')
  @ApiOkResponse({
    type: ShopLocationListDto,
    description: "the shop's Shopify locations, imported again",
  })
  @ApiErrors(404, 422, 502, 503)
  @ApiOperation({ summary: "a shop's Shopify locations and their ERP mapping" })
  async locations(@Param('code') code: string): Promise<ShopLocationListDto> {
    return { items: await this.catalog.locations(code) };
  }

  @Put('locations')
  @ApiOkResponse({ type: ShopLocationListDto })
  @ApiBodyErrors()
  @ApiErrors(404, 422, 502, 503)
  @ApiOperation({ summary: "Map a shop's Shopify locations to ERP locations" })
  async mapLocations(
    @Param('code') code: string,
    @Body() dto: PutLocationsDto,
  ): Promise<ShopLocationListDto> {
    return { items: await this.catalog.mapLocations(code, dto) };
  }
}
