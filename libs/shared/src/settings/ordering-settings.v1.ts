import { IsIn } from 'class-validator';
import { ORDERINGS, type Ordering, TASKS } from '../domain/tasks';

const ORDERING = { message: `must be one of ${ORDERINGS.join(', ')}` };

// settings.ordering: per task, how its jobs hold their shop+category key under retries (see
// ORDERINGS). Strict where a later job depends on an earlier one having happened: an `orders`
// import must record an order (and its refunds, cancellations) before the next import reads on
// from its cursor and before `sales-orders` turns it into a document; a `sales-orders` run must
// not make a document of a change whose predecessor failed. The catalog tasks, customers,
// shipments and payments each send the current state, so a later run overtaking a retry does no
// harm and is cheaper.
export class OrderingSettingsV1 {
  static readonly unknownKey = `is not a task (${TASKS.join(', ')})`;

  @IsIn(ORDERINGS, ORDERING)
  products: Ordering = 'lenient';

  @IsIn(ORDERINGS, ORDERING)
  inventory: Ordering = 'lenient';

  @IsIn(ORDERINGS, ORDERING)
  images: Ordering = 'lenient';

  @IsIn(ORDERINGS, ORDERING)
  customers: Ordering = 'lenient';

  @IsIn(ORDERINGS, ORDERING)
  orders: Ordering = 'strict';

  @IsIn(ORDERINGS, ORDERING)
  'sales-orders': Ordering = 'strict';

  @IsIn(ORDERINGS, ORDERING)
  shipments: Ordering = 'lenient';

  @IsIn(ORDERINGS, ORDERING)
  payments: Ordering = 'lenient';
}
