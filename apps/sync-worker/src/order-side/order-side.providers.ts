import { Provider } from '@nestjs/common';
import { CustomerStore } from './customer-store';

// What several order-side tasks (orders, sales-orders, customers, payments) share; what one task
// alone needs is in its line of TASK_PLUGINS.
export const ORDER_SIDE_PROVIDERS: Provider[] = [CustomerStore];
