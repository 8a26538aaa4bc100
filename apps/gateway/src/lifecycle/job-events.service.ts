import { Injectable } from '@nestjs/common';
import { EventEmitter } from 'node:events';
import { SyncLifecycleV1 } from '@shopsync/shared';

// Lifecycle events seen by this gateway instance, fanned out to foreground waits and streams.
@Injectable()
export class JobEventsService {
  private readonly emitter = new EventEmitter();

  constructor() {
    this.emitter.setMaxListeners(0);
  }

  // The shop comes from the message key (`<shopId>/<category>`) when there is one.
  publish(event: SyncLifecycleV1, shopId?: string): void {
    this.emitter.emit(`job:${event.jobId}`, event);
    this.emitter.emit('any', event, shopId);
  }

  // Whether anyone on this instance waits for a job or streams events at all.
  get idle(): boolean {
    return this.emitter.eventNames().length === 0;
  }

  // Whether anyone on this instance would see the event: a stream of all events, or a wait for
  // this job. Most events have no one (every instance reads every event).
  wants(jobId: unknown): boolean {
    if (this.emitter.listenerCount('any') > 0) return true;
    return typeof jobId === 'string' && this.emitter.listenerCount(`job:${jobId}`) > 0;
  }

  onJob(jobId: string, listener: (e: SyncLifecycleV1) => void): () => void {
    this.emitter.on(`job:${jobId}`, listener);
    return () => this.emitter.off(`job:${jobId}`, listener);
  }

  onAny(listener: (e: SyncLifecycleV1, shopId?: string) => void): () => void {
    this.emitter.on('any', listener);
    return () => this.emitter.off('any', listener);
  }
}
