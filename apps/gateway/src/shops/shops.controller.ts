import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { RequireScope } from '../auth/auth.decorators';
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
  async create(@Body() dto: CreateShopDto): Promise<ShopDto> {
    return toShopDto(await this.shops.create(dto));
  }

  @Get()
  async list(): Promise<{ items: ShopDto[] }> {
    return { items: (await this.shops.list()).map(toShopDto) };
  }

  @Get(':code')
  async get(@Param('code') code: string): Promise<ShopDto> {
    return toShopDto(await this.shops.get(code));
  }

  @Patch(':code')
  @RequireScope('admin')
  async update(@Param('code') code: string, @Body() dto: UpdateShopDto): Promise<ShopDto> {
    return toShopDto(await this.shops.update(code, dto));
  }

  @Delete(':code')
  @RequireScope('admin')
  @HttpCode(204)
  async remove(@Param('code') code: string): Promise<void> {
    await this.shops.remove(code);
  }
}
