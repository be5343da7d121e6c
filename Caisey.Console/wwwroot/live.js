// One EventSource per page on /api/v1/events. Pages subscribe by event name and register a resync, which runs
// whenever the stream (re)opens: events missed while disconnected are covered by re-reading the API.
import { api } from './api.js';

const handlers = new Map();
const resyncs = new Set();
let source = null;

export function on(name, handler) {
  if (!handlers.has(name)) handlers.set(name, new Set());
  handlers.get(name).add(handler);
  if (source) listen(name);
}

export function onResync(handler) {
  resyncs.add(handler);
}

export function start() {
  source = new EventSource('/api/v1/events', { withCredentials: true });
  for (const name of handlers.keys()) listen(name);
  source.addEventListener('open', () => {
    setStatus('live', 'live');
    for (const resync of resyncs) resync();
  });
  source.addEventListener('error', async () => {
    setStatus('reconnecting', 'reconnecting…');
    if (source.readyState !== EventSource.CLOSED) return; // the browser retries by itself
    // Closed for good (e.g. a 401 once the session ended): check the session, then start over.
    try { await api('/api/v1/client-groups'); } catch { /* api() sends a 401 to the login page */ }
    setTimeout(start, 3000);
  });
}

const listening = new WeakMap();

function listen(name) {
  const names = listening.get(source) || new Set();
  listening.set(source, names);
  if (names.has(name)) return;
  names.add(name);
  source.addEventListener(name, event => {
    let data;
    try { data = JSON.parse(event.data); } catch { return; }
    for (const handler of handlers.get(name) || []) handler(data);
  });
}

function setStatus(state, text) {
  const status = document.getElementById('live-status');
  if (!status) return;
  status.dataset.state = state;
  status.textContent = text;
  status.title = state === 'live' ? 'Live updates are on' : 'Live updates paused; reconnecting';
}
