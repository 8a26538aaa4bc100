import {
  DynamicModule,
  Injectable,
  Module,
  OnApplicationShutdown,
  OnModuleInit,
} from '@nestjs/common';
import type { KafkaSettings } from '../config/common-env';
import { createKafka } from './kafka-factory';
import { KafkaProducer } from './kafka-producer.service';

export const KAFKA = Symbol('KAFKA');
export const KAFKA_SETTINGS = Symbol('KAFKA_SETTINGS');
const BOOT_WAIT_ON_SHUTDOWN_MS = 5000;

@Injectable()
class KafkaLifecycle implements OnModuleInit, OnApplicationShutdown {
  private boot: Promise<void> = Promise.resolve();

  constructor(private readonly producer: KafkaProducer) {}

  // Tried at boot, in the background: a broker that is down or unreachable must neither stop
  // nor hold up the app's start (the gateway listens and accepts requests into the outbox, its
  // readiness says Kafka is down); the producer tries again on first use.
  onModuleInit(): void {
    this.boot = this.producer.ensureTopics().catch(() => undefined);
  }

  // A shutdown soon after the start lets that attempt end first (its admin client is still
  // talking to the broker), for at most a few seconds when the broker does not answer.
  async onApplicationShutdown(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      this.boot,
      new Promise<void>((resolve) => (timer = setTimeout(resolve, BOOT_WAIT_ON_SHUTDOWN_MS))),
    ]);
    clearTimeout(timer);
    await this.producer.close();
  }
}

@Module({})
export class KafkaModule {
  static forRoot(settings: KafkaSettings): DynamicModule {
    const kafka = createKafka(settings);
    return {
      module: KafkaModule,
      global: true,
      providers: [
        { provide: KAFKA, useValue: kafka },
        { provide: KAFKA_SETTINGS, useValue: settings },
        { provide: KafkaProducer, useFactory: () => new KafkaProducer(kafka, settings) },
        KafkaLifecycle,
      ],
      exports: [KAFKA, KAFKA_SETTINGS, KafkaProducer],
    };
  }
}
