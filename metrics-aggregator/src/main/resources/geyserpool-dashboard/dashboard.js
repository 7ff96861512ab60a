// The geyser-pool dashboard: live over the aggregator's WebSocket (reconnecting by itself), the
// 30-minute charts and the 5-minute history over its HTTP API. Everything comes from this server.
(function () {
  'use strict';

  const API = '/api/grpc-pool';
  const params = new URLSearchParams(location.search);
  const gateway = params.get('gateway');
  const gatewayQuery = gateway ? 'gateway=' + encodeURIComponent(gateway) : '';
  const alerts = new Map();
  const charts = {};
  let reconnectDelay = 500;

  const $ = (id) => document.getElementById(id);
  const text = (id, value) => { const el = $(id); if (el) el.textContent = value; };
  const el = (tag, attrs, children) => {
    const node = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([k, v]) => {
      if (k === 'class') node.className = v; else if (k === 'text') node.textContent = v; else node.setAttribute(k, v);
    });
    (children || []).forEach((c) => node.appendChild(typeof c === 'string' ? document.createTextNode(c) : c));
    return node;
  };
  const percent = (part, whole) => (whole > 0 ? Math.round((100 * part) / whole) : 0);
  const meter = (id, pct) => {
    const bar = $(id);
    bar.style.width = Math.max(0, Math.min(100, pct)) + '%';
    bar.className = pct >= 80 ? 'bad' : pct >= 60 ? 'warn' : '';
  };
  const query = (path, extra) => {
    const parts = [extra, gatewayQuery].filter(Boolean);
    return path + (parts.length ? '?' + parts.join('&') : '');
  };

  // ---- live ---------------------------------------------------------------------------------
  function connect() {
    const scheme = location.protocol === 'https:' ? 'wss://' : 'ws://';
    const ws = new WebSocket(scheme + location.host + query(API + '/metrics/live'));
    ws.onopen = () => { reconnectDelay = 500; live(true); };
    ws.onmessage = (event) => {
      const message = JSON.parse(event.data);
      if (message.type === 'metrics') renderMetrics(message.data);
      else if (message.type === 'alert') upsertAlert(message.data);
      else if (message.type === 'alerts') {
        alerts.clear();
        message.data.active.concat(message.data.cleared).forEach(upsertAlertQuietly);
        renderAlerts();
      } else if (message.type === 'error') waiting(message.error);
    };
    ws.onclose = () => {
      live(false);
      // The aggregator restarted or the network dropped: try again, backing off to 5 s.
      setTimeout(connect, reconnectDelay);
      reconnectDelay = Math.min(5000, reconnectDelay * 2);
    };
  }

  function live(on) {
    const badge = $('live');
    badge.textContent = on ? 'Live' : 'reconnecting';
    badge.className = 'badge ' + (on ? 'on' : 'off');
  }

  function waiting(reason) {
    text('gateway', 'waiting for data');
    text('gateway-state', reason);
  }

  function renderMetrics(m) {
    text('gateway', m.gatewayId);
    text('gateway-state', m.gatewayState);
    text('as-of', new Date(m.timestamp).toLocaleTimeString());
    const c = m.connections;
    const r = m.rateLimit;
    text('conn-total', c.total);
    text('conn-max', c.max);
    text('conn-percent', '(' + percent(c.total, c.max) + '%)');
    meter('conn-meter', percent(c.total, c.max));
    text('rate-used', r.tokensUsed1Min);
    text('rate-limit', r.limit);
    text('rate-percent', '(' + Math.round(r.percentUsed) + '%)');
    meter('rate-meter', r.percentUsed);
    text('conn-active', c.active);
    text('conn-idle', c.idle);
    text('conn-failed', c.failed);
    text('queue', r.queuedRequests);
    text('next-token', r.tokensAvailable > 0 ? 'now' : r.nextTokenIn + ' s');
    text('streams-total', m.streams.total);
    text('rate-total', m.messagesPerSecond.total);
    renderGrid(m);
    renderLive(m);
    renderHealth(m);
    renderFlow(m.flow);
  }

  const GROUPS = [['high', 'High Frequency'], ['medium', 'Medium Frequency'], ['low', 'Low Frequency']];
  const DOTS = { active: '●', waiting: '○', failed: '×', rejected: '×' };

  function connectionsOf(flow, monitorId) {
    const ids = new Set();
    flow.streams.forEach((s) => { if (s.monitors.includes(monitorId) && s.connectionId) ids.add(s.connectionId); });
    return ids.size;
  }

  function renderGrid(m) {
    const grid = $('monitor-grid');
    grid.replaceChildren();
    GROUPS.forEach(([group, title]) => {
      const members = m.flow.monitors.filter((x) => x.group === group);
      const list = el('ul');
      members.forEach((x) => {
        list.appendChild(el('li', { 'data-monitor': x.monitorId, 'data-state': x.state }, [
          el('span', { text: x.monitorId }),
          el('span', { class: 'dot-' + (DOTS[x.state] === '×' ? 'failed' : x.state), text: (DOTS[x.state] || '?') + ' '
              + connectionsOf(m.flow, x.monitorId) + 'c' })]));
      });
      grid.appendChild(el('div', { class: 'group' }, [el('h3', { text: title + ' (' + members.length + ')' }), list]));
    });
  }

  function renderLive(m) {
    const body = $('live-view').tBodies[0];
    body.replaceChildren();
    const rates = m.messagesPerSecond.byMonitor;
    m.flow.monitors.forEach((x) => {
      const streams = m.streams.byMonitor[x.monitorId] || 0;
      const rate = rates[x.monitorId];
      body.appendChild(el('tr', { 'data-monitor': x.monitorId }, [
        el('td', { text: x.monitorId }),
        el('td', { text: streams + (streams === 1 ? ' stream' : ' streams') }),
        el('td', { class: 'msgs', text: rate === undefined ? '–' : (streams === 0 && !rate ? 'idle' : '↑' + rate) }),
        el('td', { text: x.state })]));
    });
  }

  const FACTORS = [['connectionStability', 'Connection Stability'], ['rateLimitHeadroom', 'Rate Limit Headroom'],
    ['streamDistribution', 'Stream Balance'], ['queuePerformance', 'Queue Performance']];

  function renderHealth(m) {
    const h = m.health;
    text('health-score', Math.round(h.score) + '/100');
    const bar = $('health-meter');
    bar.style.width = h.score + '%';
    bar.className = h.score >= 80 ? '' : h.score >= 60 ? 'warn' : 'bad';
    const details = {
      connectionStability: m.performance.failuresLastHour + ' failures/hour',
      rateLimitHeadroom: m.rateLimit.tokensUsed1Min + '/' + m.rateLimit.limit + ' used',
      streamDistribution: m.streams.total + ' streams on ' + m.connections.active + ' connections',
      queuePerformance: 'avg wait: ' + Math.round(m.performance.avgQueueWaitTime) + ' ms',
    };
    const list = $('health-factors');
    list.replaceChildren();
    FACTORS.forEach(([key, title]) => list.appendChild(el('li', { 'data-factor': key }, [
      el('span', { text: title }), el('span', { text: Math.round(h.factors[key]) + '% (' + details[key] + ')' })])));
  }

  function renderFlow(flow) {
    const box = $('flow');
    box.replaceChildren();
    flow.connections.forEach((c) => {
      const streams = flow.streams.filter((s) => s.connectionId === c.connectionId);
      const card = el('div', { class: 'conn ' + c.state, 'data-connection': c.connectionId }, [
        el('header', {}, [el('span', { text: c.connectionId }),
          el('span', { text: '(' + c.streams + '/' + flow.maxStreamsPerConnection + ') ' + c.state })])]);
      streams.forEach((s) => card.appendChild(el('div', { class: 'stream' }, [
        el('div', { text: s.streamId + ' · ' + s.group + (s.state === 'active' ? '' : ' · ' + s.state) }),
        el('div', { class: 'monitors', text: s.monitors.join(', ') })])));
      box.appendChild(card);
    });
    if (flow.queue.length) {
      const card = el('div', { class: 'conn queue' }, [el('header', {}, [el('span', { text: 'Queue' }),
        el('span', { text: flow.queue.length + ' waiting' })])]);
      flow.queue.forEach((q) => card.appendChild(el('div', { class: 'stream' }, [
        el('div', { text: q.streamId + ' · ' + q.waitingSeconds + ' s' }),
        el('div', { class: 'monitors', text: q.monitors.join(', ') })])));
      box.appendChild(card);
    }
    if (!box.children.length) box.appendChild(el('p', { class: 'muted', text: 'No connections open.' }));
  }

  // ---- alerts -------------------------------------------------------------------------------
  function upsertAlertQuietly(a) { alerts.set(a.alertId, a); }
  function upsertAlert(a) { upsertAlertQuietly(a); renderAlerts(); }

  function renderAlerts() {
    const list = $('alerts');
    list.replaceChildren();
    const all = Array.from(alerts.values()).sort((a, b) => (a.at < b.at ? 1 : -1));
    const raised = all.filter((a) => a.state === 'raised');
    raised.forEach((a) => list.appendChild(el('li', { class: 'raised ' + a.severity, 'data-alert': a.alertId,
      'data-state': 'raised' }, ['⚠️ ' + a.message])));
    if (!raised.length) list.appendChild(el('li', { class: 'ok', text: '✓ All monitors connected successfully' }));
    all.filter((a) => a.state === 'cleared').slice(0, 5).forEach((a) => list.appendChild(el('li', {
      class: 'cleared', 'data-alert': a.alertId, 'data-state': 'cleared' },
    ['✓ cleared ' + new Date(a.at).toLocaleTimeString() + ': ' + a.message])));
  }

  // ---- charts and history -------------------------------------------------------------------
  const SERIES = [['chart-rate', 'rateLimitPercent', '#d29922'], ['chart-connections', 'connections', '#58a6ff'],
    ['chart-queue', 'queueDepth', '#a371f7'], ['chart-failures', 'failuresPerMinute', '#f85149']];

  function chartWidth(id) { return Math.max(240, $(id).clientWidth || 280); }

  function renderCharts(points) {
    const xs = points.map((p) => Date.parse(p.timestamp) / 1000);
    SERIES.forEach(([id, field, colour]) => {
      const data = [xs, points.map((p) => p[field])];
      if (!charts[id]) {
        charts[id] = new uPlot({
          width: chartWidth(id), height: 140, legend: { show: false },
          axes: [{ stroke: '#8b98a5', grid: { stroke: '#2d3a46' } }, { stroke: '#8b98a5', grid: { stroke: '#2d3a46' } }],
          series: [{}, { stroke: colour, width: 2, fill: colour + '33' }],
        }, data, $(id));
      } else {
        charts[id].setData(data);
      }
      $(id).setAttribute('data-points', points.length);
    });
  }

  function renderHistory(history) {
    const body = $('history-table').tBodies[0];
    body.replaceChildren();
    history.windows.slice().reverse().forEach((w) => body.appendChild(el('tr', { 'data-window': w.timestamp }, [
      new Date(w.timestamp).toLocaleTimeString() + (w.final ? '' : ' (open)'),
      w.connections.created, w.connections.failed, w.connections.recycled, w.connections.expired,
      w.rateLimit.maxUsed, w.rateLimit.avgUsed, w.rateLimit.violations, w.rateLimit.queueDepthMax,
      w.streams.created, w.streams.completed, w.streams.failed, w.streams.avgDuration,
      w.health ? Math.round(w.health.score) : '–'].map((v) => el('td', { text: String(v) })))));
  }

  async function poll(path, render) {
    try {
      const response = await fetch(path);
      if (response.ok) render(await response.json());
    } catch (e) {
      // The live badge already says the aggregator is away; the next poll tries again.
    }
  }

  function refreshCharts() { poll(query(API + '/metrics/series', 'period=30m'), (s) => renderCharts(s.points)); }
  function refreshHistory() { poll(query(API + '/metrics/history', 'period=2h'), renderHistory); }

  window.addEventListener('resize', () => Object.entries(charts).forEach(([id, chart]) =>
    chart.setSize({ width: chartWidth(id), height: 140 })));
  if (gateway) {
    $('csv-link').href = query(API + '/metrics/history', 'period=24h&format=csv');
  }
  connect();
  refreshCharts();
  refreshHistory();
  setInterval(refreshCharts, 10000);
  setInterval(refreshHistory, 10000);
})();
