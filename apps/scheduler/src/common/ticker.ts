// The scheduler's loops tick on the shared Ticker (the worker's housekeeping uses it too).
export { Ticker } from '@shopsync/shared';
