import { Parser } from '@asyncapi/parser';
import { TOPICS } from '@shopsync/shared';
import { asyncApiDocument } from './asyncapi';

// The served document parses with the AsyncAPI project's own parser (which validates it against
// the AsyncAPI 3.0 schema and resolves every $ref), and describes every topic.
describe('the AsyncAPI document', () => {
  it('parses without errors and has a channel with messages for every topic', async () => {
    const { document, diagnostics } = await new Parser().parse(JSON.stringify(asyncApiDocument()));
    const errors = diagnostics.filter((d) => d.severity === 0);
    expect(errors.map((e) => `${e.path.join('.')}: ${e.message}`)).toEqual([]);
    expect(document).toBeDefined();
    expect(document!.version()).toBe('3.0.0');
    const addresses = document!
      .channels()
      .all()
      .map((c) => c.address());
    expect(addresses.sort()).toEqual(Object.values(TOPICS).sort());
    for (const channel of document!.channels().all())
      expect(channel.messages().all().length).toBeGreaterThan(0);
  });

  it('names the CloudEvents type, the payload schema and the traceparent header of each message', async () => {
    const { document } = await new Parser().parse(JSON.stringify(asyncApiDocument()));
    const lifecycle = document!
      .channels()
      .all()
      .find((c) => c.address() === TOPICS.syncLifecycle)!
      .messages()
      .all()[0];
    expect(lifecycle.name()).toBe('dev.shopsync.job.lifecycle.v1');
    expect(lifecycle.headers()!.properties()).toHaveProperty('traceparent');
    interface Schema {
      required?: string[];
      properties?: Record<string, Schema>;
    }
    const payload = lifecycle.payload()!.json() as { allOf: Schema[] };
    expect(payload.allOf[0].required).toEqual(
      expect.arrayContaining(['specversion', 'id', 'source', 'type', 'time', 'data']),
    );
    expect(payload.allOf[1].properties!.data.required).toEqual(['jobId', 'status', 'at']);
    const outbound = document!
      .channels()
      .all()
      .find((c) => c.address() === TOPICS.erpOutbound)!
      .messages()
      .all()
      .map((m) => m.name());
    expect(outbound).toContain('dev.shopsync.erp.sales-order.v1');
    expect(outbound).toHaveLength(7);
  });
});
