import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { JOB_VIEW_STATUSES, TASKS, TERMINAL_STATUSES } from '@shopsync/shared';
import { DashboardController, PAGE_CONFIG_JS } from './dashboard.controller';

const PUBLIC = join(__dirname, 'public');

describe('the job queue page', () => {
  it('is served the task list of TASKS, before its script runs', () => {
    const res = { type: jest.fn() };
    const served = new DashboardController().asset('config.js', res as never);
    expect(served).toBe(PAGE_CONFIG_JS);
    expect(res.type).toHaveBeenCalledWith('text/javascript; charset=utf-8');
    const window: { SHOPSYNC_PAGE?: { tasks: string[] } } = {};
    runInNewContext(served, { window });
    expect(window.SHOPSYNC_PAGE?.tasks).toEqual([...TASKS]);
    const html = readFileSync(join(PUBLIC, 'index.html'), 'utf8');
    expect(html.indexOf('/ui/config.js')).toBeGreaterThan(0);
    expect(html.indexOf('/ui/config.js')).toBeLessThan(html.indexOf('/ui/app.js'));
  });

  it('is served the job statuses of JOB_VIEW_STATUSES (with waiting), unfinished ones first', () => {
    const window: { SHOPSYNC_PAGE?: { statuses: string[]; terminalStatuses: string[] } } = {};
    runInNewContext(PAGE_CONFIG_JS, { window });
    const page = window.SHOPSYNC_PAGE!;
    expect([...page.statuses].sort()).toEqual([...JOB_VIEW_STATUSES].sort());
    expect(page.statuses).toEqual([
      'queued',
      'running',
      'retry-scheduled',
      'delayed',
      'waiting',
      'succeeded',
      'failed',
      'cancelled',
      'skipped',
      'expired',
    ]);
    expect(page.terminalStatuses).toEqual([...TERMINAL_STATUSES]);
  });

  it('keeps no status list of its own', () => {
    const app = readFileSync(join(PUBLIC, 'app.js'), 'utf8');
    expect(app).toContain('window.SHOPSYNC_PAGE.statuses');
    expect(app).toContain('window.SHOPSYNC_PAGE.terminalStatuses');
    for (const status of ['queued', 'retry-scheduled', 'skipped'])
      expect(app).not.toMatch(new RegExp(`['"\`]${status}['"\`]`));
  });

  it('keeps no task list of its own', () => {
    const app = readFileSync(join(PUBLIC, 'app.js'), 'utf8');
    expect(app).toContain('window.SHOPSYNC_PAGE.tasks');
    for (const task of TASKS) expect(app).not.toMatch(new RegExp(`['"\`]${task}['"\`]`));
  });
});
