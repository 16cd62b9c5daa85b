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

let config = { anonymousReads: false };

async function route() {
  live.clearHandlers();
  const hash = location.hash.replace(/^#\/?/, '');
  const [page, ...rest] = hash.split('/');
  for (const link of document.querySelectorAll('header nav a[data-page]')) {
    if (link.dataset.page === (page || 'jobs')) link.setAttribute('aria-current', 'page'); else link.removeAttribute('aria-current');
  }
  notify(null);
  if (!api.token() && !config.anonymousReads) {
    main.replaceChildren();
    notify('Enter the API token (SPATIALME_API_TOKEN of this server) in the box above to see the farm.');
    document.getElementById('token').focus();
    return;
  }
  if (page === 'jobs' && rest.length > 0) await job.render(main, notify, decodeURIComponent(rest.join('/')));
  else if (page === 'cluster') await cluster.render(main, notify);
  else if (page === 'catalogs' && rest.length > 0) await catalogs.renderOne(main, notify, decodeURIComponent(rest.join('/')));
  else if (page === 'catalogs') await catalogs.render(main, notify);
  else await jobs.render(main, notify);
}

function connect() {
  if (api.token() || config.anonymousReads) live.connect();
}

const tokenForm = document.getElementById('token-form');
const tokenInput = document.getElementById('token');
tokenInput.value = api.token();
tokenForm.addEventListener('submit', e => {
  e.preventDefault();
  api.setToken(tokenInput.value.trim());
  connect();
  route();
});

window.addEventListener('hashchange', route);
try {
  config = await (await fetch('/dashboard/config.json')).json();
} catch { /* keep the default: reads need the token */ }
connect();
route();
