import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AllowedShops, RequireScope } from '../auth/auth.decorators';
import { ShopAccess } from '../auth/shop-access';
import { CreateShopDto } from './dto/create-shop.dto';
import { ShopDto, toShopDto } from './dto/shop.dto';
import { UpdateShopDto } from './dto/update-shop.dto';
import { ShopsService } from './shops.service';

@ApiTags('shops')
@Controller('v1/shops')
export class ShopsController {
  constructor(private readonly shops: ShopsService) {}

  @Post()
  @RequireScope('admin')
  @ShopAccess.unrestricted()
  async create(@Body() dto: CreateShopDto): Promise<ShopDto> {
    return toShopDto(await this.shops.create(dto));
  }

  @Get()
  @ShopAccess.filtered()
  async list(@AllowedShops() allowed: string[] | null): Promise<{ items: ShopDto[] }> {
    const shops = await this.shops.list();
    return { items: shops.filter((s) => !allowed || allowed.includes(s.code)).map(toShopDto) };
  }

  @Get(':code')
  @ShopAccess.param('code')
  async get(@Param('code') code: string): Promise<ShopDto> {
    return toShopDto(await this.shops.get(code));
  }

  @Patch(':code')
  @RequireScope('admin')
  @ShopAccess.param('code')
  async update(@Param('code') code: string, @Body() dto: UpdateShopDto): Promise<ShopDto> {
    return toShopDto(await this.shops.update(code, dto));
  }

  @Delete(':code')
  @RequireScope('admin')
  @ShopAccess.param('code')
  @HttpCode(204)
  async remove(@Param('code') code: string): Promise<void> {
    await this.shops.remove(code);
  }
}
