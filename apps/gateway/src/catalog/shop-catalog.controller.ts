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
import { ApiQuery, ApiTags } from '@nestjs/swagger';
import { ShopAccess } from '../auth/shop-access';
import { BoundedIntPipe } from '../common/bounded-int.pipe';
import { MAX_OFFSET } from '../common/page.query';
import { AddShopProductsDto, PutLocationsDto } from './dto/shop-catalog.dto';
import { ShopCatalogService, ShopLocationView, ShopProductView } from './shop-catalog.service';

@ApiTags('catalog')
@ShopAccess.param('code')
@Controller('v1/shops/:code')
export class ShopCatalogController {
  constructor(private readonly catalog: ShopCatalogService) {}

  @Post('products')
  @HttpCode(200)
  add(
    @Param('code') code: string,
    @Body() dto: AddShopProductsDto,
  ): Promise<{ added: number; matched: number; unknownSkus: string[] }> {
    return this.catalog.addProducts(code, dto);
  }

  @Get('products')
  @ApiQuery({ name: 'limit', required: false, example: 100 })
  @ApiQuery({ name: 'offset', required: false, example: 0 })
  list(
    @Param('code') code: string,
    @Query('limit', new DefaultValuePipe(100), ParseIntPipe) limit: number,
    @Query('offset', new DefaultValuePipe(0), new BoundedIntPipe('offset', 0, MAX_OFFSET))
    offset: number,
  ): Promise<{ items: ShopProductView[]; total: number }> {
    return this.catalog.listProducts(code, Math.min(Math.max(limit, 1), 1000), Math.max(offset, 0));
  }

  @Get('locations')
  async locations(@Param('code') code: string): Promise<{ items: ShopLocationView[] }> {
    return { items: await this.catalog.locations(code) };
  }

  @Put('locations')
  async mapLocations(
    @Param('code') code: string,
    @Body() dto: PutLocationsDto,
  ): Promise<{ items: ShopLocationView[] }> {
    return { items: await this.catalog.mapLocations(code, dto) };
  }
}
