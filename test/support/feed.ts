import type { Stack } from './stack';

// Every item of an ERP feed (GET /v1/erp/...), paged with `after=<next>` until a page is empty;
// each page must answer 200.
export async function readFeed<T>(stack: Stack, path: string, limit = 500): Promise<T[]> {
  const all: T[] = [];
  let after: string | null = null;
  for (;;) {
    const sep = path.includes('?') ? '&' : '?';
    const res: { status: number; body: { items: T[]; next: string | null } } = await stack.api(
      'GET',
      `${path}${sep}limit=${limit}${after ? `&after=${after}` : ''}`,
    );
    expect(res.status).toBe(200);
    if (!res.body.items.length) return all;
    all.push(...res.body.items);
    after = res.body.next;
  }
}
