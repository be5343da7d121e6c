// The fleet: machines grouped by client group, in the API's order (readiness, then reachability), filtered and
// searched in the browser, kept live by endpoint.changed events and a light poll (RTTs move without transitions).
import { api } from './api.js';
import { initComposer } from './composer.js';
import { el, replace, $ } from './dom.js';
import { fleetOrder, healthBadges, latestAgentVersion, readinessLine, reachabilityLine, sessionText } from './format.js';
import * as live from './live.js';
import { watchBatchAndGo } from './notify.js';

const POLL_MS = 10_000;

export function init(main) {
  const canAct = main.dataset.canAct === 'true';
  const endpoints = new Map();
  const groups = new Map();
  const selected = new Set();
  const rows = new Map();
  const container = $('#fleet-groups');
  const search = $('#fleet-search');
  const groupFilter = $('#fleet-group');
  const reachFilter = $('#fleet-reachability');
  let loaded = false;
  let scheduled = false;

  const params = new URLSearchParams(location.search);
  search.value = params.get('q') || '';
  reachFilter.value = params.get('reachability') || '';

  const composerForm = $('#composer');
  const composer = composerForm && initComposer(composerForm, {
    targets: () => [...selected].filter(id => endpoints.has(id)),
    onSubmitted: (batch, spec) => {
      const hostnames = new Map([...endpoints.values()].map(e => [e.id, e.hostname || e.id]));
      watchBatchAndGo(batch, spec.script, hostnames, `/batches/${encodeURIComponent(batch.batchId)}`);
    },
  });

  for (const input of [search, groupFilter, reachFilter])
    input.addEventListener('input', () => { saveFilters(); render(); });

  live.on('endpoint.changed', endpoint => {
    endpoints.set(endpoint.id, endpoint);
    schedule();
  });
  live.onResync(load);
  load();
  setInterval(load, POLL_MS);

  async function load() {
    const [list, groupList] = await Promise.all([api('/api/v1/endpoints'), api('/api/v1/client-groups')]);
    endpoints.clear();
    for (const e of list) endpoints.set(e.id, e);
    groups.clear();
    for (const g of groupList) groups.set(g.id, g.name);
    fillGroupFilter();
    loaded = true;
    render();
  }

  function fillGroupFilter() {
    const wanted = groupFilter.value || params.get('group') || '';
    const options = [...groups].sort((a, b) => a[1].localeCompare(b[1]))
      .map(([id, name]) => el('option', { value: id }, name));
    replace(groupFilter, el('option', { value: '' }, 'All groups'), options);
    groupFilter.value = groups.has(wanted) ? wanted : '';
  }

  function saveFilters() {
    const next = new URLSearchParams();
    if (search.value) next.set('q', search.value);
    if (groupFilter.value) next.set('group', groupFilter.value);
    if (reachFilter.value) next.set('reachability', reachFilter.value);
    const query = next.toString();
    history.replaceState(null, '', query ? `/?${query}` : '/');
  }

  function schedule() {
    if (scheduled) return;
    scheduled = true;
    requestAnimationFrame(() => { scheduled = false; render(); });
  }

  function matches(e) {
    const q = search.value.trim().toLowerCase();
    return (!groupFilter.value || e.clientGroupId === groupFilter.value)
      && (!reachFilter.value || e.reachability.state === reachFilter.value)
      && (!q || e.id.toLowerCase().includes(q) || (e.hostname || '').toLowerCase().includes(q));
  }

  function render() {
    if (!loaded) return;
    const all = [...endpoints.values()];
    const latest = latestAgentVersion(all);
    const shown = all.filter(matches).sort(fleetOrder);
    const byGroup = new Map();
    for (const e of shown) {
      if (!byGroup.has(e.clientGroupId)) byGroup.set(e.clientGroupId, []);
      byGroup.get(e.clientGroupId).push(e);
    }
    const sections = [...byGroup].sort((a, b) => groupName(a[0]).localeCompare(groupName(b[0])))
      .map(([groupId, members]) => section(groupId, members, latest));
    replace(container, sections.length > 0 ? sections
      : el('p', { class: 'empty' }, all.length === 0 ? 'No machines enrolled yet. Enroll an agent with an enrollment token.' : 'No machine matches these filters.'));
    for (const id of [...selected]) if (!endpoints.has(id)) selected.delete(id);
    const reachable = all.filter(e => e.reachability.state === 'reachable').length;
    $('#fleet-summary').textContent = `${all.length} machine${all.length === 1 ? '' : 's'} · ${reachable} reachable now` +
      (shown.length !== all.length ? ` · ${shown.length} shown` : '');
    updateSelection();
  }

  function groupName(id) {
    return groups.get(id) || id;
  }

  function section(groupId, members, latest) {
    const headingId = `group-${groupId}`;
    const reachable = members.filter(e => e.reachability.state === 'reachable').length;
    const selectAll = canAct ? el('input', {
      type: 'checkbox', 'aria-label': `Select all in ${groupName(groupId)}`,
      onchange: event => {
        for (const e of members) event.target.checked ? selected.add(e.id) : selected.delete(e.id);
        render();
      },
    }) : null;
    if (selectAll) selectAll.checked = members.every(e => selected.has(e.id));
    const head = el('tr', {},
      canAct ? el('th', { scope: 'col', class: 'pick' }, selectAll) : null,
      ['Machine', 'Readiness', 'Reachability', 'Session', 'Health', 'Queue'].map(h => el('th', { scope: 'col', class: `col-${h.toLowerCase()}` }, h)));
    const body = el('tbody', {}, members.map(e => row(e, latest)));
    return el('section', { class: 'group', 'aria-labelledby': headingId },
      el('h2', { id: headingId }, groupName(groupId), el('span', { class: 'muted count' }, ` ${members.length} · ${reachable} reachable`)),
      el('table', { class: 'grid fleet', 'aria-labelledby': headingId }, el('thead', {}, head), body));
  }

  function row(e, latest) {
    let tr = rows.get(e.id);
    if (!tr) {
      tr = el('tr', { dataset: { endpointId: e.id } });
      rows.set(e.id, tr);
    }
    const name = e.hostname || e.id;
    const pick = canAct ? el('td', { class: 'pick' }, el('input', {
      type: 'checkbox', 'aria-label': `Select ${name}`, checked: selected.has(e.id),
      onchange: event => { event.target.checked ? selected.add(e.id) : selected.delete(e.id); updateSelection(); },
    })) : null;
    const session = sessionText(e.session);
    replace(tr,
      pick,
      el('td', { class: 'machine' }, el('a', { href: `/machines/${encodeURIComponent(e.id)}` }, name), el('div', { class: 'muted small' }, e.id)),
      el('td', { class: 'readiness' }, readinessLine(e.readiness)),
      el('td', { class: 'reachability' }, reachabilityLine(e.reachability)),
      el('td', { class: 'session' }, session ? el('span', { class: 'badge session' }, session) : el('span', { class: 'muted' }, '—')),
      el('td', { class: 'health' }, healthBadges(e, latest)),
      el('td', { class: 'queue' }, e.pendingCommands > 0 ? `${e.pendingCommands} queued` : el('span', { class: 'muted' }, '—')));
    tr.classList.toggle('selected', selected.has(e.id));
    return tr;
  }

  function updateSelection() {
    const count = [...selected].filter(id => endpoints.has(id)).length;
    const label = $('#selection-count');
    if (label) label.textContent = count === 0 ? '(none selected)' : `(${count} selected)`;
    for (const [id, tr] of rows) tr.classList.toggle('selected', selected.has(id));
    composer?.refresh();
  }
}
