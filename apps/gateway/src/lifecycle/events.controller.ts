import { Controller, MessageEvent, Req, Sse } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../common/api-errors';
import { Observable } from 'rxjs';
import { ShopsRepository } from '@shopsync/shared';
import type { AuthedRequest } from '../auth/auth.guard';
import { ShopAccess } from '../auth/shop-access';
import { JobEventsService } from './job-events.service';
import { StreamSlots } from './stream-slots';

// Live job status for the page and for operators: every lifecycle event this gateway sees, as
// server-sent events. A key limited to some shops sees only theirs.
@ApiTags('jobs')
@Controller('v1/events')
export class EventsController {
  constructor(
    private readonly events: JobEventsService,
    private readonly shops: ShopsRepository,
    private readonly slots: StreamSlots,
  ) {}

  @Sse()
  @ShopAccess.filtered()
  @ApiOkResponse({
    description:
      'server-sent events: `event: job` with a lifecycle event (jobId, status, at, …) as data, `event: ping` every 15 s',
    content: { 'text/event-stream': { schema: { type: 'string' } } },
  })
  @ApiErrors(401, 403, [
    429,
    'SSE_MAX_STREAMS_PER_KEY streams of this key are open (`TOO_MANY_STREAMS`), or the rate limit',
  ])
  @ApiOperation({
    summary: 'Job lifecycle events as a text/event-stream',
    description: '429 beyond SSE_MAX_STREAMS_PER_KEY open streams of one API key.',
  })
  stream(@Req() req: AuthedRequest): Observable<MessageEvent> {
    // Taken before the stream starts, so a refusal is a plain 429; freed when the client goes.
    const release = this.slots.acquire(req.principal?.name ?? `ip:${req.ip}`);
    // The socket, not the request: a request emits 'close' once it has been read, which may
    // come long before the client goes (that freed slots of open streams, now and then).
    (req.socket ?? req).once('close', release);
    const allowed = req.principal?.shops ?? null;
    return new Observable<MessageEvent>((subscriber) => {
      let shopIds: Set<string> | null = null;
      const ready = allowed
        ? Promise.all(allowed.map((code) => this.shops.findByCode(code))).then((list) => {
            shopIds = new Set(list.filter((s) => s !== null).map((s) => s!.id));
          })
        : Promise.resolve();
      const off = this.events.onAny((event, shopId) => {
        void ready.then(() => {
          if (shopIds && (!shopId || !shopIds.has(shopId))) return;
          subscriber.next({ type: 'job', data: event });
        });
      });
      const ping = setInterval(() => subscriber.next({ type: 'ping', data: {} }), 15000);
      return () => {
        release();
        off();
        clearInterval(ping);
      };
    });
  }
}
