import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { ShopEntity } from '../database/entities';
import { ShopNotFound } from '../domain/errors';

@Injectable()
export class ShopsRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  findByCode(code: string): Promise<ShopEntity | null> {
    return this.ds.getRepository(ShopEntity).findOne({ where: { code } });
  }

  findByCodes(codes: string[]): Promise<ShopEntity[]> {
    if (!codes.length) return Promise.resolve([]);
    return this.ds.getRepository(ShopEntity).find({ where: { code: In(codes) } });
  }

  findByIds(ids: string[]): Promise<ShopEntity[]> {
    if (!ids.length) return Promise.resolve([]);
    return this.ds.getRepository(ShopEntity).find({ where: { id: In(ids) } });
  }

  findById(id: string): Promise<ShopEntity | null> {
    return this.ds.getRepository(ShopEntity).findOne({ where: { id } });
  }

  // The shop, or ShopNotFound.
  async getById(id: string): Promise<ShopEntity> {
    const shop = await this.findById(id);
    if (!shop) throw new ShopNotFound(id);
    return shop;
  }

  async getByCode(code: string): Promise<ShopEntity> {
    const shop = await this.findByCode(code);
    if (!shop) throw new ShopNotFound(code);
    return shop;
  }

  // Domains are stored lower-case; several shop entries may point at one store.
  findByDomain(domain: string): Promise<ShopEntity[]> {
    return this.ds.getRepository(ShopEntity).find({ where: { domain: domain.toLowerCase() } });
  }

  list(): Promise<ShopEntity[]> {
    return this.ds.getRepository(ShopEntity).find({ order: { code: 'ASC' } });
  }

  // A shop change and what it asks of others (webhook subscription work) commit together.
  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.ds.transaction(work);
  }

  async insert(shop: ShopEntity, manager: EntityManager = this.ds.manager): Promise<void> {
    await manager.getRepository(ShopEntity).insert(shop as QueryDeepPartialEntity<ShopEntity>);
  }

  async update(
    id: string,
    patch: Partial<ShopEntity>,
    manager: EntityManager = this.ds.manager,
  ): Promise<void> {
    await manager
      .getRepository(ShopEntity)
      .update({ id }, patch as QueryDeepPartialEntity<ShopEntity>);
  }

  async remove(id: string, manager: EntityManager = this.ds.manager): Promise<void> {
    await manager.getRepository(ShopEntity).delete({ id });
  }
}
