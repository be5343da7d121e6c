// Toasts, and the commands this browser submitted: when one finishes (or a whole batch does), say so —
// on whatever console page is open, also after a reload (the watch list lives in localStorage).
import { api } from './api.js';
import { el, $ } from './dom.js';
import { TERMINAL, duration, firstLine } from './format.js';

const KEY = 'caisey.watch';
// Set while this page is being left: a toast raised now would vanish with the page, so finished commands stay on the
// watch list and the next page's catchUp() announces them.
let leaving = false;

function load() {
  try { return JSON.parse(localStorage.getItem(KEY)) || {}; } catch { return {}; }
}

function save(watch) {
  localStorage.setItem(KEY, JSON.stringify(watch));
}

/** Watch a command submitted here. */
export function watchCommand(view, hostname) {
  const watch = load();
  watch[view.id] = { hostname: hostname || view.endpointId, script: view.script, batchId: view.batchId || null, at: Date.now() };
  save(watch);
  // A fast command can finish before its 202 arrives, its events already gone by: read it once now.
  api(`/api/v1/commands/${encodeURIComponent(view.id)}`).then(commandChanged, () => {});
}

/** Watch a batch submitted here, then open `nextUrl`, whose page announces it when it finishes. */
export function watchBatchAndGo(batch, script, hostnames, nextUrl) {
  const watch = load();
  for (const view of batch.commands)
    watch[view.id] = { hostname: hostnames.get(view.endpointId) || view.endpointId, script, batchId: batch.batchId, at: Date.now(), status: view.status };
  save(watch);
  leaving = true;
  location.assign(nextUrl);
}

/** Called with every command.changed event and every command read. */
export function commandChanged(view) {
  if (leaving) return;
  const watch = load();
  const entry = watch[view.id];
  if (!entry) return;
  entry.status = view.status;
  if (!TERMINAL.has(view.status)) {
    save(watch);
    return;
  }
  entry.done = { status: view.status, exitCode: view.exitCode, failureReason: view.failureReason, roundTripMs: view.roundTripMs };
  if (!entry.batchId) {
    delete watch[view.id];
    save(watch);
    announceCommand(view, entry);
    return;
  }
  const members = Object.entries(watch).filter(([, e]) => e.batchId === entry.batchId);
  if (members.every(([, e]) => e.done)) {
    for (const [id] of members) delete watch[id];
    save(watch);
    announceBatch(entry.batchId, members.map(([, e]) => e));
  } else {
    save(watch);
  }
}

/** Commands that finished while no console page was open. */
export async function catchUp() {
  const watch = load();
  const dayAgo = Date.now() - 24 * 3600 * 1000;
  for (const [id, entry] of Object.entries(watch).slice(0, 50)) {
    if (entry.at < dayAgo) {
      delete watch[id];
      continue;
    }
    try {
      commandChanged(await api(`/api/v1/commands/${encodeURIComponent(id)}`));
    } catch (error) {
      if (error.status === 404) {
        const current = load();
        delete current[id];
        save(current);
      }
    }
  }
}

function announceCommand(view, entry) {
  const outcome = view.status === 'succeeded'
    ? `succeeded${view.exitCode !== null && view.exitCode !== undefined ? ` (exit ${view.exitCode})` : ''}`
    : view.status + (view.failureReason ? ` (${view.failureReason})` : '');
  const text = `“${firstLine(entry.script, 40)}” on ${entry.hostname} ${outcome}` + (view.roundTripMs !== null ? ` · ${duration(view.roundTripMs)}` : '');
  toast(text, { kind: view.status === 'succeeded' ? 'ok' : 'bad', href: `/commands/${view.id}`, title: 'Command finished' });
}

function announceBatch(batchId, entries) {
  const ok = entries.filter(e => e.done.status === 'succeeded').length;
  const text = `Batch “${firstLine(entries[0].script, 40)}”: ${ok} of ${entries.length} succeeded`;
  toast(text, { kind: ok === entries.length ? 'ok' : 'bad', href: `/batches/${batchId}`, title: 'Batch finished' });
}

export function toast(text, { kind = 'info', href = null, title = null } = {}) {
  const region = $('#toasts');
  if (!region) return;
  const close = el('button', { type: 'button', class: 'toast-close', 'aria-label': 'Dismiss notification' }, '×');
  const item = el('div', { class: `toast toast-${kind}`, role: 'status' },
    el('div', { class: 'toast-body' }, title ? el('strong', {}, title) : null, el('span', {}, text)),
    href ? el('a', { href }, 'Open') : null,
    close);
  close.addEventListener('click', () => item.remove());
  region.append(item);
  let timer = setTimeout(() => item.remove(), 15_000);
  item.addEventListener('mouseenter', () => clearTimeout(timer));
  item.addEventListener('mouseleave', () => { timer = setTimeout(() => item.remove(), 4_000); });
  if ('Notification' in window && Notification.permission === 'granted' && document.hidden)
    new Notification(title || 'Caisey', { body: text });
}

export function setUpPermissionButton() {
  const button = $('#notify-permission');
  if (!button || !('Notification' in window) || Notification.permission !== 'default') return;
  button.hidden = false;
  button.addEventListener('click', async () => {
    await Notification.requestPermission();
    button.hidden = true;
  });
}
