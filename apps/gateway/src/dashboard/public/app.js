// The job queue page: plain JavaScript against the /v1 API. The key lives in session storage.
(() => {
  'use strict';
  // Served by the gateway (/ui/config.js, from TASKS and JOB_STATUSES): the page keeps no task
  // or status list of its own.
  const TASKS = window.SHOPSYNC_PAGE.tasks;
  const STATUSES = window.SHOPSYNC_PAGE.statuses;
  const TERMINAL = window.SHOPSYNC_PAGE.terminalStatuses;
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
  const state = { shops: [], shopById: new Map(), jobs: new Map(), selected: null, stream: null };

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
    document
      .querySelectorAll('nav button[data-view]')
      .forEach((b) => b.classList.toggle('active', b.dataset.view === view));
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
    fillSelect($('#f-status'), STATUSES, true);
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

  // Jobs
  ['#f-shop', '#f-task', '#f-status'].forEach((s) => $(s).addEventListener('change', loadJobs));
  $('#refresh-jobs').addEventListener('click', loadJobs);
  async function loadJobs() {
    const q = new URLSearchParams({ limit: '100' });
    if ($('#f-shop').value) q.set('shop', $('#f-shop').value);
    if ($('#f-task').value) q.set('task', $('#f-task').value);
    if ($('#f-status').value) q.set('status', $('#f-status').value);
    const { items } = await api('GET', `/v1/jobs?${q}`);
    state.jobs = new Map(items.map((j) => [j.id, j]));
    renderJobs();
  }
  function matchesFilter(job) {
    const shop = $('#f-shop').value;
    return (
      (!shop || shopCode(job.shopId) === shop) &&
      (!$('#f-task').value || job.task === $('#f-task').value) &&
      (!$('#f-status').value || job.status === $('#f-status').value)
    );
  }
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
        { class: 'progress', role: 'progressbar', 'aria-valuenow': String(pct) },
        el('div', { style: `width:${pct}%` }),
      ),
      ` ${job.progress.processed}${job.progress.total ? '/' + job.progress.total : ''}`,
    );
  }
  function renderJobs() {
    const rows = [...state.jobs.values()]
      .filter(matchesFilter)
      .sort((a, b) => b.requestedAt.localeCompare(a.requestedAt));
    $('#jobs tbody').replaceChildren(
      ...rows.map((job) =>
        el(
          'tr',
          { 'data-job': job.id, 'data-status': job.status, onclick: () => openJob(job.id) },
          el('td', {}, fmt(job.requestedAt)),
          el('td', {}, shopCode(job.shopId)),
          el('td', {}, job.task),
          el('td', {}, job.trigger),
          el('td', {}, statusBadge(job), outcomeBadge(job)),
          el('td', {}, `${job.attempt}/${job.maxAttempts}`),
          el('td', {}, progressBar(job)),
          el('td', {}, job.error ? el('span', { class: 'error' }, job.error.slice(0, 60)) : ''),
        ),
      ),
    );
    if (state.selected) renderJobDetail(state.jobs.get(state.selected));
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
  async function openJob(id) {
    state.selected = id;
    const job = await api('GET', `/v1/jobs/${id}`);
    state.jobs.set(id, job);
    renderJobDetail(job);
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
    box.replaceChildren(
      el('h2', {}, `${job.task} · ${shopCode(job.shopId)} `, statusBadge(job), outcomeBadge(job)),
      job.status === 'waiting' && job.waitingFor
        ? el('p', { id: 'job-waiting' }, `waiting for job ${job.waitingFor}`)
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
        'p',
        { class: 'muted' },
        `job ${job.id} · attempt ${job.attempt}/${job.maxAttempts} · requested ${fmt(job.requestedAt)} · started ${fmt(job.startedAt)} · finished ${fmt(job.finishedAt)}`,
      ),
      job.error ? el('p', { class: 'error', id: 'job-error' }, job.error) : '',
      job.summary ? el('pre', {}, JSON.stringify(job.summary, null, 2)) : '',
      el('h2', {}, 'Log'),
      el(
        'pre',
        { id: 'job-log' },
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
              state.selected = null;
              box.hidden = true;
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
    } catch (err) {
      toast(err.message);
    }
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
  function onEvent(e) {
    const job = state.jobs.get(e.jobId);
    if (!job) {
      if (!$('#view-jobs').hidden) loadJobs();
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
    renderJobs();
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
