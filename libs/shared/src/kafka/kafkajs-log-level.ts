import { logLevel } from 'kafkajs';

export type LogSeverity = 'debug' | 'info' | 'warn' | 'error';

// Known, harmless notices: our retries are bounded on purpose (the outbox retries).
const NOISE = [/Limiting retries for the idempotent producer/, /switched default partitioner/];

// What a broker answers while topics are being created, leaders elected or a group formed, and
// the "already exists" of two apps creating the same topics: kafkajs logs each answer as an
// error, then retries it (or hands it to our code, which decides). Routine at every boot.
export const TRANSIENT_KAFKA_ERRORS = [
  /leader/i,
  /coordinator/i,
  /rebalanc/i,
  /Topic creation errors/,
  /already exists/i,
  /UNKNOWN_TOPIC_OR_PARTITION|does not host this topic-partition/i,
  /not aware of this member/i,
  /member id|MEMBER_ID_REQUIRED/i,
];

const CONNECTION =
  /Connection error|Failed to connect|ECONNREFUSED|ETIMEDOUT|ENOTFOUND|Connection timeout/i;

// The level a kafkajs log line deserves in our logs: transient conditions it retries by itself
// are debug (per request) or info (the consumer re-joins); failures that leave a client down
// stay errors; warnings stay warnings.
export function kafkajsSeverity(level: logLevel, message: string, error?: unknown): LogSeverity {
  const text = `${message} ${typeof error === 'string' ? error : ''}`;
  if (NOISE.some((n) => n.test(text))) return 'debug';
  if (level === logLevel.ERROR || level === logLevel.NOTHING) {
    if (/not aware of this member|re-joining the group/i.test(text)) return 'info';
    // It restarts a consumer that crashed (the crash itself is logged by our consumer, at the
    // level its cause deserves): the consumer comes back by itself.
    if (/^Restarting the consumer/.test(message)) return 'warn';
    // A single request's error answer: kafkajs retries it or throws it to our code.
    if (/^Response /.test(message))
      return TRANSIENT_KAFKA_ERRORS.some((t) => t.test(text)) ? 'debug' : 'warn';
    if (TRANSIENT_KAFKA_ERRORS.some((t) => t.test(text))) return 'info';
    // A broker it cannot reach yet: retried, and our own code warns while it lasts.
    if (CONNECTION.test(text)) return 'warn';
    return 'error';
  }
  if (level === logLevel.WARN) return 'warn';
  if (level === logLevel.INFO) return 'info';
  return 'debug';
}
