import { IsInt, Max, Min } from 'class-validator';
import { TASKS } from '../domain/tasks';

// How long one attempt of a job may run, in seconds, whatever asks for it (a request's own
// `timeoutSeconds` is bounded the same way).
export const TIMEOUT_BOUNDS = { minSeconds: 1, maxSeconds: 86_400 } as const;

const message = `must be a whole number of seconds from ${TIMEOUT_BOUNDS.minSeconds} to ${TIMEOUT_BOUNDS.maxSeconds}`;
const Seconds = (): PropertyDecorator => (target, key) => {
  IsInt({ message })(target, key);
  Min(TIMEOUT_BOUNDS.minSeconds, { message })(target, key);
  Max(TIMEOUT_BOUNDS.maxSeconds, { message })(target, key);
};

// settings.timeouts: per task, how long one attempt may run before it is stopped (between
// batches, as a cancel is) and fails TIMEOUT, which is retried like any transient failure. The
// defaults leave a full catalog or customer sync two hours and the incremental tasks one; a
// request's `timeoutSeconds` overrides its task's value.
export class TimeoutSettingsV1 {
  static readonly unknownKey = `is not a task (${TASKS.join(', ')})`;

  @Seconds()
  products = 7200;

  @Seconds()
  inventory = 3600;

  @Seconds()
  images = 7200;

  @Seconds()
  customers = 7200;

  @Seconds()
  orders = 3600;

  @Seconds()
  'sales-orders' = 3600;

  @Seconds()
  shipments = 3600;

  @Seconds()
  payments = 3600;
}
