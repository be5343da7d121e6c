// Entry point: wires the shared parts (live events, notifications, sign-out) and starts the page's module.
import { api, stopLoginRedirects } from './api.js';
import { $ } from './dom.js';
import { tickRelativeTimes } from './format.js';
import * as live from './live.js';
import * as notify from './notify.js';

const main = document.querySelector('main[data-page]');
const page = main ? main.dataset.page : null;

if (page === 'login') {
  const { initLogin } = await import('./login.js');
  initLogin(main);
} else if (page) {
  $('#logout')?.addEventListener('click', async () => {
    stopLoginRedirects();
    try { await api('/api/v1/auth/logout', { method: 'POST' }); } catch { /* signed out either way */ }
    location.assign('/login');
  });
  notify.setUpPermissionButton();
  live.on('command.changed', notify.commandChanged);
  const modules = { fleet: './fleet.js', machine: './machine.js', command: './command.js', batch: './batch.js' };
  const module = await import(modules[page]);
  module.init(main);
  live.start();
  notify.catchUp();
  setInterval(tickRelativeTimes, 1000);
}
