// Shared by every page: fetching the gateway's REST API, building DOM safely, formatting, polling, live streams.
// No framework and no build step: the browser loads these ES modules straight from the gateway.

/** An answer other than 2xx; `message` is the gateway's own `error` text when it gave one. */
export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

/**
 * Sent with every request. With a token configured, the gateway accepts a write authenticated by the session cookie
 * only with this header, which a cross-site form cannot add (docs/security.md); without a token it is ignored.
 */
export const CSRF_HEADERS = { 'x-requested-with': 'ganglion-dashboard' };

/** The login page, coming back to this page afterwards. */
export function toLogin() {
  location.assign(`login.html?next=${encodeURIComponent(location.pathname + location.search)}`);
}

async function answer(response) {
  const text = await response.text();
  let body = {};
  try { body = text ? JSON.parse(text) : {}; } catch { body = { error: text }; }
  // 401: no session (or an expired one) on a gateway that needs a token; the gateway never answers 401 otherwise.
  if (response.status === 401) toLogin();
  if (!response.ok) throw new ApiError(response.status, body.error || response.statusText);
  return body;
}

/** fetch, with a network failure (gateway down, VPN gone) reported as an ApiError of status 0. */
async function request(path, options) {
  try {
    return await fetch(path, { ...options, headers: { ...CSRF_HEADERS, ...options.headers } });
  } catch (e) {
    throw new ApiError(0, `the gateway did not answer (${e.message})`);
  }
}

export async function getJson(path) {
  return answer(await request(path, { headers: { accept: 'application/json' }, cache: 'no-store' }));
}

export async function postJson(path, body) {
  return answer(await request(path, {
    method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(body),
  }));
}

/** `el('td', {class: 'num'}, '42')`: text children are text nodes, so nothing a device sends becomes markup. */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? '' : value);
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export const $ = (selector, root = document) => root.querySelector(selector);

/** Replaces the children of `node`. */
export function fill(node, ...children) {
  node.replaceChildren(...children.flat().filter((c) => c !== undefined && c !== null));
  return node;
}

export function fmtNumber(v, digits = 1) {
  if (v === null || v === undefined || Number.isNaN(v)) return '–';
  if (Number.isInteger(v) && Math.abs(v) < 1e6) return v.toLocaleString('en');
  return Number(v).toLocaleString('en', { maximumFractionDigits: digits });
}

export function fmtBytes(n) {
  if (n === null || n === undefined || n < 0) return '–';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) { n /= 1024; i++; }
  return `${n.toFixed(i === 0 ? 0 : 1)} ${units[i]}`;
}

export function fmtDuration(ms) {
  if (ms === null || ms === undefined) return '–';
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  if (s < 86400) return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
  return `${Math.floor(s / 86400)} d ${Math.floor((s % 86400) / 3600)} h`;
}

export function fmtTime(ts) {
  if (!ts) return '–';
  return new Date(ts).toLocaleTimeString('en-GB', { hour12: false });
}

export function fmtAgo(ts) {
  if (!ts) return 'never';
  const ms = Date.now() - ts;
  return ms < 1000 ? 'just now' : `${fmtDuration(ms)} ago`;
}

/** Shows an error over the page (or clears it with null). */
export function showError(message) {
  fill($('#error'), message || '');
}

/**
 * Runs `task` now and then every `ms`, one at a time, skipping rounds while the tab is hidden (a dashboard left
 * open in a background tab costs the gateway nothing). Errors go to the banner; the next good round clears it.
 */
export function poll(task, ms) {
  let running = false;
  const round = async () => {
    if (running || document.hidden) return;
    running = true;
    try {
      await task();
      showError(null);
    } catch (e) {
      if (e instanceof ApiError) {
        showError(`The gateway answered ${e.status || 'nothing'}: ${e.message}`);
      } else {
        // A bug in the page, not the gateway's doing: on the console too, where the browser tests look.
        console.error(e);
        showError(`This page failed: ${e.message}`);
      }
    } finally {
      running = false;
    }
  };
  round();
  return setInterval(round, ms);
}

/** A stat card; `attention` marks it red. */
export function card(label, value, sub, attention = false, id = undefined) {
  return el('div', { class: attention ? 'card attention' : 'card', id, 'data-attention': attention ? 'true' : null },
    el('div', { class: 'label' }, label), el('div', { class: 'value' }, value), sub ? el('div', { class: 'sub' }, sub) : null);
}

/** A table from column headers and rows of cells (a cell is text, a node, or {value, class}). */
export function table(headers, rows, rowAttrs = () => ({})) {
  return el('table', {},
    el('thead', {}, el('tr', {}, headers.map((h) => (typeof h === 'string' ? el('th', {}, h) : el('th', h.attrs, h.text))))),
    el('tbody', {}, rows.map((row, i) => el('tr', rowAttrs(row, i), row.cells.map((c) =>
      (c !== null && typeof c === 'object' && !Array.isArray(c) && !(c instanceof Node) ? el('td', c.attrs || {}, c.value) : el('td', {}, c)))))));
}

/** Marks the current page in the navigation and shows the gateway's id (and who is logged in, with a way out). */
export async function frame(page) {
  for (const a of document.querySelectorAll('header nav a')) a.classList.toggle('active', a.dataset.page === page);
  try {
    const health = await getJson('/api/v1/health');
    fill($('#gateway-id'), `gateway ${health.gatewayId} · ${health.status}`);
    const session = await getJson('/api/v1/session');
    if (session.auth && session.loggedIn) {
      $('#gateway-id').append(` · ${session.name} (${session.role}) `, el('button', {
        type: 'button', id: 'logout', class: 'link',
        onclick: async () => { await postJson('/api/v1/logout', {}); toLogin(); },
      }, 'log out'));
    }
  } catch {
    // the page's own requests report an unreachable gateway
  }
}

export function param(name) {
  return new URLSearchParams(location.search).get(name);
}
