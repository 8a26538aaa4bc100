import { resolve } from 'node:path';
import { isTask, Task, TASKS } from '@shopsync/shared';
import type { HandlerModule, TaskHandler } from './task-handler';

type Run = TaskHandler['run'];

// What WORKER_HANDLER_MODULE may export: `handlers` per task, and/or `everyTask`, one handler
// for every task of TASKS (the test and benchmark modules: their task list cannot fall behind).
export type HandlerModuleExports = Partial<HandlerModule> & { everyTask?: Run };

// The handlers a module replaces, checked: a name that is not a task, or a value that is not a
// function, stops the worker at boot.
export function loadHandlerModule(file: string): { path: string; handlers: Map<Task, Run> } {
  const path = resolve(file);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(path) as HandlerModuleExports;
  const handlers = new Map<Task, Run>();
  if (mod.everyTask !== undefined) {
    if (typeof mod.everyTask !== 'function')
      throw new Error(`handler module ${path}: 'everyTask' is not a task handler`);
    for (const task of TASKS) handlers.set(task, mod.everyTask);
  }
  for (const [task, run] of Object.entries(mod.handlers ?? {})) {
    if (!isTask(task) || typeof run !== 'function')
      throw new Error(`handler module ${path}: '${task}' is not a task handler`);
    handlers.set(task, run);
  }
  return { path, handlers };
}
