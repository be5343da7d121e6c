import { api } from './api.js';

export function initLogin(main) {
  const form = main.querySelector('#login-form');
  const error = main.querySelector('#login-error');
  const button = form.querySelector('button[type=submit]');
  form.addEventListener('submit', async event => {
    event.preventDefault();
    error.hidden = true;
    const username = form.username.value.trim();
    const password = form.password.value;
    if (!username || !password) {
      show('Enter your username and password.');
      return;
    }
    button.disabled = true;
    button.textContent = 'Signing in…';
    try {
      await api('/api/v1/auth/login', { method: 'POST', body: { username, password } });
      location.assign(safeReturnUrl(main.dataset.returnUrl));
    } catch (e) {
      show(e.status === 401 ? 'Wrong username or password.' : e.status === 429 ? 'Too many attempts; wait a minute and try again.' : e.message);
      form.password.value = '';
      form.password.focus();
    } finally {
      button.disabled = false;
      button.textContent = 'Sign in';
    }
  });

  function show(text) {
    error.textContent = text;
    error.hidden = false;
  }
}

/** Only a path on this node: never an open redirect. */
function safeReturnUrl(url) {
  return url && url.startsWith('/') && !url.startsWith('//') && !url.startsWith('/\\') && !url.startsWith('/login') ? url : '/';
}
