// The command page.
import { api } from './api.js';
import { $ } from './dom.js';
import { mountCommandPanel } from './command-panel.js';

export function init(main) {
  let named = false;
  mountCommandPanel($('#command-panel'), main.dataset.commandId, {
    canAct: main.dataset.canAct === 'true',
    onView: async view => {
      if (named) return;
      named = true;
      const link = $('#command-machine');
      link.href = `/machines/${encodeURIComponent(view.endpointId)}`;
      link.textContent = view.endpointId;
      try {
        const endpoint = await api(`/api/v1/endpoints/${encodeURIComponent(view.endpointId)}`);
        link.textContent = endpoint.hostname || endpoint.id;
      } catch { /* keep the id */ }
    },
  });
}
