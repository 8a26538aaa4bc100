import { Initial1764300000000 } from './1764300000000-initial';

// Applied in this order on PostgreSQL and SQLite alike.
export const MIGRATIONS = [Initial1764300000000];
