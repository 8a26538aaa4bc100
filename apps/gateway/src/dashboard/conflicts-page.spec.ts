import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { PAGE_CONFIG_JS } from './dashboard.controller';

const PUBLIC = join(__dirname, 'public');

// Just enough of a DOM to run the page's script outside a browser: elements that hold children,
// attributes, listeners and text. Markup is never parsed, so text can only reach the page as text.
class FakeNode {
  children: FakeNode[] = [];
  parent: FakeNode | null = null;
  constructor(readonly text = '') {}
  get textContent(): string {
    return this.text + this.children.map((c) => c.textContent).join('');
  }
}

class FakeElement extends FakeNode {
  attrs: Record<string, string> = {};
  listeners: Record<string, Array<(e: unknown) => unknown>> = {};
  hidden = false;
  value = '';
  className = '';
  disabled = false;
  dataset: Record<string, string> = {};
  classList = { toggle: () => undefined };
  private ownText = '';
  constructor(
    readonly tag: string,
    public id = '',
  ) {
    super();
  }
  override get textContent(): string {
    return this.ownText + this.children.map((c) => c.textContent).join('');
  }
  override set textContent(value: string) {
    this.ownText = value;
    this.children = [];
  }
  get firstElementChild(): FakeNode | undefined {
    return this.children[0];
  }
  setAttribute(name: string, value: string): void {
    this.attrs[name] = String(value);
  }
  getAttribute(name: string): string | undefined {
    return this.attrs[name];
  }
  removeAttribute(name: string): void {
    delete this.attrs[name];
  }
  addEventListener(type: string, fn: (e: unknown) => unknown): void {
    (this.listeners[type] ??= []).push(fn);
  }
  fire(type: string): void {
    for (const fn of this.listeners[type] ?? []) void fn({ preventDefault: () => undefined });
  }
  append(...nodes: FakeNode[]): void {
    for (const n of nodes) n.parent = this;
    this.children.push(...nodes);
  }
  replaceChildren(...nodes: FakeNode[]): void {
    this.children = [];
    this.append(...nodes);
  }
  querySelectorAll(): FakeElement[] {
    return [];
  }
  // Every element below this one, depth first.
  all(): FakeElement[] {
    return this.children
      .filter((c): c is FakeElement => c instanceof FakeElement)
      .flatMap((c) => [c, ...c.all()]);
  }
}

interface Call {
  method: string;
  path: string;
}

