// A small SVG line chart for live values: no library, a few dozen lines. A chart keeps at most `max` points per
// series, redraws on demand and scales its y axis to what it holds.

const NS = 'http://www.w3.org/2000/svg';
const H = 90;
const PAD_LEFT = 38;
const PAD = 4;

function svg(tag, attrs) {
  const node = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  return node;
}

/** An axis label with every digit of the integer part and one more: 48211 stays 48211, 0.012345 is 0.01235. */
function tick(v) {
  const digits = Math.max(4, Math.ceil(Math.log10(Math.abs(v) + 1)) + 1);
  return Number(v.toPrecision(Math.min(digits, 15))).toString();
}

export class LineChart {
  /** @param container an element the chart fills; @param series names, the first drawn in the accent colour */
  constructor(container, { series = ['value'], max = 300 } = {}) {
    this.max = max;
    this.series = series;
    this.points = Object.fromEntries(series.map((s) => [s, []]));
    this.svg = svg('svg', { viewBox: `0 0 400 ${H}`, role: 'img' });
    container.classList.add('chart');
    container.append(this.svg);
  }

  /** Adds a point (t in epoch ms); keeps the newest `max`, in time order. */
  add(name, t, v) {
    const points = this.points[name];
    if (points.length && t < points[points.length - 1].t) {
      const at = points.findIndex((p) => p.t > t);
      points.splice(at, 0, { t, v });
    } else {
      points.push({ t, v });
    }
    if (points.length > this.max) points.splice(0, points.length - this.max);
  }

  set(name, points) {
    this.points[name] = points.slice(-this.max);
  }

  draw() {
    const all = Object.values(this.points).flat();
    // Drawn in CSS pixels of the chart's current width, so that labels are never stretched.
    const W = Math.max(120, Math.round(this.svg.getBoundingClientRect().width) || 400);
    this.svg.setAttribute('viewBox', `0 0 ${W} ${H}`);
    this.svg.replaceChildren();
    if (all.length === 0) return;
    let [t0, t1] = [Math.min(...all.map((p) => p.t)), Math.max(...all.map((p) => p.t))];
    let [v0, v1] = [Math.min(...all.map((p) => p.v)), Math.max(...all.map((p) => p.v))];
    if (t1 === t0) t1 = t0 + 1;
    if (v1 === v0) { v0 -= 1; v1 += 1; }
    const x = (t) => PAD_LEFT + ((t - t0) / (t1 - t0)) * (W - PAD_LEFT - PAD);
    const y = (v) => H - PAD - ((v - v0) / (v1 - v0)) * (H - 2 * PAD);
    for (const v of [v0, v1]) {
      this.svg.append(svg('line', { class: 'grid-line', x1: PAD_LEFT, x2: W - PAD, y1: y(v), y2: y(v) }));
      const label = svg('text', { class: 'axis', x: 2, y: Math.min(H - 2, Math.max(10, y(v) + 3)) });
      label.textContent = tick(v);
      this.svg.append(label);
    }
    this.series.forEach((name, i) => {
      const points = this.points[name];
      if (!points.length) return;
      const d = points.map((p, k) => `${k ? 'L' : 'M'}${x(p.t).toFixed(1)},${y(p.v).toFixed(1)}`).join('');
      this.svg.append(svg('path', { class: i === 0 ? 'line' : 'line second', d, 'data-series': name,
        'data-points': points.length }));
      // The newest point, marked: also what shows of a series that has a single point so far.
      const last = points[points.length - 1];
      this.svg.append(svg('circle', { class: i === 0 ? 'dot' : 'dot second', cx: x(last.t), cy: y(last.v), r: 2.5 }));
    });
  }
}
