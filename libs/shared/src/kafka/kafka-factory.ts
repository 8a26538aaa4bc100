import { Kafka, logLevel, LogEntry } from 'kafkajs';
import { Logger } from '@nestjs/common';
import type { KafkaSettings } from '../config/common-env';
import { kafkajsSeverity } from './kafkajs-log-level';
import { quietKafkajsNegativeTimeouts } from './kafkajs-warnings';

// kafkajs logs through Nest's logger (pino underneath), as structured objects.
function logCreator(scope: string) {
  const logger = new Logger(scope);
  return () =>
    ({ level, log }: LogEntry) => {
      const { message, ...extra } = log;
      const entry = { ...extra, msg: message };
      const severity = kafkajsSeverity(level, message, extra.error);
      if (severity === 'info') logger.log(entry);
      else if (severity === 'debug') logger.debug?.(entry);
      else logger[severity](entry);
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
