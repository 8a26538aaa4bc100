import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import type { ModuleRef } from '@nestjs/core';
import { TASKS } from '@shopsync/shared';
import type { WorkerConfig } from '../config/worker-env';
import { loadHandlerModule } from './handler-module';
import { TASK_PLUGINS, TASK_PROVIDERS, TaskRegistry } from './task-registry';

const ROOT = join(__dirname, '..', '..', '../..');
const MODULES = {
  recording: join(ROOT, 'test', 'support', 'handlers', 'recording-handlers.js'),
  noop: join(ROOT, 'bench', 'noop-handlers.js'),
};

// The handlers' constructors only keep their dependencies, so a bare instance tells its task.
const moduleRef = { get: (cls: new () => unknown) => new cls() } as unknown as ModuleRef;
const registry = (handlerModule?: string) => {
  const r = new TaskRegistry({ handlerModule } as WorkerConfig, moduleRef);
  r.onModuleInit();
  return r;
};

describe('task plug-ins', () => {
  beforeAll(() => jest.spyOn(Logger.prototype, 'warn').mockImplementation());

  it('has exactly one plug-in per task of TASKS, and the worker provides its handler', () => {
    expect(Object.keys(TASK_PLUGINS).sort()).toEqual([...TASKS].sort());
    for (const task of TASKS) expect(TASK_PROVIDERS).toContain(TASK_PLUGINS[task].handler);
  });

  it('registers a handler for every task of TASKS, each handling its own task', () => {
    const r = registry();
    for (const task of TASKS) {
      expect(r.get(task)).toBeInstanceOf(TASK_PLUGINS[task].handler);
      expect(r.get(task).task).toBe(task);
    }
  });

  it.each(Object.entries(MODULES))(
    'the %s handler module covers every task of TASKS',
    async (_name, file) => {
      expect([...loadHandlerModule(file).handlers.keys()]).toEqual([...TASKS]);
      const r = registry(file);
      for (const task of TASKS) {
        expect(r.get(task)).not.toBeInstanceOf(TASK_PLUGINS[task].handler);
        expect(r.get(task).task).toBe(task);
      }
    },
  );

  it('stops at boot on a handler module entry that is not a task handler', () => {
    const bad = join(__dirname, '__bad-handler-module.js');
    jest.doMock(bad, () => ({ handlers: { refunds: async () => ({}) } }), { virtual: true });
    expect(() => loadHandlerModule(bad)).toThrow(
      'handler module ' + bad + ": 'refunds' is not a task handler",
    );
  });
});
