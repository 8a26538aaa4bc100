import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { JsonObject } from '../../domain/tasks';
import { DateTimeColumn } from '../columns';

@Entity('shops')
export class ShopEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 64, unique: true })
  code: string;

  @Column({ type: 'varchar', length: 255 })
  domain: string;

  @Column({ type: 'varchar', length: 16 })
  apiVersion: string;

  @Column({ type: 'varchar', length: 16 })
  plan: string;

  @Column({ type: 'boolean', default: true })
  enabled: boolean;

  @Column({ type: 'boolean', default: true })
  allowBackgroundSync: boolean;

  @Column({ type: 'simple-json' })
  settings: JsonObject;

  @Column({ type: 'simple-json' })
  categoryMap: Record<string, string>;

  @Column({ type: 'integer', default: 3 })
  defaultMaxAttempts: number;

  @Column({ type: 'integer', default: 60 })
  defaultRerunDelaySeconds: number;

  // AES-256-GCM ciphertexts; never returned by the API (issue: shops and credentials).
  @Column({ type: 'text', nullable: true })
  accessTokenEnc: string | null;

  @Column({ type: 'text', nullable: true })
  appSecretEnc: string | null;

  @Column({ type: 'simple-json', nullable: true })
  rateLimits: Record<string, number> | null;

  // The scopes Shopify granted, read at the last verification; null: never read.
  @Column({ type: 'simple-json', nullable: true })
  accessScopes: string[] | null;

  // The API version Shopify last answered with (`X-Shopify-API-Version`).
  @Column({ type: 'varchar', length: 16, nullable: true })
  apiVersionServed: string | null;

  @DateTimeColumn()
  createdAt: Date;

  @DateTimeColumn()
  updatedAt: Date;
}
