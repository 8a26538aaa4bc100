// The job queue page: plain JavaScript against the /v1 API. The key lives in session storage.
(() => {
  'use strict';
  // Served by the gateway (/ui/config.js, from TASKS and JOB_STATUSES): the page keeps no task
  // or status list of its own.
  const TASKS = window.SHOPSYNC_PAGE.tasks;
  const STATUSES = window.SHOPSYNC_PAGE.statuses;
  const TERMINAL = window.SHOPSYNC_PAGE.terminalStatuses;
  const TRIGGERS = window.SHOPSYNC_PAGE.triggers;
  const $ = (sel) => document.querySelector(sel);
  const el = (tag, attrs = {}, ...children) => {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) {
      if (k === 'class') node.className = v;
      else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
      else if (v !== undefined && v !== null) node.setAttribute(k, v);
    }
    for (const c of children.flat())
      if (c !== null && c !== undefined)
        node.append(c instanceof Node ? c : document.createTextNode(String(c)));
    return node;
  };
  const state = {
    shops: [],
    shopById: new Map(),
    jobs: new Map(),
    order: [],
    selected: null,
    stream: null,
    offset: 0,
    total: 0,
    statusBoxes: [],
  };

  const key = () => sessionStorage.getItem('shopsync.key');
  async function api(method, path, body) {
    const res = await fetch(path, {
      method,
      headers: {
        authorization: `Bearer ${key()}`,
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    const data = text ? JSON.parse(text) : null;
    if (res.status === 401) {
      signOut('Your key was refused; sign in again.');
      throw new Error('unauthenticated');
    }
    if (!res.ok) {
      const detail =
        data && data.errors
          ? data.errors.map((e) => `${e.field}: ${e.message}`).join('\n')
          : (data && data.message) || res.statusText;
      const err = new Error(detail);
      err.status = res.status;
      throw err;
    }
    return data;
  }
  function toast(text) {
    const t = $('#toast');
    t.textContent = text;
    t.hidden = false;
    clearTimeout(toast.timer);
    toast.timer = setTimeout(() => (t.hidden = true), 3000);
  }
  const fmt = (iso) => (iso ? new Date(iso).toLocaleString() : '—');
  const shopCode = (id) => (state.shopById.get(id) || {}).code || id.slice(0, 8);

  // Dark mode: the system's choice until the toggle picks one (kept in local storage).
  const stored = (name) => {
    try {
      return localStorage.getItem(name);
    } catch {
      return null;
    }
  };
  function applyTheme(theme) {
    const dark =
      theme === 'dark' ||
      (!theme && !!window.matchMedia && window.matchMedia('(prefers-color-scheme: dark)').matches);
    if (document.documentElement) {
      if (theme) document.documentElement.setAttribute('data-theme', theme);
      else document.documentElement.removeAttribute('data-theme');
    }
    $('#theme').setAttribute('aria-pressed', String(dark));
    return dark;
  }
  applyTheme(stored('shopsync.theme'));
  $('#theme').addEventListener('click', () => {
    const theme = $('#theme').getAttribute('aria-pressed') === 'true' ? 'light' : 'dark';
    try {
      localStorage.setItem('shopsync.theme', theme);
    } catch {
      // a browser without storage keeps the choice for this page only
    }
    applyTheme(theme);
  });

  // Sign in / out
  $('#signin-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    sessionStorage.setItem('shopsync.key', $('#api-key').value.trim());
    try {
      await start();
    } catch (err) {
      $('#signin-error').textContent =
        err.message === 'unauthenticated' ? 'That key was refused.' : err.message;
    }
  });
  $('#signout').addEventListener('click', () => signOut());
  function signOut(message) {
    sessionStorage.removeItem('shopsync.key');
    if (state.stream) state.stream.abort();
    $('#nav').hidden = true;
    document.querySelectorAll('.view').forEach((v) => (v.hidden = true));
    $('#signin').hidden = false;
    $('#signin-error').textContent = message || '';
  }

  // Navigation
  document
    .querySelectorAll('nav button[data-view]')
    .forEach((b) => b.addEventListener('click', () => show(b.dataset.view)));
  function show(view) {
    document.querySelectorAll('nav button[data-view]').forEach((b) => {
      b.classList.toggle('active', b.dataset.view === view);
      if (b.dataset.view === view) b.setAttribute('aria-current', 'page');
      else b.removeAttribute('aria-current');
    });
    document.querySelectorAll('.view').forEach((v) => (v.hidden = v.id !== `view-${view}`));
    if (view === 'jobs') loadJobs();
    if (view === 'shops') renderShops();
    if (view === 'schedules') loadSchedules();
    if (view === 'conflicts') loadConflicts();
  }

  async function start() {
    await loadShops();
    $('#signin').hidden = true;
    $('#nav').hidden = false;
    fillSelect($('#f-task'), TASKS, true);
    fillSelect($('#f-trigger'), TRIGGERS, true);
    fillStatuses();
    fillSelect($('#s-task'), TASKS);
    show('jobs');
    listen();
    // The count on the tab, so open conflicts are seen without opening it.
    openConflicts()
      .then(countConflicts)
      .catch(() => undefined);
  }
  function fillSelect(select, values, keepFirst) {
    const first = keepFirst ? select.firstElementChild : null;
    select.replaceChildren(
      ...(first ? [first] : []),
      ...values.map((v) => el('option', { value: v.value || v }, v.label || v)),
    );
  }

  // Shops
  async function loadShops() {
    const { items } = await api('GET', '/v1/shops');
    state.shops = items;
    state.shopById = new Map(items.map((s) => [s.id, s]));
    const opts = items.map((s) => ({ value: s.code, label: s.code }));
    fillSelect($('#f-shop'), opts, true);
    fillSelect($('#s-shop'), opts);
  }
  function renderShops() {
    const box = $('#shops');
    box.replaceChildren(
      ...state.shops.map((shop) =>
        el(
          'div',
          { class: 'card shop', 'data-shop': shop.code },
          el(
            'div',
            {},
            el('h2', {}, shop.code, ' ', el('span', { class: 'muted' }, shop.domain)),
            el(
              'label',
              { class: 'inline' },
              el('span', {}, 'Allow background sync'),
              el('input', {
                type: 'checkbox',
                'data-testid': 'bg-toggle',
                ...(shop.allowBackgroundSync ? { checked: '' } : {}),
                onchange: async (e) => {
                  await api('PATCH', `/v1/shops/${shop.code}`, {
                    allowBackgroundSync: e.target.checked,
                  });
                  toast(`${shop.code}: background sync ${e.target.checked ? 'on' : 'off'}`);
                  await loadShops();
                },
              }),
            ),
            el(
              'div',
              { class: 'tasks' },
              TASKS.map((task) =>
                el(
                  'div',
                  { class: 'task' },
                  el('strong', {}, task),
                  el('input', {
                    value: shop.categoryMap[task] || 'default',
                    title: 'job queue category',
                    'data-category': task,
                  }),
                  el(
                    'button',
                    {
                      class: 'primary',
                      'data-sync': task,
                      onclick: () => syncNow(shop.code, task),
                    },
                    'Sync now',
                  ),
                ),
              ),
            ),
          ),
          el(
            'div',
            {},
            el(
              'button',
              { onclick: (e) => saveCategories(shop, e.target.closest('.shop')) },
              'Save categories',
            ),
          ),
        ),
      ),
    );
  }
  async function saveCategories(shop, card) {
    const categoryMap = {};
    card
      .querySelectorAll('input[data-category]')
      .forEach((i) => (categoryMap[i.dataset.category] = i.value.trim()));
    try {
      await api('PATCH', `/v1/shops/${shop.code}`, { categoryMap });
      toast('categories saved (new jobs use them)');
      await loadShops();
    } catch (err) {
      toast(err.message);
    }
  }
  async function syncNow(code, task) {
    try {
      const job = await api('POST', `/v1/shops/${code}/syncs`, { task });
      toast(
        job.coalesced
          ? `${task}: already queued`
          : `${task}: job ${job.id.slice(0, 8)} ${job.status}`,
      );
      show('jobs');
    } catch (err) {
      toast(err.message);
    }
  }

  // Jobs: a page of the server's list (filters, total, offset), counts and a chart beside it.
  function fillStatuses() {
    state.statusBoxes = STATUSES.map((status) =>
      el('input', { type: 'checkbox', value: status, 'data-status': status }),
    );
    $('#f-statuses').replaceChildren(
      el('legend', {}, 'Status'),
      ...state.statusBoxes.map((box) =>
        el('label', { class: 'inline check' }, box, el('span', {}, box.value)),
      ),
    );
  }
  const checkedStatuses = () => state.statusBoxes.filter((b) => b.checked).map((b) => b.value);
  // A datetime-local value is the browser's local time.
  const instant = (value) => (value ? new Date(value).toISOString() : '');
  function filters() {
    const f = {
      shop: $('#f-shop').value,
      task: $('#f-task').value,
      trigger: $('#f-trigger').value,
      status: checkedStatuses().join(','),
      since: instant($('#f-since').value),
      until: instant($('#f-until').value),
      q: $('#f-q').value.trim(),
    };
    return Object.fromEntries(Object.entries(f).filter(([, v]) => v));
  }
  const pageSize = () => Number($('#f-limit').value) || 50;
  $('#job-filters').addEventListener('submit', (e) => {
    e.preventDefault();
    state.offset = 0;
    loadJobs();
  });
  ['#f-shop', '#f-task', '#f-trigger', '#f-limit'].forEach((s) =>
    $(s).addEventListener('change', () => {
      state.offset = 0;
      loadJobs();
    }),
  );
  $('#f-statuses').addEventListener('change', () => {
    state.offset = 0;
    loadJobs();
  });
  $('#clear-filters').addEventListener('click', () => {
    ['#f-shop', '#f-task', '#f-trigger', '#f-since', '#f-until', '#f-q'].forEach(
      (s) => ($(s).value = ''),
    );
    state.statusBoxes.forEach((b) => (b.checked = false));
    state.offset = 0;
    loadJobs();
  });
  $('#refresh-jobs').addEventListener('click', () => loadJobs());
  $('#page-prev').addEventListener('click', () => {
    state.offset = Math.max(0, state.offset - pageSize());
    loadJobs();
  });
  $('#page-next').addEventListener('click', () => {
    if (state.offset + pageSize() < state.total) state.offset += pageSize();
    loadJobs();
  });
  $('#chart-range').addEventListener('change', () => loadStats());

  async function loadJobs() {
    const q = new URLSearchParams({
      ...filters(),
      limit: String(pageSize()),
      offset: String(state.offset),
    });
    $('#filter-error').textContent = '';
    let page;
    try {
      page = await api('GET', `/v1/jobs?${q}`);
    } catch (err) {
      $('#filter-error').textContent = err.message;
      return;
    }
    state.total = page.total;
    state.jobs = new Map(page.items.map((j) => [j.id, j]));
    state.order = page.items.map((j) => j.id);
    renderJobs();
    renderPager(page);
    loadStats();
  }
  function renderPager(page) {
    const first = page.total ? page.offset + 1 : 0;
    const last = page.offset + page.items.length;
    const text = page.total
      ? `Jobs ${first}–${last} of ${page.total}`
      : 'No jobs match these filters.';
    $('#jobs-summary').textContent = text;
    $('#page-info').textContent = page.total
      ? `page ${Math.floor(page.offset / page.limit) + 1} of ${Math.ceil(page.total / page.limit)}`
      : '';
    $('#page-prev').disabled = page.offset === 0;
    $('#page-next').disabled = last >= page.total;
  }

  // Durations: queued (requested → started) and ran (started → finished, or until now).
  function duration(from, to) {
    if (!from) return '—';
    const ms = Math.max(0, (to ? new Date(to) : new Date()) - new Date(from));
    if (ms < 1000) return `${ms} ms`;
    const s = Math.round(ms / 1000);
    if (s < 60) return `${s} s`;
    const m = Math.floor(s / 60);
    if (m < 60) return `${m} min ${s % 60} s`;
    const h = Math.floor(m / 60);
    if (h < 48) return `${h} h ${m % 60} min`;
    return `${Math.floor(h / 24)} d ${h % 24} h`;
  }
  const queuedFor = (job) =>
    job.startedAt
      ? duration(job.requestedAt, job.startedAt)
      : TERMINAL.includes(job.status)
        ? '—'
        : `${duration(job.requestedAt)}…`;
  const ranFor = (job) =>
    !job.startedAt
      ? '—'
      : job.finishedAt
        ? duration(job.startedAt, job.finishedAt)
        : `${duration(job.startedAt)}…`;

  function progressBar(job) {
    if (!job.progress)
      return job.status === 'running' ? el('span', { class: 'muted' }, 'running…') : '';
    const pct = job.progress.total
      ? Math.round((100 * job.progress.processed) / job.progress.total)
      : 0;
    return el(
      'span',
      {},
      el(
        'span',
        {
          class: 'progress',
          role: 'progressbar',
          'aria-label': `${job.task} progress`,
          'aria-valuemin': '0',
          'aria-valuemax': '100',
          'aria-valuenow': String(pct),
        },
        el('div', { style: `width:${pct}%` }),
      ),
      ` ${job.progress.processed}${job.progress.total ? '/' + job.progress.total : ''}`,
    );
  }
  const cell = (label, ...content) => el('td', { 'data-label': label }, ...content);
  function renderJobs() {
    const focused =
      document.activeElement && document.activeElement.getAttribute
        ? document.activeElement.getAttribute('data-job')
        : null;
    const rows = state.order.map((id) => state.jobs.get(id)).filter(Boolean);
    $('#jobs tbody').replaceChildren(
      ...rows.map((job) =>
        el(
          'tr',
          {
            'data-job': job.id,
            'data-status': job.status,
            tabindex: '0',
            class: state.selected === job.id ? 'selected' : '',
            onclick: () => openJob(job.id),
            onkeydown: (e) => {
              if (e.key === 'Enter' || e.key === ' ') {
                e.preventDefault();
                openJob(job.id, true);
              }
            },
          },
          cell('Requested', fmt(job.requestedAt)),
          cell('Shop', shopCode(job.shopId)),
          cell('Task', job.task),
          cell('Trigger', job.trigger),
          cell('Status', statusBadge(job), outcomeBadge(job)),
          cell('Attempt', `${job.attempt}/${job.maxAttempts}`),
          cell('Queued', queuedFor(job)),
          cell('Ran', ranFor(job)),
          cell('Progress', progressBar(job)),
          cell('Error', job.error ? el('span', { class: 'error' }, job.error.slice(0, 60)) : ''),
        ),
      ),
    );
    if (focused) {
      const row = document.querySelector(`#jobs tbody tr[data-job="${focused}"]`);
      if (row && row.focus) row.focus();
    }
  }
  // A succeeded job whose records were all (or partly) skipped or failed says so beside its status.
  function outcomeBadge(job) {
    if (job.recordsOutcome === 'all-failed')
      return el(
        'span',
        { class: 'outcome all-failed', title: 'every record was skipped or failed' },
        'all records failed',
      );
    if (job.recordsOutcome === 'partial')
      return el(
        'span',
        { class: 'outcome partial', title: 'some records were skipped or failed' },
        'partial',
      );
    return '';
  }

  // `waiting` names the job it waits for (a running one of its shop+category, or a strict one).
  function statusBadge(job) {
    const badge = el('span', { class: `status ${job.status}` }, job.status);
    if (job.status !== 'waiting' || !job.waitingFor) return badge;
    return el(
      'span',
      { title: `waiting for job ${job.waitingFor}` },
      badge,
      el('span', { class: 'muted' }, ` for ${job.waitingFor.slice(0, 8)}`),
    );
  }
  async function openJob(id, focus) {
    state.selected = id;
    let job;
    try {
      job = await api('GET', `/v1/jobs/${id}`);
    } catch (err) {
      toast(err.message);
      return;
    }
    state.jobs.set(id, job);
    await renderJobDetail(job);
    if (focus) $('#job-detail').focus();
  }
  async function renderJobDetail(job) {
    if (!job) return;
    const box = $('#job-detail');
    box.hidden = false;
    const { items } = await api('GET', `/v1/jobs/${job.id}/logs`);
    const actions = [];
    if (!TERMINAL.includes(job.status))
      actions.push(el('button', { onclick: () => act('cancel', job.id) }, 'Cancel'));
    if (['failed', 'cancelled', 'expired'].includes(job.status))
      actions.push(el('button', { onclick: () => act('retry', job.id) }, 'Retry'));
    if (job.status === 'failed' && !job.acknowledgedAt)
      actions.push(el('button', { onclick: () => act('acknowledge', job.id) }, 'Acknowledge'));
    const facts = [
      ['Job', job.id],
      ['Attempt', `${job.attempt}/${job.maxAttempts}`],
      ['Trigger', job.trigger],
      ['Requested', fmt(job.requestedAt)],
      ['Started', fmt(job.startedAt)],
      ['Finished', fmt(job.finishedAt)],
      ['Queued for', queuedFor(job)],
      ['Ran for', ranFor(job)],
    ];
    box.replaceChildren(
      el(
        'h2',
        { id: 'job-detail-title' },
        `${job.task} · ${shopCode(job.shopId)} `,
        statusBadge(job),
        outcomeBadge(job),
      ),
      job.status === 'waiting' && job.waitingFor
        ? el(
            'p',
            { id: 'job-waiting' },
            'waiting for job ',
            el(
              'button',
              { class: 'link', onclick: () => openJob(job.waitingFor, true) },
              job.waitingFor,
            ),
          )
        : '',
      job.notBefore || job.expiresAt || job.timeoutSeconds
        ? el(
            'p',
            { class: 'muted', id: 'job-timing' },
            [
              job.notBefore ? `not before ${fmt(job.notBefore)}` : '',
              job.expiresAt ? `expires ${fmt(job.expiresAt)}` : '',
              job.timeoutSeconds ? `timeout ${job.timeoutSeconds} s` : '',
            ]
              .filter(Boolean)
              .join(' · '),
          )
        : '',
      job.acknowledgedAt
        ? el(
            'p',
            { class: 'muted' },
            `failure acknowledged by ${job.acknowledgedBy} at ${fmt(job.acknowledgedAt)}`,
          )
        : '',
      el(
        'dl',
        { class: 'facts' },
        facts.flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, v)]),
      ),
      job.error ? el('p', { class: 'error', id: 'job-error' }, job.error) : '',
      job.summary ? el('pre', { tabindex: '0' }, JSON.stringify(job.summary, null, 2)) : '',
      el('h3', {}, 'Log'),
      el(
        'pre',
        { id: 'job-log', tabindex: '0', role: 'log', 'aria-label': 'job log' },
        items
          .map(
            (l) => `${new Date(l.at).toLocaleTimeString()} [${l.level}] #${l.attempt} ${l.message}`,
          )
          .join('\n'),
      ),
      el(
        'div',
        {},
        ...actions,
        el(
          'button',
          {
            class: 'link',
            onclick: () => {
              const row = document.querySelector(`#jobs tbody tr[data-job="${job.id}"]`);
              state.selected = null;
              box.hidden = true;
              if (row && row.focus) row.focus();
            },
          },
          'Close',
        ),
      ),
    );
  }
  async function act(action, id) {
    try {
      const job = await api('POST', `/v1/jobs/${id}/${action}`);
      toast(`${action}: ${job.status}`);
      await loadJobs();
      if (state.selected) await openJob(state.selected);
    } catch (err) {
      toast(err.message);
    }
  }

  // Bulk actions on the filtered jobs (shop, task, time range), after a confirmation.
  const BULK = {
    retry: { path: 'retry-failed', what: 'retry the open failed jobs', done: 'retried' },
    ack: {
      path: 'acknowledge-failed',
      what: 'acknowledge the open failed jobs',
      done: 'acknowledged',
    },
    cancel: { path: 'cancel-queued', what: 'cancel the queued jobs', done: 'cancelled' },
  };
  Object.entries(BULK).forEach(([name, bulk]) =>
    $(`#bulk-${name}`).addEventListener('click', () => runBulk(name, bulk)),
  );
  async function runBulk(name, bulk) {
    const f = filters();
    if (name === 'cancel' && !f.shop) {
      toast('Choose a shop first: a bulk cancel acts on one shop.');
      return;
    }
    const body = {};
    for (const k of ['shop', 'task', 'since', 'until']) if (f[k]) body[k] = f[k];
    const scope = [
      body.shop ? `shop ${body.shop}` : 'every shop',
      body.task ? `task ${body.task}` : 'every task',
      body.since ? `from ${fmt(body.since)}` : '',
      body.until ? `before ${fmt(body.until)}` : '',
    ]
      .filter(Boolean)
      .join(', ');
    const ignored = ['trigger', 'status', 'q'].filter((k) => f[k]);
    const question =
      `Really ${bulk.what} of ${scope}? At most 100, oldest first.` +
      (ignored.length ? ` (The ${ignored.join(', ')} filter does not apply.)` : '');
    if (!window.confirm(question)) return;
    try {
      const r = await api('POST', `/v1/jobs/${bulk.path}`, body);
      toast(
        `${bulk.done} ${r.affected} of ${r.matched} matching${r.truncated ? ' (more remain)' : ''}`,
      );
      await loadJobs();
    } catch (err) {
      toast(err.message);
    }
  }

  // Counts by status and a chart of finished and failed jobs, for the chosen window.
  async function loadStats() {
    const [span, bucket] = $('#chart-range').value.split(':').map(Number);
    const until = new Date();
    const since = new Date(until.getTime() - span * 1000);
    const f = filters();
    const q = new URLSearchParams({
      since: since.toISOString(),
      until: until.toISOString(),
      bucket: String(bucket),
    });
    for (const k of ['shop', 'task', 'trigger']) if (f[k]) q.set(k, f[k]);
    try {
      const stats = await api('GET', `/v1/job-stats?${q}`);
      renderCounts(stats.counts);
      renderChart(stats);
    } catch (err) {
      $('#job-chart').replaceChildren(el('p', { class: 'error' }, err.message));
    }
  }
  function renderCounts(counts) {
    $('#job-counts').replaceChildren(
      ...STATUSES.map((status) =>
        el(
          'li',
          {},
          el(
            'button',
            {
              type: 'button',
              class: `status ${status}`,
              'data-count': status,
              title: `list only ${status} jobs`,
              onclick: () => {
                state.statusBoxes.forEach((b) => (b.checked = b.value === status));
                state.offset = 0;
                loadJobs();
              },
            },
            `${status} `,
            el('strong', {}, String(counts[status] || 0)),
          ),
        ),
      ),
    );
  }
  const SVG = 'http://www.w3.org/2000/svg';
  const svg = (tag, attrs = {}, ...children) => {
    const node = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
    for (const c of children)
      node.append(c instanceof Node ? c : document.createTextNode(String(c)));
    return node;
  };
  function renderChart(stats) {
    const buckets = stats.buckets;
    const max = Math.max(1, ...buckets.map((b) => b.finished));
    const finished = buckets.reduce((n, b) => n + b.finished, 0);
    const failed = buckets.reduce((n, b) => n + b.failed, 0);
    const W = 600;
    const H = 120;
    const w = W / Math.max(1, buckets.length);
    const label = `${finished} jobs finished, ${failed} failed, from ${fmt(stats.since)} to ${fmt(stats.until)}; highest ${max} in one ${duration(0, stats.bucketSeconds * 1000)}`;
    const bars = buckets.flatMap((b) => {
      const x = buckets.indexOf(b) * w;
      const h = (H * b.finished) / max;
      const hf = (H * b.failed) / max;
      const tip = svg(
        'title',
        {},
        `${fmt(b.start)}: ${b.finished} finished (${b.succeeded} succeeded, ${b.failed} failed)`,
      );
      return [
        svg(
          'g',
          {},
          tip,
          svg('rect', { x: x + w * 0.1, y: H - h, width: w * 0.8, height: h, class: 'bar-done' }),
          svg('rect', {
            x: x + w * 0.1,
            y: H - hf,
            width: w * 0.8,
            height: hf,
            class: 'bar-failed',
          }),
        ),
      ];
    });
    $('#job-chart').replaceChildren(
      svg(
        'svg',
        {
          viewBox: `0 0 ${W} ${H}`,
          preserveAspectRatio: 'none',
          role: 'img',
          'aria-label': label,
          class: 'bars',
        },
        svg('line', { x1: 0, y1: H - 0.5, x2: W, y2: H - 0.5, class: 'axis' }),
        ...bars,
      ),
      el(
        'p',
        { class: 'legend' },
        el('span', { class: 'key done' }),
        ` finished ${finished} `,
        el('span', { class: 'key failed' }),
        ` failed ${failed} · peak ${max}`,
      ),
    );
  }

  // Live updates: server-sent events read with fetch, so the key travels in a header.
  async function listen() {
    const controller = new AbortController();
    state.stream = controller;
    for (;;) {
      try {
        const res = await fetch('/v1/events', {
          headers: { authorization: `Bearer ${key()}` },
          signal: controller.signal,
        });
        if (!res.ok || !res.body) throw new Error(`events: ${res.status}`);
        $('#live').className = 'live on';
        const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += value;
          let cut;
          while ((cut = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, cut);
            buffer = buffer.slice(cut + 2);
            const type = (/^event: (.*)$/m.exec(block) || [])[1];
            const data = (/^data: (.*)$/m.exec(block) || [])[1];
            if (type === 'job' && data) onEvent(JSON.parse(data));
          }
        }
      } catch (err) {
        if (controller.signal.aborted) return;
      }
      $('#live').className = 'live off';
      await new Promise((r) => setTimeout(r, 2000));
    }
  }
  // A job not on this page reloads it (at most every second); the counts and chart follow.
  function reloadSoon() {
    if (reloadSoon.timer) return;
    reloadSoon.timer = setTimeout(() => {
      reloadSoon.timer = null;
      if (!$('#view-jobs').hidden) loadJobs();
    }, 1000);
  }
  function onEvent(e) {
    const job = state.jobs.get(e.jobId);
    if (!job) {
      if (state.offset === 0) reloadSoon();
      return;
    }
    Object.assign(job, {
      status: e.status,
      waitingFor: e.waitingFor || null,
      attempt: e.attempt || job.attempt,
      progress: e.progress || job.progress,
      summary: e.summary || job.summary,
      error: e.error || (e.status === 'succeeded' ? null : job.error),
    });
    if (e.at && e.status === 'running' && !job.startedAt) job.startedAt = e.at;
    if (e.at && TERMINAL.includes(e.status) && !job.finishedAt) job.finishedAt = e.at;
    renderJobs();
    if (TERMINAL.includes(e.status)) reloadSoon();
    if (state.selected === job.id) renderJobDetail(job);
  }

  // Schedules
  $('#s-kind').addEventListener('change', () => {
    const cron = $('#s-kind').value === 'cron';
    document.querySelectorAll('#schedule-form .cron').forEach((n) => (n.hidden = !cron));
    document.querySelectorAll('#schedule-form .window').forEach((n) => (n.hidden = cron));
  });
  function recurrenceFromForm() {
    const timeZone = $('#s-tz').value.trim();
    if ($('#s-kind').value === 'cron')
      return { kind: 'cron', expression: $('#s-cron').value.trim(), timeZone };
    return {
      kind: 'window',
      weekdays: $('#s-days')
        .value.split(',')
        .map((d) => d.trim())
        .filter(Boolean),
      startTime: $('#s-start').value.trim(),
      endTime: $('#s-end').value.trim(),
      everyMinutes: Number($('#s-every').value),
      timeZone,
    };
  }
  $('#schedule-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    $('#schedule-error').textContent = '';
    const id = $('#s-id').value;
    const body = { recurrence: recurrenceFromForm(), overlapPolicy: $('#s-overlap').value };
    try {
      if (id) await api('PATCH', `/v1/schedules/${id}`, body);
      else
        await api('POST', `/v1/shops/${$('#s-shop').value}/schedules`, {
          ...body,
          task: $('#s-task').value,
        });
      toast(id ? 'schedule saved' : 'schedule created');
      resetScheduleForm();
      await loadSchedules();
    } catch (err) {
      $('#schedule-error').textContent = err.message;
    }
  });
  $('#s-cancel').addEventListener('click', resetScheduleForm);
  function resetScheduleForm() {
    $('#s-id').value = '';
    $('#schedule-form-title').textContent = 'New schedule';
    $('#s-submit').textContent = 'Create';
    $('#s-cancel').hidden = true;
    $('#s-shop').disabled = false;
    $('#s-task').disabled = false;
  }
  function editSchedule(s) {
    $('#s-id').value = s.id;
    $('#schedule-form-title').textContent = 'Edit schedule';
    $('#s-submit').textContent = 'Save';
    $('#s-cancel').hidden = false;
    $('#s-shop').value = shopCode(s.shopId);
    $('#s-task').value = s.task;
    $('#s-shop').disabled = true;
    $('#s-task').disabled = true;
    const r = s.recurrence;
    $('#s-kind').value = r.kind;
    $('#s-kind').dispatchEvent(new Event('change'));
    $('#s-tz').value = r.timeZone;
    if (r.kind === 'cron') $('#s-cron').value = r.expression;
    else {
      $('#s-days').value = r.weekdays.join(',');
      $('#s-start').value = r.startTime;
      $('#s-end').value = r.endTime;
      $('#s-every').value = r.everyMinutes;
    }
    $('#s-overlap').value = s.overlapPolicy;
  }
  function describe(r) {
    return r.kind === 'cron'
      ? `${r.expression} (${r.timeZone})`
      : `${r.weekdays.join(',')} ${r.startTime}–${r.endTime} every ${r.everyMinutes} min (${r.timeZone})`;
  }
  async function loadSchedules() {
    const lists = await Promise.all(
      state.shops.map((s) =>
        api('GET', `/v1/shops/${s.code}/schedules`).catch(() => ({ items: [] })),
      ),
    );
    const all = lists.flatMap((l) => l.items || []);
    $('#schedules tbody').replaceChildren(
      ...all.map((s) =>
        el(
          'tr',
          { 'data-schedule': s.id },
          el('td', {}, shopCode(s.shopId)),
          el('td', {}, s.task),
          el('td', {}, describe(s.recurrence)),
          el(
            'td',
            {},
            el(
              'span',
              { class: `status ${s.status === 'active' ? 'running' : 'cancelled'}` },
              s.status,
            ),
          ),
          el('td', {}, fmt(s.nextRunAt)),
          el(
            'td',
            {},
            el('button', { onclick: () => editSchedule(s) }, 'Edit'),
            s.status === 'active'
              ? el('button', { onclick: () => scheduleAction(s.id, 'pause') }, 'Pause')
              : el('button', { onclick: () => scheduleAction(s.id, 'resume') }, 'Resume'),
            el('button', { onclick: () => scheduleAction(s.id, 'run-now') }, 'Run now'),
            el('button', { onclick: () => showOccurrences(s) }, 'Next runs'),
          ),
        ),
      ),
    );
  }
  async function scheduleAction(id, action) {
    try {
      await api('POST', `/v1/schedules/${id}/${action}`);
      toast(`${action} done`);
      await loadSchedules();
    } catch (err) {
      toast(err.message);
    }
  }
  async function showOccurrences(s) {
    const data = await api('GET', `/v1/schedules/${s.id}/occurrences?count=10`);
    const items = data.items || data.occurrences || [];
    const box = $('#occurrences');
    box.hidden = false;
    box.replaceChildren(
      el('h2', {}, `Next runs of ${s.task} · ${shopCode(s.shopId)}`),
      el('pre', {}, items.map((o) => `${o.local}   (${o.utc})`).join('\n')),
    );
  }

  // Conflicts: sales documents whose Shopify order changed after they were made (the document
  // is left as it was). Read shop by shop, so a key limited to shops sees its own.
  const CONFLICT_PAGE = 500;
  $('#refresh-conflicts').addEventListener('click', loadConflicts);
  async function openConflicts() {
    const lists = await Promise.all(state.shops.map((s) => openConflictsOf(s.code)));
    return lists.flat();
  }
  async function openConflictsOf(shop) {
    const found = [];
    for (let after = null; ;) {
      const q = new URLSearchParams({ conflict: 'true', shop, limit: String(CONFLICT_PAGE) });
      if (after) q.set('after', after);
      const page = await api('GET', `/v1/erp/sales-orders?${q}`);
      found.push(...page.items);
      if (page.items.length < CONFLICT_PAGE || !page.next) return found;
      after = page.next;
    }
  }
  function countConflicts(orders) {
    const count = $('#conflict-count');
    count.textContent = String(orders.length);
    count.hidden = orders.length === 0;
  }
  async function loadConflicts() {
    try {
      const orders = await openConflicts();
      countConflicts(orders);
      renderConflicts(orders);
    } catch (err) {
      toast(err.message);
    }
  }
  const shown = (value) => (value === null || value === undefined ? '—' : String(value));
  function renderConflicts(orders) {
    $('#conflicts tbody').replaceChildren(
      ...orders.map((o) =>
        el(
          'tr',
          { 'data-conflict': o.id },
          el('td', {}, o.orderName, ' ', el('span', { class: 'muted' }, o.number)),
          el('td', {}, shopCode(o.shopId)),
          el('td', {}, fmt(o.conflict.detectedAt)),
          el(
            'td',
            {},
            el(
              'ul',
              { class: 'changes' },
              o.conflict.changes.map((c) =>
                el('li', {}, `${c.field}: ${shown(c.before)} → ${shown(c.after)}`),
              ),
            ),
          ),
          el('td', {}, el('button', { onclick: () => acknowledge(o) }, 'Acknowledge')),
        ),
      ),
    );
    $('#conflicts-empty').hidden = orders.length > 0;
  }
  async function acknowledge(order) {
    try {
      await api(
        'POST',
        `/v1/erp/sales-orders/${encodeURIComponent(order.id)}/conflict/acknowledge`,
      );
      toast(`${order.orderName}: acknowledged`);
    } catch (err) {
      toast(err.message);
    }
    await loadConflicts();
  }

  if (key()) start().catch(() => signOut());
})();
