import { Controller, Get, Header, NotFoundException, Param, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '../auth/auth.decorators';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  isTerminal,
  JOB_TRIGGERS,
  JOB_VIEW_STATUSES,
  TASKS,
  TERMINAL_STATUSES,
} from '@shopsync/shared';

const ASSETS: Record<string, string> = {
  'app.js': 'text/javascript; charset=utf-8',
  'config.js': 'text/javascript; charset=utf-8',
  'style.css': 'text/css; charset=utf-8',
};

// What the page needs from the platform, so it keeps no copy of it: the task list is TASKS, the
// job statuses are JOB_VIEW_STATUSES (unfinished ones first, as the filter lists them), the
// triggers JOB_TRIGGERS.
export const PAGE_CONFIG = {
  tasks: TASKS,
  triggers: JOB_TRIGGERS,
  statuses: [...JOB_VIEW_STATUSES.filter((s) => !isTerminal(s)), ...TERMINAL_STATUSES],
  terminalStatuses: TERMINAL_STATUSES,
};
export const PAGE_CONFIG_JS = `window.SHOPSYNC_PAGE = ${JSON.stringify(PAGE_CONFIG)};\n`;

// The job queue page: static HTML, CSS and plain JavaScript that talk to the /v1 API with the
// operator's key (kept in session storage). Copied next to the compiled code at build time.
@ApiExcludeController()
@Public()
@Controller()
export class DashboardController {
  private readonly dir = join(__dirname, 'public');
  private readonly cache = new Map<string, string>();

  private read(file: string): string {
    let text = this.cache.get(file);
    if (text === undefined) {
      text = readFileSync(join(this.dir, file), 'utf8');
      this.cache.set(file, text);
    }
    return text;
  }

  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-cache')
  index(): string {
    return this.read('index.html');
  }

  @Get('ui/:file')
  asset(@Param('file') file: string, @Res({ passthrough: true }) res: Response): string {
    if (!ASSETS[file]) throw new NotFoundException(`no asset ${file}`);
    res.type(ASSETS[file]);
    return file === 'config.js' ? PAGE_CONFIG_JS : this.read(file);
  }
}
