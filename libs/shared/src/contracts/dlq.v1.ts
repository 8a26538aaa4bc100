// Value of shopsync.dlq.v1: the refused message, untouched, and why it was refused.
export interface DeadLetterV1 {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: string | null;
  reason: string;
  code: string;
  consumer: string;
  at: string;
}
