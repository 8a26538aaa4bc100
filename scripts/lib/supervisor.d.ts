import type { EventEmitter } from 'node:events';

export interface SupervisedChild extends EventEmitter {
  exitCode: number | null;
  signalCode: NodeJS.Signals | null;
  kill(signal?: NodeJS.Signals): boolean;
}

export function kafkaTarget(env: NodeJS.ProcessEnv): { brokers: string; ownBroker: boolean };
export function appEnv(
  base: NodeJS.ProcessEnv,
  stack: { home: string; brokers: string },
  own?: Record<string, string>,
): Record<string, string | undefined>;

export interface RestartPolicyOptions {
  initialMs?: number;
  maxMs?: number;
  stableMs?: number;
  maxFastCrashes?: number;
}
export class RestartPolicy {
  constructor(options?: RestartPolicyOptions);
  readonly initialMs: number;
  readonly maxMs: number;
  readonly stableMs: number;
  readonly maxFastCrashes: number;
  afterExit(
    uptimeMs: number,
  ): { giveUp: true; crashes: number } | { giveUp: false; crashes: number; delayMs: number };
}

export interface Supervised {
  readonly child: SupervisedChild | null;
  readonly restarts: number;
  stop(): Promise<void>;
}
export function supervise(options: {
  name: string;
  spawn: () => SupervisedChild;
  log: (line: string) => void;
  onGiveUp: (name: string) => void;
  policy?: RestartPolicy;
  now?: () => number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (timer: never) => void;
  killAfterMs?: number;
}): Supervised;
