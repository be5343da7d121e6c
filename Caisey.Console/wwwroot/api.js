// JSON API calls with the console's cookie. A 401 means the session ended: back to the login page.

export class ApiError extends Error {
  constructor(status, detail, body) {
    super(detail);
    this.status = status;
    this.body = body;
  }
}

let leaving = false;

/** Signing out: requests cut short by the revoked token must not send the user to a login page that returns here. */
export function stopLoginRedirects() {
  leaving = true;
}

export function toLogin() {
  if (leaving) return;
  leaving = true;
  const here = location.pathname + location.search;
  location.assign('/login?returnUrl=' + encodeURIComponent(here));
}

export async function api(path, { method = 'GET', body, signal } = {}) {
  const init = { method, headers: { Accept: 'application/json' }, credentials: 'same-origin', signal };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const response = await fetch(path, init);
  if (response.status === 401 && !path.startsWith('/api/v1/auth/')) {
    toLogin();
    throw new ApiError(401, 'Your session ended; please sign in again.');
  }
  const text = await response.text();
  let data = null;
  if (text) {
    try { data = JSON.parse(text); } catch { data = text; }
  }
  if (!response.ok) {
    const detail = (data && data.detail) || `${response.status} ${response.statusText}`;
    throw new ApiError(response.status, detail, data);
  }
  return data;
}

/** A random id for idempotency keys (crypto.randomUUID needs a secure context; this does not). */
export function randomId() {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return Array.from(bytes, b => b.toString(16).padStart(2, '0')).join('');
}
