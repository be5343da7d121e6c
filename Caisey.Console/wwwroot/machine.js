// A machine: the three layers in detail, an RTT sparkline, the composer, the latest command live, and its history.
import { api } from './api.js';
import { initComposer } from './composer.js';
import { el, replace, facts, $ } from './dom.js';
import { TERMINAL, dateTime, duration, firstLine, healthBadges, reachabilityLine, relTime, rttText, sessionText, statusBadge, updatesText, uptimeText } from './format.js';
import { mountCommandPanel } from './command-panel.js';
import * as live from './live.js';
import { watchCommand } from './notify.js';
import { rttSamples, sampleRtt, sparkline } from './sparkline.js';
import { initShare } from './transcript.js';

const POLL_MS = 5_000;

const POLICY_WORDS = { none: 'none', notify: 'notify the user', 'require-consent': 'require consent' };

const APPROVAL_WORDS = {
  'not-required': 'not required',
  required: 'consent required (no grant)',
  pending: 'awaiting approval',
  granted: 'granted',
  denied: 'denied',
  expired: 'request expired',
};

function approvalBadge(a) {
  const state = a?.state || 'not-required';
  return el('span', { class: 'approval-state', dataset: { state } }, APPROVAL_WORDS[state] || state);
}

export function init(main) {
  const id = main.dataset.endpointId;
  const canAct = main.dataset.canAct === 'true';
  const commands = new Map();
  let endpoint = null;
  let panel = null;
  let currentId = null;

  const composerForm = $('#composer');
  if (composerForm) initComposer(composerForm, {
    onSubmitted: view => {
      watchCommand(view, endpoint?.hostname);
      upsert(view);
      show(view.id);
    },
  });

  const shareForm = $('#share-form');
  if (shareForm) initShare(shareForm, id);

  live.on('endpoint.changed', changed => { if (changed.id === id) renderEndpoint(changed); });
  live.on('command.changed', view => { if (view.endpointId === id) upsert(view); });
  live.onResync(load);
  load();
  setInterval(pollEndpoint, POLL_MS);
  renderSparkline();

  async function load() {
    try {
      const [e, history] = await Promise.all([
        api(`/api/v1/endpoints/${encodeURIComponent(id)}`),
        api(`/api/v1/endpoints/${encodeURIComponent(id)}/commands`),
      ]);
      renderEndpoint(e);
      for (const view of history) upsert(view, false);
      renderHistory();
    } catch (e) {
      if (e.status === 404) {
        $('#machine-title').textContent = 'Machine not found';
        $('#machine-sub').textContent = `No machine '${id}' in your client groups.`;
      } else {
        $('#machine-sub').textContent = `Could not load the machine: ${e.message}`;
      }
    }
  }

  async function pollEndpoint() {
    try { renderEndpoint(await api(`/api/v1/endpoints/${encodeURIComponent(id)}`)); } catch { /* the next poll or event */ }
  }

  function renderEndpoint(e) {
    endpoint = e;
    const name = e.hostname || e.id;
    document.title = `${name} · Caisey`;
    $('#machine-title').textContent = name;
    replace($('#machine-sub'), `${e.id} · group ${e.clientGroupId}`, e.enrolledAt ? ` · enrolled ${dateTime(e.enrolledAt)}` : '',
      ' ', healthBadges(e, null));
    const r = e.readiness;
    facts($('#readiness'), [
      ['Last check-in', r.lastCheckInAt ? relTime(r.lastCheckInAt) : 'never checked in', 'last-check-in'],
      ['OS', r.os],
      ['Agent', r.agentVersion ? el('span', { title: r.agentVersion }, r.agentVersion.split('+')[0]) : null],
      ['Uptime', uptimeText(r.uptimeSeconds)],
      ['Updates', updatesText(r.pendingUpdates)],
      ['Approval', approvalBadge(r.approval)],
      ['Queued commands', String(e.pendingCommands)],
    ]);
    const reach = e.reachability;
    facts($('#reachability'), [
      ['State', reachabilityLine(reach), 'reachability'],
      ['Round trip', reach.state === 'reachable' ? rttText(reach.lastRttMs) : null],
      ['Last contact', reach.lastContactAt ? relTime(reach.lastContactAt) : 'never'],
      ['Since', reach.since ? relTime(reach.since) : null],
      ['Transport', reach.transport],
      ['Attempt', reach.attempt ? String(reach.attempt) : null],
      ['Next retry', reach.nextRetryAt ? relTime(reach.nextRetryAt, 'until') : null],
    ]);
    facts($('#session'), [
      ['State', sessionText(e.session) || 'no session', 'session'],
      ['Since', e.session.since ? relTime(e.session.since) : null],
    ]);
    renderApproval(e);
    if (sampleRtt(e)) renderSparkline();
  }

  /** readiness.approval in full, and a banner while the session awaits the machine user's consent. */
  function renderApproval(e) {
    const a = e.readiness.approval || { required: false, state: 'not-required', policy: 'none' };
    const pending = a.state === 'pending';
    facts($('#approval'), [
      ['Policy', POLICY_WORDS[a.policy] || a.policy || 'none', 'approval-policy'],
      ['State', approvalBadge(a), 'approval-state'],
      ['Reason', pending ? a.reason : null, 'approval-reason'],
      ['Requested by', pending ? a.requestedBy : null],
      ['Request expires', pending && a.expiresAt ? [relTime(a.expiresAt, 'until'), ' · ', dateTime(a.expiresAt)] : null, 'approval-expires'],
      ['Grant expires', a.grantExpiresAt ? [relTime(a.grantExpiresAt, 'until'), ' · ', dateTime(a.grantExpiresAt)] : null, 'grant-expires'],
    ]);
    const banner = $('#approval-banner');
    if (e.session?.state === 'awaiting-approval') {
      replace(banner, el('strong', {}, 'Awaiting approval'), ' — commands wait until the user on this machine answers (',
        el('code', {}, 'Caisey.Agent approve'), ' or ', el('code', {}, 'deny'), ')',
        a.reason ? [': “', a.reason, '”'] : '', a.expiresAt ? [' · expires ', relTime(a.expiresAt, 'until')] : '', '.');
      banner.hidden = false;
    } else {
      banner.hidden = true;
      banner.replaceChildren();
    }
  }

  function renderSparkline() {
    replace($('#rtt-sparkline'), sparkline(rttSamples(id)));
  }

  /** A read can answer with an older view than an event already applied: never go back in a command's timeline. */
  function upsert(view, render = true) {
    const known = commands.get(view.id);
    if (known && view.timeline.length < known.timeline.length) return;
    commands.set(view.id, view);
    if (render) renderHistory();
  }

  function renderHistory() {
    const views = [...commands.values()].sort((a, b) => Date.parse(b.submittedAt) - Date.parse(a.submittedAt) || (a.id < b.id ? 1 : -1));
    replace($('#history'), views.map(v => el('tr', { dataset: { commandId: v.id }, class: v.id === currentId ? 'current' : null },
      el('td', {}, el('a', { href: `/commands/${encodeURIComponent(v.id)}`, title: v.script || v.id }, el('code', {}, firstLine(v.script))),
        el('div', { class: 'muted small' }, v.id, v.batchId ? ' · batch' : '')),
      el('td', {}, statusBadge(v.status), v.exitCode !== null && v.exitCode !== undefined ? el('span', { class: 'muted small' }, ` exit ${v.exitCode}`) : null,
        v.failureReason ? el('span', { class: 'muted small' }, ` ${v.failureReason}`) : null),
      el('td', {}, v.submittedBy),
      el('td', {}, relTime(v.submittedAt)),
      el('td', {}, v.roundTripMs !== null ? duration(v.roundTripMs) : (TERMINAL.has(v.status) ? '—' : 'in progress')))));
    $('#history-empty').hidden = views.length > 0;
  }

  function show(commandId) {
    panel?.dispose();
    currentId = commandId;
    $('#current-command').hidden = false;
    $('#current-title').replaceChildren('Latest command ', el('a', { href: `/commands/${encodeURIComponent(commandId)}`, class: 'small' }, 'open'));
    panel = mountCommandPanel($('#current-panel'), commandId, { canAct });
    renderHistory();
  }
}
