// One device: live charts of its metrics (Server-Sent Events from /api/v1/events, at most one update a second),
// its recent readings, what of it was rejected, its commands, and a form to send one, checked against its profile
// before it is sent (the gateway checks again and its 400 message is shown as it is).
import { $, ApiError, el, fill, fmtAgo, fmtNumber, fmtTime, frame, getJson, param, poll, postJson, showError, table }
  from './common.js';
import { LineChart } from './chart.js';

frame('devices');

const HISTORY_MS = 10 * 60 * 1000;
const FINAL = new Set(['acknowledged', 'failed', 'expired']);
const id = param('id');
const app = $('#app');
const path = `/api/v1/devices/${encodeURIComponent(id ?? '')}`;

const info = el('div', { class: 'grid', id: 'info' });
const liveStatus = el('span', { class: 'pill', id: 'live-status', 'data-updates': '0' }, 'connecting…');
const metricsBox = el('div', { class: 'wide-grid', id: 'metrics' });
const readingsBox = el('div', { id: 'readings' });
const rejectedBox = el('div', { id: 'rejected' });
const commandBox = el('div', { id: 'command' });
const commandsBox = el('div', { id: 'commands' });

const metrics = new Map(); // metric -> {value node, chart}
let recent = []; // newest first, for the readings table
let updates = 0;

function metricCard(name, unit) {
  if (metrics.has(name)) return metrics.get(name);
  const value = el('span', { class: 'value', id: `metric-${name}`, 'data-metric': name }, '–');
  const chartBox = el('div', {});
  const box = el('div', { class: 'card' }, el('div', { class: 'label' }, `${name}${unit ? ` (${unit})` : ''}`),
    value, chartBox);
  metricsBox.append(box);
  const entry = { value, chart: new LineChart(chartBox, { max: 600 }), last: undefined };
  metrics.set(name, entry);
  return entry;
}

function show(reading, live) {
  const m = metricCard(reading.metric, reading.unit);
  m.chart.add('value', reading.ts, reading.value);
  if (m.last === undefined || reading.ts >= m.last) {
    m.last = reading.ts;
    fill(m.value, fmtNumber(reading.value, 3));
    m.value.classList.toggle('bad', reading.quality === 'BAD');
    m.value.title = `${reading.quality} at ${new Date(reading.ts).toISOString()}`;
  }
  if (live) {
    recent.unshift(reading);
    recent = recent.slice(0, 30);
  }
}

function renderReadings() {
  fill(readingsBox, table(['Time', 'Metric', { text: 'Value', attrs: { class: 'num' } }, 'Unit', 'Quality'],
    recent.map((r) => ({ cells: [fmtTime(r.ts), r.metric, { value: fmtNumber(r.value, 3), attrs: { class: 'num' } },
      r.unit || '', { value: r.quality, attrs: { class: r.quality === 'BAD' ? 'bad' : '' } }] }))));
}

async function loadHistory() {
  const from = Date.now() - HISTORY_MS;
  const counts = await getJson(`${path}/counts?from=${from}`);
  const names = Object.keys(counts.metrics);
  const all = [];
  for (const name of names) {
    const r = await getJson(`${path}/readings?metric=${encodeURIComponent(name)}&from=${from}&limit=600`);
    all.push(...r.readings);
  }
  all.sort((a, b) => a.ts - b.ts).forEach((r) => show(r, false));
  recent = all.slice(-30).reverse();
  renderReadings();
  for (const m of metrics.values()) m.chart.draw();
}

function follow() {
  const source = new EventSource(`/api/v1/events?device=${encodeURIComponent(id)}`);
  source.addEventListener('hello', () => fill(liveStatus, 'live'));
  source.addEventListener('readings', (e) => {
    const batch = JSON.parse(e.data);
    batch.readings.sort((a, b) => a.ts - b.ts).forEach((r) => show(r, true));
    updates += batch.readings.length;
    liveStatus.dataset.updates = String(updates);
    liveStatus.classList.add('ok');
    fill(liveStatus, `live · ${updates} updates`);
    for (const m of metrics.values()) m.chart.draw();
    renderReadings();
  });
  // EventSource reconnects by itself (after the `retry` the gateway gives); the pill says so meanwhile.
  source.onerror = () => {
    liveStatus.classList.remove('ok');
    fill(liveStatus, 'reconnecting…');
  };
  // A page kept in the back-forward cache must not hold one of the gateway's few live streams.
  addEventListener('pagehide', () => source.close(), { once: true });
}

