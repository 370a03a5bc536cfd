// Devices: every device the gateway knows (declared or heard from), searchable, with its transport, profile,
// firmware, when it was last heard and its state. A device without a profile, or offline, is marked red.
import { $, el, fill, fmtAgo, frame, getJson, poll, table } from './common.js';

frame('devices');

/** A device quiet for longer than this is shown as silent (most profiles report every few seconds to a minute). */
const SILENT_MS = 5 * 60 * 1000;

const app = $('#app');
const search = el('input', { type: 'search', id: 'search', placeholder: 'Search id, profile, transport, firmware…',
  size: 40, 'aria-label': 'Search devices' });
const count = el('span', { class: 'muted', id: 'count' });
const list = el('div', { id: 'devices' });
app.append(el('h1', {}, 'Devices'), el('div', { class: 'toolbar' }, search, count), list);

let devices = [];

function status(d) {
  if (d.profileProblem) return { text: `no profile: ${d.profileProblem.reason}`, bad: true };
  if (d.state === 'offline') return { text: 'offline', bad: true };
  if (!d.lastSeen) return { text: 'never heard', bad: false };
  if (Date.now() - d.lastSeen > SILENT_MS) return { text: 'silent', bad: true };
  return { text: d.state || 'active', bad: false };
}

function render() {
  const words = search.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
  const shown = devices.filter((d) => {
    const text = [d.id, d.profile, d.transport, d.firmware, d.model, d.state].join(' ').toLowerCase();
    return words.every((w) => text.includes(w));
  });
  fill(count, `${shown.length} of ${devices.length}`);
  fill(list, table(['Device', 'Transport', 'Profile', 'Firmware', 'Last seen', 'Status'], shown.map((d) => {
    const s = status(d);
    return {
      device: d,
      bad: s.bad,
      cells: [
        el('a', { href: `device.html?id=${encodeURIComponent(d.id)}` }, d.id),
        d.transport || '–', d.profile || '–', d.firmware || '–', fmtAgo(d.lastSeen),
        { value: s.text, attrs: { class: s.bad ? 'bad' : '' } },
      ],
    };
  }), (row) => ({ class: row.bad ? 'attention' : null, 'data-device': row.device.id })));
}

search.addEventListener('input', render);
poll(async () => {
  devices = await getJson('/api/v1/devices');
  render();
}, 5000);
