// A batch: one command per target, each with its own lifecycle; progress per target, live.
import { api } from './api.js';
import { el, replace, $ } from './dom.js';
import { TERMINAL, duration, firstLine, statusBadge } from './format.js';
import * as live from './live.js';

const STEPS = ['queued', 'dispatched', 'acknowledged', 'running', 'finished'];

export function init(main) {
  const batchId = main.dataset.batchId;
  const commands = new Map();
  const hostnames = new Map();

  live.on('command.changed', view => {
    if (view.batchId !== batchId) return;
    upsert(view);
    render();
  });
  live.onResync(load);
  load();

  async function load() {
    try {
      const [batch, endpoints] = await Promise.all([api(`/api/v1/batches/${encodeURIComponent(batchId)}`), api('/api/v1/endpoints')]);
      for (const e of endpoints) hostnames.set(e.id, e.hostname || e.id);
      for (const view of batch.commands) upsert(view);
      render();
    } catch (e) {
      $('#batch-summary').textContent = e.status === 404 ? 'No such batch in your client groups.' : `Could not load the batch: ${e.message}`;
    }
  }

  /** A read can answer with an older view than an event already applied: never go back in a command's timeline. */
  function upsert(view) {
    const known = commands.get(view.id);
    if (!known || view.timeline.length >= known.timeline.length) commands.set(view.id, view);
  }

  function render() {
    const views = [...commands.values()].sort((a, b) => (hostnames.get(a.endpointId) || '').localeCompare(hostnames.get(b.endpointId) || ''));
    const finished = views.filter(v => TERMINAL.has(v.status));
    const succeeded = views.filter(v => v.status === 'succeeded').length;
    const script = views.find(v => v.script)?.script;
    $('#batch-summary').textContent = `“${firstLine(script)}” on ${views.length} machine${views.length === 1 ? '' : 's'} · ` +
      `${finished.length} of ${views.length} finished · ${succeeded} succeeded` +
      (finished.length > succeeded ? ` · ${finished.length - succeeded} not` : '');
    const progress = $('#batch-progress');
    progress.max = Math.max(1, views.length);
    progress.value = finished.length;
    replace($('#batch-targets'), views.map(v => {
      const name = hostnames.get(v.endpointId) || v.endpointId;
      return el('tr', { dataset: { endpointId: v.endpointId, commandId: v.id } },
        el('th', { scope: 'row' }, el('a', { href: `/machines/${encodeURIComponent(v.endpointId)}` }, name), el('div', { class: 'muted small' }, v.endpointId)),
        el('td', {}, steps(v, name)),
        el('td', {}, statusBadge(v.status, { 'data-testid': 'target-status' }), v.failureReason ? el('span', { class: 'muted small' }, ` ${v.failureReason}`) : null),
        el('td', {}, v.exitCode ?? '—'),
        el('td', {}, v.roundTripMs !== null ? duration(v.roundTripMs) : (TERMINAL.has(v.status) ? '—' : 'in progress')),
        el('td', {}, el('a', { href: `/commands/${encodeURIComponent(v.id)}` }, 'output')));
    }));
  }

  /** The steps a target went through. Succeeded means it went through all of them (its timeline may skip one:
   *  a re-dispatched command that had already run is answered with its stored result); otherwise what was seen. */
  function steps(v, name) {
    const reached = new Set(v.status === 'succeeded' ? STEPS : [...v.timeline.map(t => t.status), v.status]);
    if (TERMINAL.has(v.status)) reached.add('finished');
    const done = STEPS.filter(s => reached.has(s)).length;
    return el('ol', { class: 'steps', role: 'progressbar', 'aria-label': `Progress on ${name}`, 'aria-valuemin': '0', 'aria-valuemax': String(STEPS.length), 'aria-valuenow': String(done), 'aria-valuetext': v.status },
      STEPS.map(s => el('li', { class: reached.has(s) ? `done${s === 'finished' ? ` end-${v.status}` : ''}` : null, title: s }, s === 'finished' && TERMINAL.has(v.status) ? v.status : s)));
  }
}
