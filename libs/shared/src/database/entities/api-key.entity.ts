import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { DateTimeColumn } from '../columns';

// An API key managed through the API or the key CLI. The key itself is never stored: `keyHash`
// is its HMAC-SHA256 under the server's key secret. A revoked key keeps its row (who made it,
// when it was last used); the `id` is the public part of the key (`sk_<id>_<secret>`).
@Entity('api_keys')
@Index('ix_api_keys_created', ['createdAt'])
export class ApiKeyEntity {
  @PrimaryColumn({ type: 'varchar', length: 16 })
  id: string;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  // Comma-separated: read, write, admin.
  @Column({ type: 'varchar', length: 32 })
  scopes: string;

  // JSON array of shop codes; null: every shop.
  @Column({ type: 'text', nullable: true })
  shops: string | null;

  @Column({ type: 'varchar', length: 64 })
  keyHash: string;

  // The name of the key that created it, or `cli` / `first-start`.
  @Column({ type: 'varchar', length: 100, nullable: true })
  createdBy: string | null;

  @DateTimeColumn()
  createdAt: Date;

  @DateTimeColumn({ nullable: true })
  expiresAt: Date | null;

  @DateTimeColumn({ nullable: true })
  revokedAt: Date | null;

  @DateTimeColumn({ nullable: true })
  lastUsedAt: Date | null;
}