addEventListener('pageshow', (e) => {
  if (e.persisted && id) follow();
});

function renderInfo(d) {
  const item = (label, value, bad = false) => el('div', { class: bad ? 'card attention' : 'card' },
    el('div', { class: 'label' }, label), el('div', {}, value ?? '–'));
  fill(info, item('Transport', d.transport), item('Profile', d.profile ?? 'none', !!d.profileProblem),
    item('Firmware', d.firmware), item('Last seen', fmtAgo(d.lastSeen)),
    item('State', d.state ?? (d.lastSeen ? 'active' : 'never heard'), d.state === 'offline'));
}

async function renderRejected() {
  const counts = await getJson(`${path}/counts?from=${Date.now() - 60_000}`);
  const all = await getJson('/api/v1/rejected?limit=1000');
  const mine = all.rejected.filter((r) => r.device === id).slice(0, 10);
  const reasons = Object.entries(counts.rejected.byReason);
  fill(rejectedBox,
    el('p', { class: counts.rejected.total ? 'bad' : 'muted' }, counts.rejected.total
      ? `${counts.rejected.total} message(s) rejected since the gateway started: `
        + reasons.map(([reason, n]) => `${reason} ${n}`).join(', ')
      : 'Nothing rejected since the gateway started.'),
    mine.length ? table(['Received', 'Reason', 'Detail', { text: 'Bytes', attrs: { class: 'num' } }],
      mine.map((r) => ({ cells: [fmtTime(r.receivedAt), r.reason, r.detail,
        { value: r.payloadBytes, attrs: { class: 'num' } }] }))) : null);
}

async function renderCommands() {
  const list = await getJson(`${path}/commands?limit=10`);
  fill(commandsBox, list.commands.length ? table(['Created', 'Command', 'Parameters', 'Status', 'Detail'],
    list.commands.map((c) => ({ command: c, cells: [fmtTime(c.createdAt), c.name, JSON.stringify(c.parameters),
      { value: c.status, attrs: { class: c.status === 'failed' || c.status === 'expired' ? 'bad' : '' } },
      c.detail ?? ''] })), (row) => ({ 'data-command': row.command.id, 'data-status': row.command.status }))
    : el('p', { class: 'muted' }, 'No commands sent yet.'));
}

/** The value of one parameter's input, or an error message: the profile's type and range, as the gateway checks. */
function checkParameter(name, spec, input) {
  if (spec.type === 'bool') return { value: input.checked };
  const text = input.value.trim();
  if (text === '') return { error: `${name} is required` };
  const value = Number(text);
  if (!Number.isFinite(value)) return { error: `${name} must be a number` };
  if (spec.type === 'int' && !Number.isInteger(value)) return { error: `${name} must be a whole number` };
  if (spec.range && (value < spec.range[0] || value > spec.range[1])) {
    return { error: `${name} must be within [${spec.range[0]}, ${spec.range[1]}]${spec.unit ? ` ${spec.unit}` : ''}` };
  }
  return { value };
}

