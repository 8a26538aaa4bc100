// First import of main.ts: http, express and pg are instrumented only if loaded after this.
import 'reflect-metadata';
import { startTracing } from '@shopsync/shared';

startTracing('shopsync-sync-worker', process.env);
