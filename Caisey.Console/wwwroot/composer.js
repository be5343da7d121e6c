// The command composer: one machine (POST /api/v1/endpoints/{id}/commands) or many (POST /api/v1/batches).
import { api, randomId } from './api.js';

/**
 * @param form the composer form
 * @param options.targets () => endpoint ids (batch mode)
 * @param options.onSubmitted (result, spec) => void: a command view (machine) or a batch result (batch)
 */
export function initComposer(form, { targets = () => [], onSubmitted }) {
  const mode = form.dataset.mode;
  const error = form.querySelector('#composer-error');
  const button = form.querySelector('#composer-submit');
  const script = form.querySelector('#composer-script');
  let busy = false;

  script.addEventListener('keydown', event => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) form.requestSubmit();
  });

  form.addEventListener('submit', async event => {
    event.preventDefault();
    if (busy) return;
    error.hidden = true;
    const spec = { script: script.value, idempotencyKey: 'console-' + randomId() };
    if (!spec.script.trim()) return show('Write a script to run.');
    const shell = form.querySelector('#composer-shell').value;
    if (shell) spec.shell = shell;
    const timeout = form.querySelector('#composer-timeout').value;
    if (timeout) spec.timeoutSeconds = Number(timeout);
    busy = true;
    button.disabled = true;
    try {
      const result = mode === 'batch'
        ? await api('/api/v1/batches', { method: 'POST', body: { endpointIds: targets(), command: spec } })
        : await api(`/api/v1/endpoints/${encodeURIComponent(form.dataset.endpointId)}/commands`, { method: 'POST', body: spec });
      onSubmitted(result, spec);
    } catch (e) {
      show(e.message);
    } finally {
      busy = false;
      refresh();
    }
  });

  function show(text) {
    error.textContent = text;
    error.hidden = false;
  }

  /** Batch mode: enabled only with machines selected. */
  function refresh() {
    const count = mode === 'batch' ? targets().length : 1;
    button.disabled = busy || count === 0;
    if (mode === 'batch') button.textContent = count > 0 ? `Run on ${count} selected` : 'Run on selected';
  }

  refresh();
  return { refresh };
}
