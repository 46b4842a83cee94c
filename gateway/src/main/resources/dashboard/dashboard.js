// The dashboard's behaviour: submit specs, list jobs, follow one job live. Live updates come from one
// Server-Sent Events stream of every job change (/api/events); the page never polls. Everything else
// goes through the public HTTP API (/api/jobs ...), so the page shows exactly what any client sees.
'use strict';

(() => {
  const $ = id => document.getElementById(id);
  const STATE_OF_EVENT = {
    accepted: 'accepted', started: 'running', progress: 'running',
    completed: 'completed', failed: 'failed', cancelled: 'cancelled',
  };
  const TERMINAL = new Set(['completed', 'failed', 'cancelled']);
  const jobs = new Map();       // jobId -> summary as GET /api/jobs gives it, kept current by events
  const results = new Map();    // jobId -> result
  const sweeps = new Map();     // parent jobId -> its children [{jobId, point, state, progress}] in grid order
  const parentOf = new Map();   // child jobId -> parent jobId (of the sweeps this page has opened)
  let selected = null;
  let presets = [];
  let stream = null;

  // ------------------------------------------------------------------ access token (optional)

  const tokenInput = $('token');
  tokenInput.value = localStorage.getItem('transferlab.token') || '';
  tokenInput.addEventListener('change', () => {
    localStorage.setItem('transferlab.token', tokenInput.value.trim());
    connect();
    refreshJobs();
  });

  function token() {
    return tokenInput.value.trim();
  }

  function withToken(path) {
    return token() ? path + (path.includes('?') ? '&' : '?') + 'access_token=' + encodeURIComponent(token()) : path;
  }

  function api(path, options = {}) {
    const headers = Object.assign({ Accept: 'application/json' }, options.headers || {});
    if (token()) headers.Authorization = 'Bearer ' + token();
    return fetch(path, Object.assign({}, options, { headers }));
  }

  async function readJson(response) {
    const text = await response.text();
    try {
      return text ? JSON.parse(text) : {};
    } catch (e) {
      return { errors: [{ field: '$', message: 'HTTP ' + response.status + ': ' + text.slice(0, 300) }] };
    }
  }

  // ------------------------------------------------------------------ live stream

  function connect() {
    if (stream) stream.close();
    const conn = $('connection');
    stream = new EventSource(withToken('/api/events'));
    stream.onopen = () => {
      conn.textContent = 'live';
      conn.className = 'connection live';
      refreshJobs(); // whatever happened while the stream was down
    };
    stream.onerror = () => {
      conn.textContent = 'reconnecting';
      conn.className = 'connection lost';
    };
    stream.addEventListener('event', m => onEvent(JSON.parse(m.data)));
    stream.addEventListener('result', m => onResult(JSON.parse(m.data)));
  }

  function onEvent(msg) {
    const ev = msg.event;
    const type = String(ev.type).toLowerCase();
    const job = jobs.get(msg.jobId) || { jobId: msg.jobId, submittedAt: ev.time };
    if (job.state === 'completed' && type !== 'completed') return; // a stored result stands
    job.state = STATE_OF_EVENT[type] || job.state;
    if (type === 'accepted' || type === 'started') job.progress = 0;
    if (typeof ev.progress === 'number') job.progress = ev.progress;
    if (ev.phase) job.phase = ev.phase;
    job.etaMs = type === 'progress' ? ev.etaMs : null;
    if (ev.worker) job.worker = ev.worker;
    job.updatedAt = ev.time;
    job.error = ev.code ? { code: ev.code, message: ev.message } : null;
    jobs.set(msg.jobId, job);
    renderJobs();
    if (selected === msg.jobId) renderSelected();
  }

  function onResult(msg) {
    const r = msg.result;
    results.set(r.jobId, r);
    const job = jobs.get(r.jobId) || { jobId: r.jobId, submittedAt: r.startedAt };
    Object.assign(job, { state: 'completed', progress: 1, phase: null, etaMs: null, worker: r.worker,
      updatedAt: r.finishedAt, name: (r.spec && r.spec.name) || job.name });
    jobs.set(r.jobId, job);
    renderJobs();
    // a sweep's charts grow point by point: a child's rows are drawn as soon as they arrive
    if (selected === r.jobId || selected === parentOf.get(r.jobId)) renderSelected(true);
  }

  // ------------------------------------------------------------------ jobs list

  async function refreshJobs() {
    const res = await api('/api/jobs');
    const body = await readJson(res);
    if (!res.ok) {
      showConnectionError(body);
      return;
    }
    for (const j of body.jobs || []) {
      const known = jobs.get(j.jobId);
      // an event that arrived after the list was taken is newer than the list
      if (!known || (known.updatedAt || 0) <= (j.updatedAt || 0)) jobs.set(j.jobId, j);
    }
    renderJobs();
    if (selected) renderSelected();
  }

  function showConnectionError(body) {
    const conn = $('connection');
    conn.textContent = (body.errors || []).map(e => e.message).join('; ') || 'not allowed';
    conn.className = 'connection lost';
  }

  function percent(p) {
    return Math.round(100 * (p || 0)) + '%';
  }

  function progressText(job) {
    if (TERMINAL.has(job.state)) return job.state === 'completed' ? '100%' : '';
    let t = percent(job.progress);
    if (job.phase) t += ' ' + job.phase;
    if (typeof job.etaMs === 'number' && job.etaMs > 0) t += ', ETA ' + Math.ceil(job.etaMs / 1000) + ' s';
    return t;
  }

  function renderJobs() {
    const body = document.querySelector('#jobs tbody');
    const list = [...jobs.values()].sort((a, b) => (b.submittedAt || 0) - (a.submittedAt || 0));
    $('no-jobs').hidden = list.length > 0;
    body.replaceChildren(...list.map(job => {
      const tr = document.createElement('tr');
      tr.dataset.job = job.jobId;
      tr.dataset.state = job.state || '';
      if (job.jobId === selected) tr.className = 'selected';
      const bar = '<div class="bar"><div style="width:' + percent(job.progress) + '"></div></div>';
      tr.innerHTML = '<td><code></code></td><td class="name"></td><td class="state"></td><td>' + bar
        + ' <span class="pct"></span></td><td class="worker"></td><td></td>';
      tr.children[0].firstChild.textContent = job.jobId.slice(0, 12);
      const parent = parentOf.get(job.jobId);
      tr.children[1].textContent = (parent ? '↳ point of ' + parent.slice(0, 12) + ' ' : '') + (job.name || '');
      tr.children[2].textContent = job.state || '';
      tr.children[2].className = 'state ' + (job.state || '');
      tr.children[3].querySelector('.pct').textContent = progressText(job);
      tr.children[4].textContent = job.worker || '';
      tr.children[5].textContent = job.updatedAt ? new Date(job.updatedAt).toLocaleTimeString() : '';
      tr.addEventListener('click', () => select(job.jobId));
      return tr;
    }));
  }

  // ------------------------------------------------------------------ one job

  async function select(jobId) {
    selected = jobId;
    renderJobs();
    renderSelected(true);
    const res = await api('/api/jobs/' + encodeURIComponent(jobId));
    const body = await readJson(res);
    if (!res.ok) return;
    if (body.result) results.set(jobId, body.result);
    const job = jobs.get(jobId) || {};
    jobs.set(jobId, Object.assign(job, body, { result: undefined, children: undefined }));
    if (Array.isArray(body.children)) {
      sweeps.set(jobId, body.children);
      body.children.forEach(c => parentOf.set(c.jobId, jobId));
      await Promise.all(body.children.filter(c => c.state === 'completed' && !results.has(c.jobId))
        .map(c => fetchResult(c.jobId)));
    }
    if (selected === jobId) renderSelected(true);
  }

  async function fetchResult(jobId) {
    const res = await api('/api/jobs/' + encodeURIComponent(jobId));
    const body = await readJson(res);
    if (res.ok && body.result) results.set(jobId, body.result);
  }

  /**
   * What a sweep's charts show before the sweep has its own result: the rows of the children done so
   * far, each row's point given the child's swept values (as the parent's result will have them).
   */
  function partialSweep(parentId) {
    const children = sweeps.get(parentId);
    if (!children) return null;
    // a point's draw 0 stands for it until the parent combines all draws
    const done = children.filter(c => !c.draw && results.has(c.jobId));
    if (done.length === 0) return null;
    const sweep = {};
    children.forEach(c => Object.entries(c.point || {}).forEach(([k, v]) => {
      if (!sweep[k]) sweep[k] = [];
      if (!sweep[k].includes(v)) sweep[k].push(v);
    }));
    const first = results.get(done[0].jobId);
    const rows = done.flatMap(c => (results.get(c.jobId).rows || []).map(r =>
      Object.assign({}, r, { point: Object.assign({}, r.point, c.point) })));
    return { jobId: parentId, spec: Object.assign({}, first.spec, { sweep }), rows,
      notes: [done.length + ' points so far, each its first draw only (one seed)'] };
  }

  function renderSelected(redrawCharts) {
    const job = jobs.get(selected);
    if (!job) return;
    $('job-panel').hidden = false;
    $('job-id').textContent = job.jobId;
    $('job-name').textContent = job.name || '';
    const st = $('job-state');
    st.textContent = job.state || '';
    st.className = 'state ' + (job.state || '');
    $('job-bar').style.width = percent(job.state === 'completed' ? 1 : job.progress);
    $('job-progress').textContent = progressText(job);
    $('job-cancel').hidden = TERMINAL.has(job.state);
    const result = results.get(job.jobId);
    const children = sweeps.get(job.jobId);
    const points = $('job-points');
    points.hidden = !children;
    if (children) {
      const done = children.filter(c => results.has(c.jobId)).length;
      points.textContent = 'sweep: ' + done + ' of ' + children.length + ' points done';
    }
    for (const [id, file] of [['job-json', 'result.json'], ['job-csv', 'result.csv'], ['job-series', 'series.csv']]) {
      const a = $(id);
      a.hidden = !result;
      a.href = withToken('/api/jobs/' + encodeURIComponent(job.jobId) + '/' + file);
    }
    const err = $('job-error');
    err.hidden = !job.error;
    err.textContent = job.error ? job.error.code + ': ' + job.error.message : '';
    if (redrawCharts) drawCharts(result || partialSweep(job.jobId));
  }

  function drawCharts(result) {
    const box = $('charts');
    box.replaceChildren();
    const notes = $('job-notes');
    notes.replaceChildren();
    if (!result) return;
    (result.notes || []).forEach(n => {
      const li = document.createElement('li');
      li.textContent = n;
      notes.appendChild(li);
    });
    for (const panel of Panels.build(result)) Charts.draw(box, panel);
  }

  $('job-cancel').addEventListener('click', async () => {
    if (!selected) return;
    const res = await api('/api/jobs/' + encodeURIComponent(selected), { method: 'DELETE' });
    const body = await readJson(res);
    if (!res.ok) {
      $('job-error').hidden = false;
      $('job-error').textContent = (body.errors || []).map(e => e.message).join('\n');
    }
  });

  // ------------------------------------------------------------------ submit

  async function loadPresets() {
    const res = await api('/api/presets');
    if (!res.ok) return;
    presets = (await readJson(res)).presets || [];
    const sel = $('preset');
    for (const p of presets) {
      const o = document.createElement('option');
      o.value = p.name;
      o.textContent = p.name + (p.spec.name && p.spec.name !== p.name ? ' (' + p.spec.name + ')' : '');
      sel.appendChild(o);
    }
  }

  $('preset').addEventListener('change', e => {
    const p = presets.find(x => x.name === e.target.value);
    if (p) $('spec').value = JSON.stringify(p.spec, null, 2);
  });

  $('submit').addEventListener('click', async () => {
    const button = $('submit');
    const message = $('submit-message');
    const errors = $('submit-errors');
    errors.replaceChildren();
    message.textContent = 'submitting';
    button.disabled = true;
    try {
      const res = await api('/api/jobs', { method: 'POST', headers: { 'Content-Type': 'application/json' },
        body: $('spec').value });
      const body = await readJson(res);
      if (!res.ok) {
        message.textContent = 'refused (HTTP ' + res.status + ')';
        for (const e of body.errors || []) {
          const li = document.createElement('li');
          li.textContent = e.field + ': ' + e.message;
          errors.appendChild(li);
        }
        return;
      }
      message.textContent = res.status === 200 ? 'already computed: ' + body.jobId.slice(0, 12)
        : 'accepted: ' + body.jobId.slice(0, 12);
      if (!jobs.has(body.jobId)) {
        jobs.set(body.jobId, { jobId: body.jobId, state: body.state, progress: 0, submittedAt: Date.now() });
      }
      select(body.jobId);
      refreshJobs(); // the list carries the job's name
    } catch (e) {
      message.textContent = 'cannot reach the gateway: ' + e.message;
    } finally {
      button.disabled = false;
    }
  });

  connect();
  loadPresets();
})();