function commandForm(commands) {
  const names = Object.keys(commands);
  if (!names.length) {
    fill(commandBox, el('p', { class: 'muted' }, 'This device\'s profile declares no commands.'));
    return;
  }
  const select = el('select', { id: 'command-name', name: 'command' }, names.map((n) => el('option', { value: n }, n)));
  const params = el('span', { id: 'command-parameters', class: 'contents' });
  const description = el('span', { class: 'muted', id: 'command-description' });
  const result = el('div', { id: 'command-result', role: 'status' });
  const form = el('form', { class: 'command', id: 'command-form', novalidate: true },
    el('label', {}, 'Command', select), params,
    el('button', { type: 'submit', id: 'command-send' }, 'Send'), description);
  const inputs = new Map();
  const renderParameters = () => {
    // A command the profile no longer has (reloaded since the page was loaded) is sent without parameters and the
    // gateway's answer says why it refused.
    const spec = commands[select.value] ?? { description: '', parameters: {} };
    inputs.clear();
    fill(description, spec.description ?? '');
    fill(params, Object.entries(spec.parameters).map(([name, p]) => {
      const input = p.type === 'bool'
        ? el('input', { type: 'checkbox', name, id: `param-${name}` })
        : el('input', { type: 'number', name, id: `param-${name}`, step: p.type === 'int' ? '1' : 'any',
          min: p.range?.[0], max: p.range?.[1], placeholder: p.range ? `${p.range[0]}–${p.range[1]}` : p.type,
          required: true });
      const error = el('span', { class: 'field-error', id: `param-${name}-error` });
      inputs.set(name, { spec: p, input, error });
      return el('label', {}, `${name}${p.unit ? ` (${p.unit})` : ''}`, input, error);
    }));
  };
  select.addEventListener('change', renderParameters);
  renderParameters();
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const parameters = {};
    let ok = true;
    for (const [name, { spec, input, error }] of inputs) {
      const checked = checkParameter(name, spec, input);
      input.classList.toggle('invalid', !!checked.error);
      fill(error, checked.error ?? '');
      if (checked.error) ok = false;
      else parameters[name] = checked.value;
    }
    if (!ok) {
      fill(result, el('span', { class: 'bad' }, 'Not sent: fix the values marked red.'));
      result.dataset.status = 'invalid';
      return;
    }
    try {
      const sent = await postJson(`${path}/commands/${encodeURIComponent(select.value)}`, { parameters });
      await followCommand(sent, result);
    } catch (err) {
      // The gateway's refusal (400 with what was wrong, 404, 409, 429, 503) shown as it gave it.
      result.dataset.status = 'refused';
      // 403: logged in with a read-only token; the gateway's message names the token and the role needed.
      fill(result, el('span', { class: 'bad' }, err instanceof ApiError ? `Refused (${err.status}): ${err.message}`
        + (err.status === 403 ? '. Log out and log in with an admin token to send commands.' : '')
        : `Not sent: ${err.message}`));
    }
  });
  fill(commandBox, form, result);
}

async function followCommand(command, result) {
  const deadline = Date.now() + 60_000;
  let c = command;
  for (;;) {
    result.dataset.status = c.status;
    result.dataset.command = c.id;
    fill(result, `Command ${c.name} (${c.id}): `, el('b', { class: c.status === 'acknowledged' ? 'ok'
      : FINAL.has(c.status) ? 'bad' : '' }, c.status), c.detail ? ` · ${c.detail}` : '');
    if (FINAL.has(c.status) || Date.now() > deadline) break;
    await new Promise((r) => setTimeout(r, 500));
    c = await getJson(`/api/v1/commands/${encodeURIComponent(c.id)}`);
  }
  await renderCommands();
}

async function start() {
  if (!id) {
    showError('No device given: open a device from the Devices page.');
    return;
  }
  const device = await getJson(path);
  document.title = `${id} · Ganglion`;
  app.append(el('h1', {}, 'Device ', el('span', { class: 'mono' }, id), ' ', liveStatus), info,
    el('h2', {}, 'Live metrics'), metricsBox, el('h2', {}, 'Recent readings'), readingsBox,
    el('h2', {}, 'Rejected messages'), rejectedBox);
  renderInfo(device);
  await loadHistory();
  follow();
  if (device.accepted) {
    app.append(el('h2', {}, 'Send a command'), commandBox, el('h2', {}, 'Commands'), commandsBox);
    const profiles = await getJson('/api/v1/profiles');
    const profile = profiles.profiles.find((p) => p.id === device.profile);
    commandForm(profile?.commandDetails ?? {});
    poll(renderCommands, 5000);
  }
  poll(async () => renderInfo(await getJson(path)), 5000);
  poll(renderRejected, 10_000);
}

start().catch((e) => {
  if (!(e instanceof ApiError)) console.error(e); // a bug in the page: on the console, where the tests look
  showError(`Could not load the device: ${e.message}`);
});
