// Flotilla visualizer: follows a manager's event stream (server-sent events of the replicated state) and draws one
// column per node, one card per task. When the stream breaks it moves to another manager of the last snapshot.
(function () {
  'use strict';
  const TOKEN_KEY = 'flotilla.token';
  const $ = id => document.getElementById(id);
  const nodesEl = $('nodes'), pendingEl = $('pending'), pendingCol = $('pending-column');
  const servicesEl = $('services'), summaryEl = $('summary'), connEl = $('connection');
  const filterEl = $('filter'), historyEl = $('history'), compactEl = $('compact');
  const form = $('token-form'), tokenEl = $('token'), authError = $('auth-error');
  const self = new URL('.', location.href).href;
  let last = null;
  let managers = [];
  let current = null;
  let attempt = 0;
  let abort = null;
  let lastData = Date.now();
  window.flotillaUi = { index: -1, renderedAt: 0, manager: '' };

  function colour(id) {
    let h = 0;
    for (let i = 0; i < id.length; i++) { h = (h * 31 + id.charCodeAt(i)) >>> 0; }
    return 'hsl(' + (h % 360) + ', 65%, 46%)';
  }

  function ago(ms) {
    const s = Math.max(0, Math.floor(ms / 1000));
    if (s < 60) { return s + 's'; }
    if (s < 3600) { return Math.floor(s / 60) + 'm'; }
    if (s < 172800) { return Math.floor(s / 3600) + 'h'; }
    return Math.floor(s / 86400) + 'd';
  }

  function cpus(nano) { return (nano / 1e9).toFixed(nano % 1e9 === 0 ? 0 : 1); }
  function gib(bytes) { return (bytes / 1073741824).toFixed(1) + 'G'; }

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined) { e.textContent = text; }
    return e;
  }

  function words() { return filterEl.value.toLowerCase().split(/\s+/).filter(Boolean); }

  function matches(task, node, ws) {
    if (!ws.length) { return true; }
    const labels = node ? Object.entries(node.labels || {}).map(([k, v]) => k + '=' + v).join(' ') : '';
    const hay = [task.service, task.image, task.state, task.hostname, node ? node.hostname : 'pending', labels]
      .join(' ').toLowerCase();
    return ws.every(w => hay.includes(w));
  }

  function taskCard(t, now, history) {
    const c = el('div', 'task' + (history ? ' history' : ''));
    c.dataset.taskId = t.id;
    c.dataset.service = t.service;
    c.dataset.slot = String(t.slot);
    c.dataset.state = t.state.toLowerCase();
    c.dataset.nodeId = t.nodeId;
    c.style.borderLeftColor = colour(t.serviceId);
    c.title = t.name + (t.message ? '\n' + t.message : '');
    c.appendChild(el('div', 'svcname', t.service + ' · ' + t.tag + (t.slot > 0 ? ' · ' + t.slot : '')));
    const l1 = el('div', 'line');
    l1.appendChild(el('span', 'dot'));
    l1.appendChild(el('span', 'state', t.state));
    l1.appendChild(document.createTextNode(' ' + ago(now - t.since) + (history ? ' (desired ' + t.desiredState + ')' : '')));
    c.appendChild(l1);
    if (t.hostname) { c.appendChild(el('div', 'line extra', t.hostname)); }
    if (t.logFolder) { c.appendChild(el('div', 'line extra logs', t.logFolder)); }
    if (t.message) { c.appendChild(el('div', 'line reason', t.message)); }
    return c;
  }

  function nodeColumn(n) {
    const col = el('section', 'node');
    col.dataset.nodeId = n.id;
    col.dataset.hostname = n.hostname;
    col.dataset.role = n.role;
    col.dataset.status = n.status.toLowerCase();
    col.dataset.availability = n.availability.toLowerCase();
    const head = el('div', 'head');
    const name = el('div', 'name', n.hostname);
    name.appendChild(el('span', 'role', n.role));
    head.appendChild(name);
    head.appendChild(el('div', 'meta status', n.status + ' · ' + n.availability));
    head.appendChild(el('div', 'meta', 'CPU ' + cpus(n.reservedNanoCpus) + '/' + cpus(n.nanoCpus)
      + ' · mem ' + gib(n.reservedMemoryBytes) + '/' + gib(n.memoryBytes)));
    const labels = Object.entries(n.labels || {}).map(([k, v]) => k + '=' + v).join(', ');
    if (labels) { head.appendChild(el('div', 'labels', labels)); }
    col.appendChild(head);
    return col;
  }

  function render(s) {
    last = s;
    const now = Date.now();
    const ws = words();
    const byNode = new Map();
    const nodes = new Map(s.nodes.map(n => [n.id, n]));
    const cols = document.createDocumentFragment();
    s.nodes.forEach(n => {
      const col = nodeColumn(n);
      byNode.set(n.id, col);
      cols.appendChild(col);
    });
    let shown = 0;
    const add = (t, history) => {
      const node = nodes.get(t.nodeId);
      if (!matches(t, node, ws)) { return; }
      const target = node ? byNode.get(t.nodeId) : null;
      (target || pendingFrag).appendChild(taskCard(t, now, history));
      shown++;
    };
    const pendingFrag = document.createDocumentFragment();
    s.tasks.forEach(t => add(t, false));
    s.pending.forEach(t => add(t, false));
    if (historyEl.checked) { s.history.forEach(t => add(t, true)); }
    const nodeFilter = ws.length ? n => matches({ service: '', image: '', state: '', hostname: '' }, n, ws) : () => true;
    byNode.forEach((col, id) => {
      if (!nodeFilter(nodes.get(id)) && !col.querySelector('.task')) { col.hidden = true; }
    });
    nodesEl.replaceChildren(cols);
    pendingEl.replaceChildren(pendingFrag);
    pendingCol.hidden = !pendingEl.firstChild;
    servicesEl.replaceChildren(...s.services.map(v => {
      const e = el('span', 'svc', v.name + ' ');
      e.style.borderLeftColor = colour(v.id);
      e.appendChild(el('small', null, v.running + '/' + v.desired + ' · ' + v.image));
      return e;
    }));
    const down = s.nodes.filter(n => n.status.toLowerCase() === 'down').length;
    summaryEl.textContent = s.nodes.length + ' nodes' + (down ? ' (' + down + ' down)' : '') + ' · '
      + s.services.length + ' services · ' + s.tasks.length + ' tasks' + (s.pending.length ? ', ' + s.pending.length
      + ' pending' : '') + (ws.length ? ' · ' + shown + ' shown' : '');
    window.flotillaUi = { index: s.index, renderedAt: performance.now(), manager: s.servedBy };
  }

  function setLive(live, who) {
    connEl.dataset.live = String(live);
    if (who) { connEl.dataset.manager = who; }
    connEl.textContent = live ? 'live from ' + (who || '?') : 'reconnecting' + (who ? ' (last: ' + who + ')' : '');
  }

  function askToken(message) {
    form.hidden = false;
    nodesEl.replaceChildren();
    pendingEl.replaceChildren();
    servicesEl.replaceChildren();
    authError.hidden = !message;
    authError.textContent = message || '';
    summaryEl.textContent = 'a viewer token is needed';
    setLive(false);
    tokenEl.focus();
  }

  form.addEventListener('submit', e => {
    e.preventDefault();
    const t = tokenEl.value.trim();
    if (!t) { return; }
    sessionStorage.setItem(TOKEN_KEY, t);
    form.hidden = true;
    authError.hidden = true;
    attempt = 0;
    connect(current || self);
  });

  function nextBase() {
    const urls = managers.map(m => m.url).filter(Boolean);
    if (!urls.includes(self) && !urls.some(u => new URL(u).origin === location.origin)) { urls.unshift(self); }
    if (!urls.length) { return self; }
    const i = urls.indexOf(current);
    return urls[(i + 1) % urls.length];
  }

  async function connect(base) {
    const token = sessionStorage.getItem(TOKEN_KEY);
    if (!token) { askToken(); return; }
    if (abort) { abort.abort(); }
    abort = new AbortController();
    current = base;
    let resp;
    try {
      resp = await fetch(base + 'api/events', { headers: { Authorization: 'Bearer ' + token }, signal: abort.signal,
        cache: 'no-store' });
    } catch (err) {
      return retry();
    }
    if (resp.status === 401) {
      const body = await resp.json().catch(() => ({}));
      sessionStorage.removeItem(TOKEN_KEY);
      askToken(body.error || 'the token was refused');
      return;
    }
    if (!resp.ok || !resp.body) { return retry(); }
    attempt = 0;
    const reader = resp.body.getReader();
    const decoder = new TextDecoder();
    let buf = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) { break; }
        lastData = Date.now();
        buf += decoder.decode(value, { stream: true });
        let cut;
        while ((cut = buf.indexOf('\n\n')) >= 0) {
          const block = buf.slice(0, cut);
          buf = buf.slice(cut + 2);
          const data = block.split('\n').filter(l => l.startsWith('data: ')).map(l => l.slice(6)).join('\n');
          if (!data) { continue; }
          const s = JSON.parse(data);
          managers = s.managers || managers;
          setLive(true, s.servedBy);
          render(s);
        }
      }
    } catch (err) {
      // the stream broke: try another manager
    }
    retry();
  }

  function retry() {
    setLive(false, connEl.dataset.manager);
    attempt++;
    const delay = attempt <= managers.length + 1 ? 150 : Math.min(3000, 250 * attempt);
    setTimeout(() => connect(nextBase()), delay);
  }

  filterEl.addEventListener('input', () => { if (last) { render(last); } });
  historyEl.addEventListener('change', () => { if (last) { render(last); } });
  compactEl.addEventListener('change', () => document.body.classList.toggle('compact', compactEl.checked));
  setInterval(() => { if (last && connEl.dataset.live === 'true') { render(last); } }, 5000);
  // a manager that hangs sends nothing, not even the keepalive it sends every 10 s: leave it
  setInterval(() => {
    if (connEl.dataset.live === 'true' && Date.now() - lastData > 25000 && abort) { abort.abort(); }
  }, 5000);
  connect(self);
}());
