import { ApiProperty } from '@nestjs/swagger';
import type { ApiKeyEntity } from '@shopsync/shared';
import { SCOPES, type Scope } from '../../auth/api-keys';

export const KEY_STATUSES = ['active', 'expired', 'revoked'] as const;
export type KeyStatus = (typeof KEY_STATUSES)[number];

// A key as the API shows it: never the key itself, nor its hash.
export class ApiKeyDto {
  @ApiProperty({ example: '3f9a1c2b7d4e5f60', description: 'the public part of the key' })
  id: string;

  @ApiProperty({ example: 'erp-connector' })
  name: string;

  @ApiProperty({ enum: SCOPES, isArray: true, example: ['read', 'write'] })
  scopes: Scope[];

  @ApiProperty({
    type: [String],
    nullable: true,
    example: null,
    description: 'the only shops it may act on; null: every shop',
  })
  shops: string[] | null;

  @ApiProperty({ enum: KEY_STATUSES, example: 'active' })
  status: KeyStatus;

  @ApiProperty({ format: 'date-time', example: '2026-12-01T10:00:00.000Z' })
  createdAt: string;

  @ApiProperty({
    type: String,
    nullable: true,
    example: 'admin',
    description: 'the name of the key that created it, `cli` or `first-start`',
  })
  createdBy: string | null;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    example: '2030-12-31T23:59:59.000Z',
  })
  expiresAt: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: null })
  revokedAt: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    format: 'date-time',
    example: '2026-12-01T10:05:00.000Z',
    description: 'recorded at most once a minute per gateway',
  })
  lastUsedAt: string | null;
}

export class CreatedApiKeyDto extends ApiKeyDto {
  @ApiProperty({
    example: 'sk_3f9a1c2b7d4e5f60_<43 characters>',
    description: 'the key: shown in this answer only, never again',
  })
  key: string;
}

export class ApiKeyPageDto {
  @ApiProperty({ type: [ApiKeyDto] })
  items: ApiKeyDto[];

  @ApiProperty({ example: 1 })
  total: number;
}

export function keyStatus(row: ApiKeyEntity, now: Date): KeyStatus {
  if (row.revokedAt) return 'revoked';
  return row.expiresAt && row.expiresAt <= now ? 'expired' : 'active';
}

export function keyScopes(row: Pick<ApiKeyEntity, 'scopes'>): Scope[] {
  return row.scopes.split(',') as Scope[];
}

export function keyShops(row: Pick<ApiKeyEntity, 'shops'>): string[] | null {
  return row.shops ? (JSON.parse(row.shops) as string[]) : null;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toApiKeyDto(row: ApiKeyEntity, now: Date): ApiKeyDto {
  return {
    id: row.id,
    name: row.name,
    scopes: keyScopes(row),
    shops: keyShops(row),
    status: keyStatus(row, now),
    createdAt: row.createdAt.toISOString(),
    createdBy: row.createdBy,
    expiresAt: iso(row.expiresAt),
    revokedAt: iso(row.revokedAt),
    lastUsedAt: iso(row.lastUsedAt),
  };
}
