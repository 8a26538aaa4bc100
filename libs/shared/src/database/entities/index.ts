import { JobLogEntity } from './job-log.entity';
import { JobEntity } from './job.entity';
import { LeaseEntity } from './lease.entity';
import { OutboxEntity } from './outbox.entity';
import { ShopEntity } from './shop.entity';

export { JobEntity, JobLogEntity, LeaseEntity, OutboxEntity, ShopEntity };
export const ENTITIES = [ShopEntity, JobEntity, JobLogEntity, OutboxEntity, LeaseEntity];
