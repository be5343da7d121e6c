// Honest words for the three layers, times and durations.
import { el, $$ } from './dom.js';

export const TERMINAL = new Set(['succeeded', 'failed', 'cancelled', 'expired']);

const REACHABILITY_RANK = ['reachable', 'connecting', 'retrying', 'unreachable', 'never-connected'];

export function agoText(iso, now = Date.now()) {
  if (!iso) return 'never';
  const seconds = Math.round((now - Date.parse(iso)) / 1000);
  if (seconds < 5) return 'just now';
  if (seconds < 60) return `${seconds} s ago`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.floor(hours / 24)} d ago`;
}

export function untilText(iso, now = Date.now()) {
  const seconds = Math.ceil((Date.parse(iso) - now) / 1000);
  if (seconds <= 0) return 'now';
  if (seconds < 60) return `in ${seconds} s`;
  return `in ${Math.ceil(seconds / 60)} min`;
}

/** A live-updating relative time: "2 min ago" / "in 12 s", with the exact time as its tooltip. */
export function relTime(iso, mode = 'ago') {
  const text = mode === 'ago' ? agoText(iso) : untilText(iso);
  return el('time', { datetime: iso, title: iso ? new Date(iso).toLocaleString() : null, dataset: { rel: mode } }, text);
}

/** Re-words every relative time on the page; called every second. */
export function tickRelativeTimes() {
  const now = Date.now();
  for (const time of $$('time[data-rel]')) {
    const iso = time.getAttribute('datetime');
    const text = time.dataset.rel === 'ago' ? agoText(iso, now) : untilText(iso, now);
    if (time.textContent !== text) time.textContent = text;
  }
}

export function clockTime(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  return d.toLocaleTimeString([], { hour12: false }) + '.' + String(d.getMilliseconds()).padStart(3, '0');
}

export function dateTime(iso) {
  return iso ? new Date(iso).toLocaleString([], { hour12: false }) : '';
}

export function duration(ms) {
  if (ms === null || ms === undefined) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.round((ms % 60_000) / 1000);
  return `${minutes} min ${seconds} s`;
}

export function rttText(ms) {
  if (ms === null || ms === undefined) return null;
  return ms < 10 ? `${ms.toFixed(1)} ms` : `${Math.round(ms)} ms`;
}

export function uptimeText(seconds) {
  if (seconds === null || seconds === undefined) return null;
  const days = Math.floor(seconds / 86400);
  const hours = Math.floor((seconds % 86400) / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  return days > 0 ? `${days} d ${hours} h` : hours > 0 ? `${hours} h ${minutes} min` : `${minutes} min`;
}

export function updatesText(pending) {
  if (pending === null || pending === undefined) return null;
  if (pending === 0) return 'up to date';
  return pending === 1 ? '1 update pending' : `${pending} updates pending`;
}

/** "checked in 2 min ago · Debian 12 · 3 updates pending" (nodes: the time keeps ticking). */
export function readinessLine(readiness) {
  const parts = [];
  if (readiness.lastCheckInAt) parts.push(['checked in ', relTime(readiness.lastCheckInAt)]);
  else parts.push('never checked in');
  if (readiness.os) parts.push(readiness.os);
  const updates = updatesText(readiness.pendingUpdates);
  if (updates) parts.push(updates);
  return join(parts);
}

/**
 * "reachable · 3 ms", "retrying · attempt 4 · next in 12 s", "connecting", "unreachable · last contact 12 min ago",
 * "never connected". Only reachable is ever green.
 */
export function reachabilityLine(reachability) {
  const r = reachability || { state: 'never-connected' };
  const parts = [];
  switch (r.state) {
    case 'reachable':
      parts.push('reachable');
      if (rttText(r.lastRttMs)) parts.push(rttText(r.lastRttMs));
      break;
    case 'retrying':
      parts.push('retrying');
      if (r.attempt) parts.push(`attempt ${r.attempt}`);
      if (r.nextRetryAt) parts.push(['next ', relTime(r.nextRetryAt, 'until')]);
      break;
    case 'connecting':
      parts.push('connecting');
      break;
    case 'unreachable':
      parts.push('unreachable');
      parts.push(r.lastContactAt ? ['last contact ', relTime(r.lastContactAt)] : 'no contact yet');
      break;
    default:
      parts.push('never connected');
  }
  return el('span', { class: 'reach', dataset: { state: r.state } }, el('span', { class: 'dot', 'aria-hidden': 'true' }), join(parts));
}

const SESSION_WORDS = {
  'awaiting-approval': 'awaiting approval',
  'read-only': 'read-only session',
  active: 'session active',
  'paused-by-user': 'paused by the user',
  busy: 'busy (high load)',
};

export function sessionText(session) {
  if (!session || session.state === 'none') return null;
  return SESSION_WORDS[session.state] || session.state;
}

const FLAG_WORDS = {
  'pending-updates': ['updates pending', 'The machine reported pending OS updates.'],
  silent: ['silent', 'No check-in for a long time.'],
  'never-connected': ['never connected', 'No bridge was ever opened to this machine.'],
  'never-checked-in': ['never checked in', 'The agent never checked in since enrollment.'],
};

/** Health badges: the API's readiness flags, plus "agent behind" when the fleet runs a newer agent. */
export function healthBadges(endpoint, latestAgentVersion) {
  const badges = (endpoint.readiness.flags || []).map(flag => {
    const [text, title] = FLAG_WORDS[flag] || [flag, flag];
    return el('span', { class: `badge flag flag-${flag}`, title }, text);
  });
  const version = endpoint.readiness.agentVersion;
  if (version && latestAgentVersion && compareVersions(version, latestAgentVersion) < 0)
    badges.push(el('span', { class: 'badge flag flag-agent-behind', title: `Agent ${version}; the fleet runs ${latestAgentVersion}.` }, 'agent behind'));
  return badges;
}

export function compareVersions(a, b) {
  const pa = String(a).split(/[.+-]/).map(n => parseInt(n, 10) || 0);
  const pb = String(b).split(/[.+-]/).map(n => parseInt(n, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] || 0) - (pb[i] || 0);
    if (d !== 0) return d;
  }
  return 0;
}

export function latestAgentVersion(endpoints) {
  let latest = null;
  for (const e of endpoints) {
    const v = e.readiness.agentVersion;
    if (v && (latest === null || compareVersions(v, latest) > 0)) latest = v;
  }
  return latest;
}

/** The API's default order: readiness first (clean, updates pending, silent, never checked in), then reachability. */
export function fleetOrder(a, b) {
  return readinessRank(a) - readinessRank(b)
    || reachabilityRank(a) - reachabilityRank(b)
    || (a.hostname || '').localeCompare(b.hostname || '', undefined, { sensitivity: 'base' })
    || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

function readinessRank(e) {
  const flags = e.readiness.flags || [];
  return flags.includes('never-checked-in') ? 3 : flags.includes('silent') ? 2 : flags.includes('pending-updates') ? 1 : 0;
}

function reachabilityRank(e) {
  const rank = REACHABILITY_RANK.indexOf(e.reachability.state);
  return rank < 0 ? REACHABILITY_RANK.length : rank;
}

export function statusBadge(status, attrs = {}) {
  return el('span', { class: `badge status status-${status}`, ...attrs }, status);
}

export function firstLine(script, max = 72) {
  if (!script) return '(script not shown)';
  const line = script.split('\n')[0];
  return line.length > max || script.includes('\n') ? line.slice(0, max) + ' …' : line;
}

function join(parts) {
  const out = [];
  parts.forEach((part, i) => {
    if (i > 0) out.push(' · ');
    out.push(part);
  });
  return out;
}
