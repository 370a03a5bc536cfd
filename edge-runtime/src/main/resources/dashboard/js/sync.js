// Sync: is the cloud getting the data? The outbox's backlog and lag, the last batches and what became of them,
// errors, and what the outbox sacrificed to stay within its quota (per kind of record).
import { $, card, el, fill, fmtAgo, fmtBytes, fmtDuration, fmtNumber, fmtTime, frame, getJson, poll, table }
  from './common.js';

frame('sync');

/** The oldest unsent record older than this means the cloud is behind (the overview uses the same figure). */
const LAG_WARNING_MS = 60_000;

const app = $('#app');
const cards = el('div', { class: 'grid', id: 'sync-cards' });
const batches = el('div', { id: 'batches' });
const errors = el('div', { id: 'sync-errors' });
const sacrificed = el('div', { id: 'sacrificed' });
app.append(el('h1', {}, 'Cloud sync'), cards, el('h2', {}, 'Recent batches'), batches, el('h2', {}, 'Errors'), errors,
  el('h2', {}, 'Sacrificed to the outbox quota'), sacrificed);

poll(async () => {
  const s = await getJson('/api/v1/sync');
  if (!s.enabled) {
    fill(cards, card('Sync', 'off', 'the configuration has no sync section', false, 'card-state'));
    return;
  }
  const lagging = s.oldestUnsentAgeMs > LAG_WARNING_MS;
  fill(cards,
    card('State', s.state, s.draining ? 'draining a backlog' : 'live', s.state !== 'ok', 'card-state'),
    card('Backlog', fmtNumber(s.backlogRecords), `${fmtBytes(s.backlogBytes)} · ${s.inFlightRecords} in flight`,
      lagging, 'card-backlog'),
    card('Lag', fmtDuration(s.oldestUnsentAgeMs), 'age of the oldest unsent record', lagging, 'card-lag'),
    card('Batches sent', fmtNumber(s.batchesSent), `${fmtNumber(s.ackedRecords)} records acknowledged`, false,
      'card-batches'),
    card('Sequence', fmtNumber(s.lastAckedSeq), `last acknowledged · next ${fmtNumber(s.nextSeq)}`, false, 'card-seq'),
    card('Refused', fmtNumber(s.refusedRecords), `parked now · ${fmtNumber(s.refusedTotal)} ever`,
      s.refusedRecords > 0, 'card-refused'),
    card('Not kept', fmtNumber(s.notKept), `missed ${fmtNumber(s.missedReadings)} · replayed `
      + `${fmtNumber(s.replayedReadings)}`, s.notKept > 0 || s.missedReadings > 0, 'card-notkept'));
  fill(batches, s.recentBatches.length
    ? table(['Answered', 'Outcome', { text: 'Records', attrs: { class: 'num' } },
      { text: 'Up to seq', attrs: { class: 'num' } }, { text: 'ms', attrs: { class: 'num' } }, 'Detail'],
    s.recentBatches.map((b) => ({ b, cells: [fmtTime(b.atMs), { value: b.outcome, attrs: { class: b.outcome === 'acked' ? 'ok' : 'bad' } },
      { value: b.records, attrs: { class: 'num' } }, { value: b.highestSeq, attrs: { class: 'num' } },
      { value: b.millis, attrs: { class: 'num' } }, b.detail ?? ''] })),
    (row) => ({ class: row.b.outcome === 'acked' ? 'batch' : 'batch attention', 'data-outcome': row.b.outcome }))
    : el('p', { class: 'muted' }, 'No batch sent since the gateway started.'));
  fill(errors, s.lastError
    ? el('div', { class: s.consecutiveFailures ? 'card attention' : 'card' },
      el('div', { class: 'label' }, `last error ${fmtAgo(s.lastErrorAtMs)} · ${s.consecutiveFailures} consecutive `
        + `failure(s), ${s.failuresTotal} since start`), el('div', { class: 'mono' }, s.lastError))
    : el('p', { class: 'muted' }, `No error since the gateway started (${s.failuresTotal} failures).`));
  const kinds = Object.entries(s.sacrificed);
  fill(sacrificed, table(['Kind', { text: 'Records', attrs: { class: 'num' } }],
    kinds.map(([kind, n]) => ({ n, cells: [kind, { value: fmtNumber(n), attrs: { class: n ? 'num bad' : 'num' } }] })),
    (row) => ({ class: row.n ? 'attention' : null })));
}, 2000);
