// Overview: is the gateway healthy, how much it takes in, how full its store is, whether the cloud gets the data.
// One request (/api/v1/overview) every 2 s; the gateway says itself what needs attention (`attention`), and the
// cards it names are drawn red.
import { $, card, el, fill, fmtBytes, fmtDuration, fmtNumber, frame, getJson, poll } from './common.js';
import { LineChart } from './chart.js';

frame('overview');

const app = $('#app');
const concerns = el('ul', { class: 'concerns', id: 'concerns' });
const cards = el('div', { class: 'grid', id: 'cards' });
const chartBox = el('div', { class: 'card' }, el('div', { class: 'label' },
  'Readings stored per second (blue) and messages rejected per second (red), last two minutes'));
app.append(el('h1', {}, 'Overview'), concerns, cards, el('h2', {}, 'Ingest'), chartBox);
const chart = new LineChart(chartBox, { series: ['stored', 'rejected'], max: 120 });

async function refresh() {
  const o = await getJson('/api/v1/overview');
  const flagged = new Set(o.attention.map((a) => a.what));
  fill(concerns, o.attention.map((a) => el('li', { 'data-what': a.what }, a.why)));
  const store = o.store;
  const sync = o.sync;
  const heap = o.memory;
  fill(cards,
    card('Health', o.status, o.problems.length ? `${o.problems.length} problem(s)` : 'no problems',
      flagged.has('health'), 'card-health'),
    card('Uptime', fmtDuration(o.uptimeMs), `gateway ${o.gatewayId}`, false, 'card-uptime'),
    card('Ingest', `${fmtNumber(o.ingest.storedPerSecond)} /s`,
      `${fmtNumber(o.ingest.storedTotal ?? 0)} readings stored since start`, false, 'card-ingest'),
    card('Rejected', `${fmtNumber(o.ingest.rejectedPerSecond)} /s`,
      `${fmtNumber(o.ingest.rejectedTotal ?? 0)} messages since start`, flagged.has('rejected'), 'card-rejected'),
    card('Store', `${fmtNumber(store.fill * 100)} %`,
      `${fmtBytes(store.usedBytes)} of ${fmtBytes(store.quotaBytes)} · ${fmtNumber(store.evicted)} evicted`,
      flagged.has('store'), 'card-store'),
    sync.enabled
      ? card('Sync backlog', fmtNumber(sync.backlogRecords),
        `oldest unsent ${fmtDuration(sync.oldestUnsentAgeMs)} · ${sync.state}`, flagged.has('sync'), 'card-sync')
      : card('Sync', 'off', 'no sync section in the configuration', false, 'card-sync'),
    card('Devices', `${fmtNumber(o.devices.seen)} / ${fmtNumber(o.devices.total)}`,
      `seen / known · ${o.devices.online} online, ${o.devices.offline} offline`
        + (o.devices.profileProblems ? ` · ${o.devices.profileProblems} without a profile` : ''),
      o.devices.profileProblems > 0, 'card-devices'),
    card('Cameras', fmtNumber(o.vision.cameras),
      `${fmtNumber(o.vision.framesAnalysed)} frames analysed, ${fmtNumber(o.vision.framesDropped)} dropped`,
      flagged.has('cameras'), 'card-cameras'),
    card('Memory', fmtBytes(heap.heapUsedBytes),
      `Java heap of ${fmtBytes(heap.heapMaxBytes)} · ${fmtBytes(heap.nonHeapUsedBytes)} non-heap`,
      flagged.has('memory'), 'card-memory'),
    card('Live views', `${o.live.clients} / ${o.live.maxClients}`,
      `browsers following devices · ${fmtNumber(o.live.lost)} updates coalesced`, false, 'card-live'));
  chart.set('stored', o.ingest.history.map((h) => ({ t: h.t, v: h.stored })));
  chart.set('rejected', o.ingest.history.map((h) => ({ t: h.t, v: h.rejected })));
  chart.draw();
}

poll(refresh, 2000);
