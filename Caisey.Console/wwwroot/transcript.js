// "Share transcript": a draft of the machine's whole history (optionally masking a pattern), published behind a link
// with an expiry, and revoked from here. The link is shown only once, by the publish answer.
import { api } from './api.js';
import { dateTime } from './format.js';
import { $ } from './dom.js';

const MAX_HOURS = 90 * 24;

export function initShare(form, endpointId) {
  const error = $('#share-error');
  const button = $('#share-publish');
  const result = $('#share-result');
  const link = $('#share-link');
  const revoke = $('#share-revoke');
  const status = $('#share-status');
  let transcriptId = null;

  form.addEventListener('submit', async event => {
    event.preventDefault();
    error.hidden = true;
    const hours = Number($('#share-hours').value || 24);
    if (!Number.isFinite(hours) || hours <= 0 || hours > MAX_HOURS) return fail(`The expiry must be between 1 and ${MAX_HOURS} hours.`);
    const pattern = $('#share-pattern').value;
    const redactions = pattern ? [{ pattern }] : [];
    button.disabled = true;
    status.textContent = 'Publishing…';
    try {
      const draft = await api('/api/v1/transcripts', { method: 'POST', body: { endpointId, redactions } });
      const expiresAt = new Date(Date.now() + hours * 3_600_000).toISOString();
      const published = await api(`/api/v1/transcripts/${encodeURIComponent(draft.id)}/publish`, { method: 'POST', body: { expiresAt } });
      transcriptId = draft.id;
      link.href = published.shareUrl;
      link.textContent = published.shareUrl;
      $('#share-expiry').textContent = `Expires ${dateTime(published.expiresAt)}. Anyone with the link can read it until then.`;
      result.hidden = false;
      revoke.disabled = false;
      status.textContent = 'Published.';
    } catch (e) {
      status.textContent = '';
      fail(e.message);
    } finally {
      button.disabled = false;
    }
  });

  revoke.addEventListener('click', async () => {
    if (!transcriptId) return;
    revoke.disabled = true;
    try {
      await api(`/api/v1/transcripts/${encodeURIComponent(transcriptId)}/revoke`, { method: 'POST' });
      result.hidden = true;
      link.removeAttribute('href');
      link.textContent = '';
      transcriptId = null;
      status.textContent = 'Link revoked: it no longer opens.';
    } catch (e) {
      revoke.disabled = false;
      fail(e.message);
    }
  });

  function fail(text) {
    error.textContent = text;
    error.hidden = false;
  }
}
