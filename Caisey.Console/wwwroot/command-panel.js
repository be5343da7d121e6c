// One command, live: status, timeline with timing breakdown and round trip, streaming output, cancel.
// Output comes from GET /api/v1/commands/{id}/output?follow=true (a streamed fetch); status from command.changed.
import { api } from './api.js';
import { el, replace, facts } from './dom.js';
import { TERMINAL, clockTime, dateTime, duration, statusBadge } from './format.js';
import * as live from './live.js';

const STEPS = [
  ['queuedMs', 'Queued', 'waiting in the machine\u2019s queue'],
  ['deliveryMs', 'Delivery', 'dispatched until the agent acknowledged'],
  ['ackMs', 'Ack → start', 'acknowledged until running'],
  ['executionMs', 'Execution', 'running until finished'],
];

export function mountCommandPanel(container, commandId, { canAct, onView } = {}) {
  let view = null;
  let following = null;
  let disposed = false;
  const output = el('pre', { class: 'output', role: 'log', 'aria-label': 'Output', 'aria-live': 'off', tabindex: '0', 'data-testid': 'command-output' });
  const status = el('dl', { class: 'facts wide' });
  const script = el('pre', { class: 'script', 'aria-label': 'Command script' });
  const timeline = el('ol', { class: 'timeline', 'aria-label': 'Status timeline' });
  const timings = el('div', { class: 'timings' });
  const cancel = canAct ? el('button', { type: 'button', class: 'danger', hidden: true, onclick: cancelCommand }, 'Cancel command') : null;
  const error = el('p', { class: 'error', role: 'alert', hidden: true });
  const outputNote = el('span', { class: 'muted small' });

  replace(container,
    el('div', { class: 'panel-grid' },
      el('div', {},
        status,
        el('h3', {}, 'Script'), script,
        el('h3', {}, 'Timeline'), timeline,
        el('h3', {}, 'Timing breakdown'), timings,
        el('div', { class: 'actions' }, cancel, error)),
      el('div', { class: 'output-col' },
        el('h3', {}, 'Output ', outputNote),
        output)));

  live.on('command.changed', changed => { if (!disposed && changed.id === commandId) update(changed); });
  live.onResync(refresh);
  refresh();
  follow();

  async function refresh() {
    if (disposed) return;
    try {
      update(await api(`/api/v1/commands/${encodeURIComponent(commandId)}`));
    } catch (e) {
      showError(e.status === 404 ? 'No such command, or it is not in your client groups.' : e.message);
    }
  }

  /** Streams the output; on a broken stream, starts over (the endpoint sends everything so far, then follows). */
  async function follow() {
    if (following) return;
    following = new AbortController();
    outputNote.textContent = 'streaming…';
    try {
      const response = await fetch(`/api/v1/commands/${encodeURIComponent(commandId)}/output?follow=true`,
        { credentials: 'same-origin', signal: following.signal });
      if (!response.ok) throw new Error(`output: ${response.status}`);
      output.textContent = '';
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        const atBottom = output.scrollTop + output.clientHeight >= output.scrollHeight - 4;
        output.append(value);
        if (atBottom) output.scrollTop = output.scrollHeight;
      }
      following = null;
      outputNote.textContent = '';
      await refresh();
      if (view && !TERMINAL.has(view.status) && !disposed) setTimeout(follow, 1000);
    } catch (e) {
      following = null;
      if (disposed || e.name === 'AbortError') return;
      outputNote.textContent = 'reconnecting…';
      setTimeout(follow, 2000);
    }
  }

  function update(next) {
    if (view && next.timeline.length < view.timeline.length) return; // an older view arriving late
    view = next;
    render();
    onView?.(view);
    if (TERMINAL.has(view.status) && !output.textContent && !following) outputNote.textContent = '(no output)';
  }

  function render() {
    const v = view;
    facts(status, [
      ['Status', statusBadge(v.status, { 'data-testid': 'command-status' })],
      ['Exit code', v.exitCode ?? null, 'exit-code'],
      ['Failure', v.failureReason ?? null, 'failure-reason'],
      ['Round trip', v.roundTripMs !== null ? duration(v.roundTripMs) : (TERMINAL.has(v.status) ? '—' : 'in progress'), 'round-trip'],
      ['Submitted', `${dateTime(v.submittedAt)} by ${v.submittedBy}`],
      ['Shell', v.shell || 'default for the OS'],
      ['Timeout', v.timeoutSeconds ? `${v.timeoutSeconds} s` : 'node default'],
      ['Attempts', v.attempts > 1 ? String(v.attempts) : null],
      ['Batch', v.batchId ? el('a', { href: `/batches/${encodeURIComponent(v.batchId)}` }, v.batchId) : null],
      ['Output', `${v.outputBytes} bytes`],
    ]);
    script.textContent = v.script ?? '(not shown)';
    const start = Date.parse(v.submittedAt);
    replace(timeline, v.timeline.map(step => el('li', { class: `step step-${step.status}` },
      statusBadge(step.status),
      el('time', { datetime: step.at }, clockTime(step.at)),
      el('span', { class: 'muted' }, `+${duration(Date.parse(step.at) - start)}`),
      step.detail ? el('span', { class: 'detail' }, step.detail) : null)));
    renderTimings(v);
    if (cancel) cancel.hidden = TERMINAL.has(v.status) || Boolean(v.cancelRequestedAt);
  }

  function renderTimings(v) {
    const t = v.timings || {};
    const total = STEPS.reduce((sum, [key]) => sum + (t[key] || 0), 0);
    const bar = el('div', { class: 'timing-bar', role: 'img', 'aria-label': 'Timing breakdown' });
    for (const [key, label] of STEPS) {
      if (!t[key] || total === 0) continue;
      const segment = el('span', { class: `seg seg-${key}`, title: `${label}: ${duration(t[key])}` });
      segment.style.width = `${Math.max(1, (t[key] / total) * 100)}%`;
      bar.append(segment);
    }
    const legend = el('dl', { class: 'timing-legend' }, STEPS.map(([key, label, help]) => [
      el('dt', { title: help }, el('span', { class: `swatch seg-${key}`, 'aria-hidden': 'true' }), label),
      el('dd', {}, duration(t[key] ?? null)),
    ]), el('dt', { class: 'total' }, 'Round trip'), el('dd', { class: 'total' }, duration(v.roundTripMs ?? null)));
    replace(timings, total > 0 ? bar : null, legend);
  }

  async function cancelCommand() {
    cancel.disabled = true;
    try {
      update(await api(`/api/v1/commands/${encodeURIComponent(commandId)}/cancel`, { method: 'POST' }));
    } catch (e) {
      showError(e.message);
    } finally {
      cancel.disabled = false;
    }
  }

  function showError(text) {
    error.textContent = text;
    error.hidden = false;
  }

  return {
    dispose() {
      disposed = true;
      following?.abort();
    },
  };
}
