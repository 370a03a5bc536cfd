// Cameras: per camera the latest analysed frame with its detections drawn by the gateway (frame.jpg), what was
// detected in it, its frame counters (dropped frames in red), and the counts per class and zone per window.
import { $, el, fill, fmtAgo, fmtNumber, fmtTime, frame, getJson, poll, table } from './common.js';
import { LineChart } from './chart.js';

frame('cameras');

const app = $('#app');
const list = el('div', { class: 'wide-grid', id: 'cameras' });
app.append(el('h1', {}, 'Cameras'), list);

const views = new Map(); // camera id -> its nodes

function view(id) {
  if (views.has(id)) return views.get(id);
  const img = el('img', { alt: `latest annotated frame of ${id}`, id: `frame-${id}` });
  const chartBox = el('div', {});
  const v = {
    img,
    analysedAt: 0,
    meta: el('div', { class: 'sub' }),
    detections: el('div', { id: `detections-${id}` }),
    counters: el('div', { class: 'sub', id: `counters-${id}` }),
    windows: el('div', { id: `windows-${id}` }),
    chart: null,
    box: null,
  };
  v.box = el('div', { class: 'card', 'data-camera': id }, el('h2', {}, id), el('div', { class: 'frame' }, img),
    v.meta, v.counters, el('h2', {}, 'In the latest frame'), v.detections,
    el('h2', {}, 'Detections per window'), chartBox, v.windows);
  v.chart = new LineChart(chartBox, { max: 60 });
  list.append(v.box);
  views.set(id, v);
  return v;
}

function render(camera) {
  const v = view(camera.id);
  const f = camera.frames;
  v.box.classList.toggle('attention', f.dropped > 0 || f.sourceProblems > 0);
  fill(v.counters, `model ${camera.model} · frames received ${fmtNumber(f.received)}, analysed ${fmtNumber(f.analysed)}, `,
    el('span', { class: f.dropped ? 'bad' : '' }, `dropped ${fmtNumber(f.dropped)}`),
    `, rejected ${fmtNumber(f.rejected)}, late ${fmtNumber(f.late)}`,
    f.sourceProblems ? el('span', { class: 'bad' }, `, source problems ${f.sourceProblems}`) : null,
    camera.zones.length ? ` · zones: ${camera.zones.join(', ')}` : '');
  const last = camera.lastFrame;
  if (!last) {
    fill(v.meta, 'No frame analysed yet.');
    fill(v.detections, '');
    return;
  }
  if (last.analysedAt !== v.analysedAt) {
    // Only once there is a frame (before, frame.jpg is a 404); the query defeats the browser's cache.
    v.analysedAt = last.analysedAt;
    v.img.src = `${last.image}?at=${last.analysedAt}`;
    v.img.dataset.analysedAt = String(last.analysedAt);
  }
  fill(v.meta, `frame of ${fmtTime(last.frameTime)}, analysed ${fmtAgo(last.analysedAt)} in `
    + `${fmtNumber(last.inferenceMillis)} ms · ${last.width}×${last.height}`);
  fill(v.detections, last.detections.length
    ? table(['Class', { text: 'Score', attrs: { class: 'num' } }, 'Box (x1, y1, x2, y2)'],
      last.detections.map((d) => ({ d, cells: [d.class, { value: fmtNumber(d.score, 2), attrs: { class: 'num' } },
        `${Math.round(d.box.x1)}, ${Math.round(d.box.y1)}, ${Math.round(d.box.x2)}, ${Math.round(d.box.y2)}`] })),
      (row) => ({ class: 'detection', 'data-class': row.d.class }))
    : el('p', { class: 'muted' }, 'Nothing detected in the latest frame.'));
}

function describeCounts(counts) {
  return counts.map((c) => `${c.class} ${c.detections} (peak ${c.peak})`).join(', ') || '–';
}

async function renderWindows(id) {
  const v = view(id);
  const answer = await getJson(`/api/v1/cameras/${encodeURIComponent(id)}/counts?limit=30`);
  v.chart.set('value', answer.windows.slice().reverse().map((w) => ({ t: w.start, v: w.detections })));
  v.chart.draw();
  fill(v.windows, table(['Window', { text: 'Frames', attrs: { class: 'num' } }, 'Per class', 'Per zone'],
    answer.windows.slice(0, 8).map((w) => ({ cells: [`${fmtTime(w.start)}${w.open ? ' (open)' : ''}`,
      { value: w.frames, attrs: { class: 'num' } }, describeCounts(w.classes),
      Object.entries(w.zones).map(([zone, counts]) => `${zone}: ${describeCounts(counts)}`).join('; ') || '–'] }))));
}

/** Frames every 2 s; windows (which close every `vision.window`, 60 s by default) every 10 s and on first sight. */
let windowsDueAt = 0;
poll(async () => {
  const cameras = await getJson('/api/v1/cameras');
  if (!cameras.length) fill(list, el('p', { class: 'muted' }, 'No cameras: no declared device has a camera profile.'));
  cameras.forEach(render);
  if (Date.now() >= windowsDueAt) {
    windowsDueAt = Date.now() + 10_000;
    for (const camera of cameras) await renderWindows(camera.id);
  }
}, 2000);