// The page against a fake API: `/v1/shops` answers the shops, the conflict list answers
// `conflicts(shop)` of the moment, the acknowledge route drops the document from it.
function openPage(
  shops: Array<{ id: string; code: string }>,
  open: Record<string, Array<Record<string, unknown>>>,
) {
  const html = readFileSync(join(PUBLIC, 'index.html'), 'utf8');
  const byId = new Map<string, FakeElement>();
  const element = (sel: string) => {
    if (!byId.has(sel)) byId.set(sel, new FakeElement(sel, sel.replace(/^#/, '')));
    return byId.get(sel)!;
  };
  const views = [...html.matchAll(/<section id="(view-[a-z]+)" class="view"/g)].map((m) =>
    element(`#${m[1]}`),
  );
  const navButtons = [...html.matchAll(/<button data-view="([a-z]+)"/g)].map((m) => {
    const b = new FakeElement('button');
    b.dataset.view = m[1];
    return b;
  });
  const calls: Call[] = [];
  const json = (status: number, body: unknown) =>
    Promise.resolve({
      status,
      ok: status < 400,
      statusText: String(status),
      text: () => Promise.resolve(JSON.stringify(body)),
    });
  const fetch = (path: string, init: { method?: string } = {}) => {
    const method = init.method ?? 'GET';
    if (path === '/v1/events') return new Promise(() => undefined);
    calls.push({ method, path });
    const url = new URL(path, 'http://page');
    if (url.pathname === '/v1/shops') return json(200, { items: shops });
    if (url.pathname === '/v1/jobs')
      return json(200, { items: [], total: 0, limit: 50, offset: 0 });
    if (url.pathname === '/v1/job-stats')
      return json(200, { since: '', until: '', bucketSeconds: 3600, counts: {}, buckets: [] });
    if (url.pathname === '/v1/erp/sales-orders') {
      expect(url.searchParams.get('conflict')).toBe('true');
      return json(200, { items: open[url.searchParams.get('shop')!] ?? [], next: null });
    }
    const ack = /^\/v1\/erp\/sales-orders\/([^/]+)\/conflict\/acknowledge$/.exec(url.pathname);
    if (ack && method === 'POST') {
      for (const code of Object.keys(open))
        open[code] = open[code].filter((o) => o.id !== decodeURIComponent(ack[1]));
      return json(200, {});
    }
    return json(404, { message: `no route ${method} ${path}` });
  };
  const document = {
    querySelector: element,
    querySelectorAll: (sel: string) =>
      sel === '.view' ? views : sel === 'nav button[data-view]' ? navButtons : [],
    createElement: (tag: string) => new FakeElement(tag),
    createTextNode: (text: string) => new FakeNode(text),
  };
  const sessionStorage = { getItem: () => 'sk_test', setItem: () => {}, removeItem: () => {} };
  const window: Record<string, unknown> = {};
  const context = {
    window,
    document,
    sessionStorage,
    fetch,
    Node: FakeNode,
    URLSearchParams,
    // The page's own timers (the toast) must not hold the test run open.
    setTimeout: (fn: () => void, ms: number) => setTimeout(fn, ms).unref(),
    clearTimeout,
    AbortController,
    Promise,
    Date,
  };
  runInNewContext(PAGE_CONFIG_JS, context);
  runInNewContext(readFileSync(join(PUBLIC, 'app.js'), 'utf8'), context);
  const settle = () => new Promise((r) => setTimeout(r, 20));
  const show = async (view: string) => {
    navButtons.find((b) => b.dataset.view === view)!.fire('click');
    await settle();
  };
  return { element, views, calls, settle, show };
}

const conflicted = (id: string, shopId: string, orderName: string) => ({
  id,
  shopId,
  orderName,
  number: `N-${id}`,
  conflict: {
    detectedAt: '2026-11-30T10:00:00.000Z',
    shopifyUpdatedAt: '2026-11-30T09:59:00.000Z',
    changes: [
      { field: 'lines[gid://shopify/LineItem/5].quantity', before: 2, after: 1 },
      { field: 'lines[gid://shopify/LineItem/9]', before: null, after: 'SKU-9 × 1' },
    ],
    acknowledgedAt: null,
  },
});

describe('the Conflicts section of the page', () => {
  const shops = [
    { id: 'shop-a', code: 'eu-store' },
    { id: 'shop-b', code: 'us-store' },
  ];
  const hostile = '<img src=x onerror="alert(1)">#1002';

  it('lists every shop’s open conflicts with what changed, as text', async () => {
    const page = openPage(shops, {
      'eu-store': [conflicted('o1', 'shop-a', '#1001'), conflicted('o2', 'shop-a', hostile)],
      'us-store': [conflicted('o3', 'shop-b', '#2001')],
    });
    await page.settle();
    // The tab shows the count from the start.
    expect(page.element('#conflict-count').textContent).toBe('3');
    expect(page.element('#conflict-count').hidden).toBe(false);
    await page.show('conflicts');
    expect(page.views.filter((v) => !v.hidden).map((v) => v.id)).toEqual(['view-conflicts']);
    const asked = page.calls
      .filter((c) => c.path.startsWith('/v1/erp/sales-orders?'))
      .map((c) => new URL(c.path, 'http://page').searchParams.get('shop'));
    expect(new Set(asked)).toEqual(new Set(['eu-store', 'us-store']));
    const rows = page.element('#conflicts tbody').children as FakeElement[];
    expect(rows.map((r) => r.getAttribute('data-conflict'))).toEqual(['o1', 'o2', 'o3']);
    const cells = (rows[1].children as FakeElement[]).map((c) => c.textContent);
    expect(cells[0]).toBe(`${hostile} N-o2`);
    expect(cells[1]).toBe('eu-store');
    expect(cells[3]).toBe(
      'lines[gid://shopify/LineItem/5].quantity: 2 → 1' +
        'lines[gid://shopify/LineItem/9]: — → SKU-9 × 1',
    );
    expect(cells[4]).toBe('Acknowledge');
    // The hostile name is a text node: no element was made from it.
    expect(rows[1].all().map((e) => e.tag)).toEqual([
      'td',
      'span',
      'td',
      'td',
      'td',
      'ul',
      'li',
      'li',
      'td',
      'button',
    ]);
    expect((rows[2].children as FakeElement[])[1].textContent).toBe('us-store');
    expect(page.element('#conflicts-empty').hidden).toBe(true);
  });

  it('acknowledges with the button and lists what is left', async () => {
    const page = openPage(shops, {
      'eu-store': [conflicted('o1', 'shop-a', '#1001'), conflicted('o2', 'shop-a', '#1002')],
      'us-store': [],
    });
    await page.settle();
    await page.show('conflicts');
    const rows = () => page.element('#conflicts tbody').children as FakeElement[];
    const button = rows()[0]
      .all()
      .find((e) => e.tag === 'button')!;
    button.fire('click');
    await page.settle();
    expect(page.calls).toContainEqual({
      method: 'POST',
      path: '/v1/erp/sales-orders/o1/conflict/acknowledge',
    });
    expect(rows().map((r) => r.getAttribute('data-conflict'))).toEqual(['o2']);
    expect(page.element('#conflict-count').textContent).toBe('1');
    expect(page.element('#toast').textContent).toBe('#1001: acknowledged');
    rows()[0]
      .all()
      .find((e) => e.tag === 'button')!
      .fire('click');
    await page.settle();
    expect(rows()).toEqual([]);
    expect(page.element('#conflicts-empty').hidden).toBe(false);
    expect(page.element('#conflict-count').hidden).toBe(true);
  });

  it('never writes markup from data', () => {
    const app = readFileSync(join(PUBLIC, 'app.js'), 'utf8');
    for (const sink of ['innerHTML', 'outerHTML', 'insertAdjacentHTML', 'document.write'])
      expect(app).not.toContain(sink);
  });
});
