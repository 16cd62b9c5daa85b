// The dashboard: a hash router over the pages, the token form, one live event stream, and the notice line.
import * as api from './api.js';
import * as live from './live.js';
import * as jobs from './pages/jobs.js';
import * as job from './pages/job.js';
import * as cluster from './pages/cluster.js';
import * as catalogs from './pages/catalogs.js';

const main = document.getElementById('main');
const notice = document.getElementById('notice');

function notify(message) {
  notice.hidden = !message;
  notice.textContent = message || '';
}

async function route() {
  live.clearHandlers();
  const hash = location.hash.replace(/^#\/?/, '');
  const [page, ...rest] = hash.split('/');
  for (const link of document.querySelectorAll('header nav a')) {
    if (link.dataset.page === (page || 'jobs')) link.setAttribute('aria-current', 'page'); else link.removeAttribute('aria-current');
  }
  notify(null);
  if (page === 'jobs' && rest.length > 0) await job.render(main, notify, decodeURIComponent(rest.join('/')));
  else if (page === 'cluster') await cluster.render(main, notify);
  else if (page === 'catalogs' && rest.length > 0) await catalogs.renderOne(main, notify, decodeURIComponent(rest.join('/')));
  else if (page === 'catalogs') await catalogs.render(main, notify);
  else await jobs.render(main, notify);
}

const tokenForm = document.getElementById('token-form');
const tokenInput = document.getElementById('token');
tokenInput.value = api.token();
tokenForm.addEventListener('submit', e => {
  e.preventDefault();
  api.setToken(tokenInput.value.trim());
  live.connect();
  route();
});

window.addEventListener('hashchange', route);
live.connect();
route();
