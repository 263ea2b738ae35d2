// The page's router: login when there is no session, otherwise the list of dashboards (#/) or one dashboard
// (#/tableau/<id>?geo=…&period=…). The address keeps the chosen territory and period, so a view can be bookmarked
// or reloaded.
import { api, onSessionExpired } from './api.js';
import { dashboardHash, renderDashboard } from './dashboard.js';
import { logout, renderLogin } from './login.js';
import { announce, clearError, h, show, showError } from './ui.js';

const ROLE_LABELS = { viewer: 'consultation', exporter: 'consultation et exports', analyst: 'analyste', admin: 'administration' };

let user; // who is connected (GET /auth/me), undefined before login
let catalogue; // { dashboards, periods, defaultGeo, asOf } for this user

function showUser() {
  document.getElementById('session').hidden = !user;
  document.getElementById('who').textContent = user ? `${user.fullName} – ${user.username} (${ROLE_LABELS[user.role] ?? user.role})` : '';
}

function signedOut(notice) {
  user = undefined;
  catalogue = undefined;
  showUser();
  renderLogin((u) => { user = u; route(); }, notice);
}

async function route() {
  clearError();
  if (!user) {
    try {
      user = await api('/auth/me'); // a session cookie of an earlier visit, if still valid
    } catch {
      signedOut();
      return;
    }
  }
  showUser();
  try {
    catalogue ??= await api('/api/dashboards');
  } catch (err) {
    show(h('h1', {}, 'Tableaux de bord'));
    showError(err);
    return;
  }
  const match = /^#\/tableau\/([^?]+)(?:\?(.*))?$/.exec(location.hash);
  if (match) {
    const params = new URLSearchParams(match[2] ?? '');
    const query = { geo: params.get('geo') ?? catalogue.defaultGeo, period: params.get('period') ?? undefined };
    await renderDashboard(decodeURIComponent(match[1]), query, catalogue.periods);
  } else {
    renderList();
  }
}

function renderList() {
  announce('');
  show(
    h('h1', {}, 'Tableaux de bord'),
    h('p', {}, `Données du ${frenchDate(catalogue.asOf)}. Chaque tableau s'ouvre sur votre territoire ; choisissez ensuite un autre territoire de votre habilitation et une période.`),
    h('ul', { class: 'dashboard-list' }, catalogue.dashboards.map((d) => h('li', {},
      h('a', { href: dashboardHash(d.id, { geo: catalogue.defaultGeo }) }, d.title),
      h('p', {}, d.description)))),
  );
}

function frenchDate(iso) {
  return `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
}

document.getElementById('logout').addEventListener('click', async () => {
  await logout();
  history.replaceState(null, '', '#/');
  signedOut('Vous êtes déconnecté.');
});

onSessionExpired(() => signedOut('Votre session a expiré ou a été révoquée : reconnectez-vous.'));

// The skip link must not follow its href: the hash is the route here, and "#main" would leave the dashboard being read.
document.querySelector('.skip-link').addEventListener('click', (event) => {
  event.preventDefault();
  document.getElementById('main').focus();
});

window.addEventListener('hashchange', route);
route();
