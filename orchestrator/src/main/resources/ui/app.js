// Flotilla visualizer: polls the manager's read-only snapshot and draws one column per node, one card per task.
(function () {
  'use strict';
  const REFRESH_MS = 3000;
  const nodesEl = document.getElementById('nodes');
  const servicesEl = document.getElementById('services');
  const summaryEl = document.getElementById('summary');
  const statusEl = document.getElementById('status');
  const filterEl = document.getElementById('filter');
  const compactEl = document.getElementById('compact');
  let last = null;

  function colour(id) {
    let h = 0;
    for (let i = 0; i < id.length; i++) { h = (h * 31 + id.charCodeAt(i)) >>> 0; }
    return 'hsl(' + (h % 360) + ', 65%, 48%)';
  }

  function ago(ms) {
    const s = Math.max(0, Math.floor(ms / 1000));
    if (s < 60) { return s + 's'; }
    if (s < 3600) { return Math.floor(s / 60) + 'm'; }
    if (s < 172800) { return Math.floor(s / 3600) + 'h'; }
    return Math.floor(s / 86400) + 'd';
  }

  function cpus(nano) { return (nano / 1e9).toFixed(nano % 1e9 === 0 ? 0 : 2); }
  function gib(bytes) { return (bytes / 1073741824).toFixed(1) + ' GiB'; }

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined) { e.textContent = text; }
    return e;
  }

  function matches(task, node, words) {
    if (!words.length) { return true; }
    const hay = [task.service, task.image, task.state, task.hostname, task.containerId, node ? node.hostname : 'pending']
      .join(' ').toLowerCase();
    return words.every(w => hay.includes(w));
  }

  function taskCard(t, now) {
    const c = el('div', 'task state-' + t.state.toLowerCase());
    c.style.borderLeftColor = colour(t.serviceId);
    c.title = t.name + (t.message ? '\n' + t.message : '');
    c.appendChild(el('div', 'svcname', t.service + ' · ' + t.tag));
    const l1 = el('div', 'line');
    l1.appendChild(el('span', 'state', t.state));
    l1.appendChild(document.createTextNode(' ' + ago(now - t.since)));
    c.appendChild(l1);
    c.appendChild(el('div', 'line extra', (t.containerId || '—') + (t.hostname ? ' · ' + t.hostname : '')));
    if (t.message) { c.appendChild(el('div', 'line extra', t.message)); }
    return c;
  }

  function nodeColumn(n, tasks, now) {
    const col = el('div', 'node ' + n.status.toLowerCase());
    const head = el('div', 'head');
    const name = el('div', 'name');
    name.appendChild(el('span', 'dot'));
    name.appendChild(document.createTextNode(n.hostname + (n.leader ? ' ★' : '')));
    head.appendChild(name);
    head.appendChild(el('div', 'meta', n.role + ' · ' + n.status + ' · ' + n.availability));
    head.appendChild(el('div', 'meta', cpus(n.reservedNanoCpus) + '/' + cpus(n.nanoCpus) + ' CPU · '
      + gib(n.reservedMemoryBytes) + '/' + gib(n.memoryBytes) + ' reserved'));
    head.appendChild(el('div', 'meta', n.address));
    const labels = Object.keys(n.labels || {}).map(k => k + '=' + n.labels[k]).join(' ');
    if (labels) { head.appendChild(el('div', 'meta', labels)); }
    col.appendChild(head);
    tasks.forEach(t => col.appendChild(taskCard(t, now)));
    return col;
  }

  function render() {
    if (!last) { return; }
    const snap = last;
    const now = Date.now();
    const words = filterEl.value.toLowerCase().split(/\s+/).filter(Boolean);
    const byNode = {};
    snap.nodes.forEach(n => { byNode[n.id] = n; });
    nodesEl.replaceChildren();
    servicesEl.replaceChildren();
    snap.services.forEach(s => {
      const chip = el('span', 'svc', s.name + ' ');
      chip.style.borderLeftColor = colour(s.id);
      chip.appendChild(el('small', '', s.running + '/' + s.desired + ' · ' + s.mode + ' · ' + s.image));
      servicesEl.appendChild(chip);
    });
    snap.nodes.forEach(n => {
      const tasks = snap.tasks.filter(t => t.nodeId === n.id && matches(t, n, words));
      nodesEl.appendChild(nodeColumn(n, tasks, now));
    });
    const unplaced = snap.tasks.filter(t => !byNode[t.nodeId] && matches(t, null, words));
    if (unplaced.length) {
      nodesEl.appendChild(nodeColumn({ id: '', hostname: 'not placed', role: 'pending', status: 'Unknown',
        availability: 'waiting for a node', address: '', nanoCpus: 0, memoryBytes: 0, reservedNanoCpus: 0,
        reservedMemoryBytes: 0, labels: {} }, unplaced, now));
    }
    const running = snap.tasks.filter(t => t.state === 'Running').length;
    summaryEl.textContent = snap.nodes.length + ' nodes · ' + snap.services.length + ' services · '
      + running + '/' + snap.tasks.length + ' tasks running · cluster ' + snap.clusterId.substring(0, 12);
  }

  async function poll() {
    try {
      const rsp = await fetch('api/cluster', { cache: 'no-store' });
      if (!rsp.ok) {
        statusEl.textContent = 'this manager answered ' + rsp.status + ': ' + (await rsp.text());
      } else {
        last = await rsp.json();
        statusEl.textContent = 'updated ' + new Date().toLocaleTimeString();
        render();
      }
    } catch (e) {
      statusEl.textContent = 'cannot reach this manager (' + e.message + '); retrying';
    }
    setTimeout(poll, REFRESH_MS);
  }

  filterEl.addEventListener('input', render);
  compactEl.addEventListener('change', () => document.body.classList.toggle('compact', compactEl.checked));
  poll();
}());
