// Profiles: the firmware profiles in force, which devices use each, devices no profile covers, and what the last
// change to the profile directory did (applied, or refused with every problem).
import { $, el, fill, fmtTime, frame, getJson, poll, table } from './common.js';

frame('profiles');

const app = $('#app');
const reload = el('div', { id: 'reload' });
const unresolved = el('div', { id: 'unresolved' });
const list = el('div', { id: 'profiles' });
app.append(el('h1', {}, 'Profiles'), reload, el('h2', {}, 'Devices without a profile'), unresolved,
  el('h2', {}, 'Loaded profiles'), list);

function commandText(p) {
  const details = p.commandDetails ?? {};
  return Object.entries(details).map(([name, c]) => {
    const params = Object.entries(c.parameters).map(([n, s]) => `${n}: ${s.type}`
      + (s.range ? ` ${s.range[0]}…${s.range[1]}` : '') + (s.unit ? ` ${s.unit}` : ''));
    return params.length ? `${name}(${params.join(', ')})` : name;
  }).join(', ') || '–';
}

poll(async () => {
  const answer = await getJson('/api/v1/profiles');
  const r = answer.reload;
  const last = r.lastChange;
  fill(reload, el('div', { class: last && !last.applied ? 'card attention' : 'card', id: 'reload-card' },
    el('div', { class: 'label' }, `generation ${answer.generation}, in force since ${fmtTime(answer.since)}`),
    r.enabled ? el('div', {}, `Hot reload watches ${r.directory}. `, last
      ? `Last change at ${fmtTime(last.at)}: ${last.applied ? 'applied' : 'refused, the previous set stays in force'}.`
      : 'No change since start.') : el('div', {}, 'Hot reload is off (no profile directory configured).'),
    last && last.problems.length ? el('ul', { class: 'concerns', id: 'reload-problems' },
      last.problems.map((p) => el('li', {}, p))) : null));
  fill(unresolved, answer.unresolvedDevices.length
    ? table(['Device', 'Model', 'Firmware', 'Reason', 'Problem'], answer.unresolvedDevices.map((u) => ({
      cells: [u.device, u.model ?? '–', u.firmware ?? '–', u.reason, u.problem] })), () => ({ class: 'attention' }))
    : el('p', { class: 'muted' }, 'Every declared device has a profile.'));
  fill(list, table(['Profile', 'Vendor / model', 'Firmware', 'Metrics', 'Commands', 'Devices'],
    answer.profiles.map((p) => ({ p, cells: [el('span', { class: 'mono', title: p.source ?? '' }, p.id),
      p.builtIn ? 'built in' : `${p.vendor ?? ''} ${p.model ?? ''}`, p.firmware ?? '–',
      Object.keys(p.metrics ?? {}).join(', ') || '–', commandText(p),
      p.devices.length ? p.devices.map((d, i) => [i ? ', ' : '', el('a', { href: `device.html?id=${encodeURIComponent(d)}` }, d)]).flat()
        : el('span', { class: 'muted' }, 'none')] })),
    (row) => ({ 'data-profile': row.p.id })));
}, 10_000);
