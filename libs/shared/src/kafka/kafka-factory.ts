import { Kafka, logLevel, LogEntry } from 'kafkajs';
import { Logger } from '@nestjs/common';
import type { KafkaSettings } from '../config/common-env';
import { quietKafkajsNegativeTimeouts } from './kafkajs-warnings';

const NOISE = ['Limiting retries for the idempotent producer', 'switched default partitioner'];

// kafkajs logs through Nest's logger (pino underneath), as structured objects.
function logCreator(scope: string) {
  const logger = new Logger(scope);
  return () =>
    ({ level, log }: LogEntry) => {
      const { message, ...extra } = log;
      const entry = { ...extra, msg: message };
      // Known, harmless notices: our retries are bounded on purpose (the outbox retries).
      if (NOISE.some((n) => message.includes(n))) logger.debug?.(entry);
      else if (level === logLevel.ERROR) logger.error(entry);
      else if (level === logLevel.WARN) logger.warn(entry);
      else logger.debug?.(entry);
    };
}

export function createKafka(settings: KafkaSettings): Kafka {
  quietKafkajsNegativeTimeouts();
  return new Kafka({
    clientId: settings.clientId,
    brokers: settings.brokers,
    logLevel: logLevel.WARN,
    logCreator: logCreator('kafkajs'),
    connectionTimeout: 3000,
    retry: { initialRetryTime: 300, retries: 8, maxRetryTime: 10000 },
  });
}
