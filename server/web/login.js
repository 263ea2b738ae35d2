// Login: username and password, then whatever step the server asks for before it issues a token (the forced
// password change of a first login, the enrolment of an authenticator where TOTP is mandatory, the TOTP code).
import { api } from './api.js';
import { announce, clearError, field, h, show, showError } from './ui.js';
import { STEPS } from './auth-steps.js';

/** Shows the login form; `done(user)` is called once the server has opened the session. */
export function renderLogin(done, notice) {
  const username = h('input', { type: 'text', name: 'username', autocomplete: 'username', required: true, autocapitalize: 'none', spellcheck: 'false' });
  const password = h('input', { type: 'password', name: 'password', autocomplete: 'current-password', required: true });
  const form = h('form', { class: 'card', novalidate: true },
    field('login-username', 'Identifiant', username, 'Votre identifiant personnel (prenom.nom) : un compte par personne, jamais partagé.'),
    field('login-password', 'Mot de passe', password),
    h('button', { type: 'submit' }, 'Se connecter'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!username.value || !password.value) {
      showError({ message: 'Saisissez votre identifiant et votre mot de passe.' });
      return;
    }
    submit(form, () => STEPS.login({ username: username.value.trim(), password: password.value }), done);
  });
  show(h('h1', {}, 'Connexion'), notice ? h('p', {}, notice) : null, form);
}

/** Runs one step; the answer is either a session (done) or the next step to show. */
async function submit(form, call, done) {
  clearError();
  const button = form.querySelector('button[type="submit"]');
  button.disabled = true;
  announce('Vérification…');
  try {
    const next = await call();
    announce('');
    if (next.session) {
      done(next.session);
    } else {
      renderStep(next, done);
    }
  } catch (err) {
    showError(err);
    button.disabled = false;
    form.querySelector('input')?.focus();
  }
}

function renderStep(next, done) {
  switch (next.step) {
    case 'password': return renderPasswordChange(next, done);
    case 'totp-setup': return renderTotpSetup(next, done);
    case 'totp': return renderTotp(next, done);
    default: showError({ message: `Étape de connexion inattendue : ${next.step}.`, hint: 'Rechargez la page et recommencez.' });
  }
}

function codeInput() {
  return h('input', {
    type: 'text', inputmode: 'numeric', autocomplete: 'one-time-code', pattern: '[0-9]{6}', maxlength: '6', required: true,
  });
}

function renderTotp(next, done) {
  const code = codeInput();
  const form = h('form', { class: 'card', novalidate: true },
    field('login-totp', 'Code à usage unique', code, 'Les 6 chiffres affichés par votre application d\'authentification.'),
    h('button', { type: 'submit' }, 'Valider'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    submit(form, () => STEPS.totp(next, code.value.trim()), done);
  });
  show(h('h1', {}, 'Vérification en deux étapes'), form);
}

function renderTotpSetup(next, done) {
  const code = codeInput();
  const form = h('form', { class: 'card', novalidate: true },
    h('p', {}, 'Votre rôle exige une application d\'authentification (TOTP). Ajoutez-y ce compte avec la clé ci-dessous, puis saisissez le code qu\'elle affiche.'),
    h('p', {}, 'Clé : ', h('code', { class: 'totp-secret' }, next.secret ?? '')),
    next.uri ? h('p', {}, 'Ou l\'adresse : ', h('code', {}, next.uri)) : null,
    field('login-totp', 'Code à usage unique', code),
    h('button', { type: 'submit' }, 'Activer et continuer'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    submit(form, () => STEPS.totpSetup(next, code.value.trim()), done);
  });
  show(h('h1', {}, 'Activer la vérification en deux étapes'), form);
}

function renderPasswordChange(next, done) {
  const password = h('input', { type: 'password', autocomplete: 'new-password', required: true });
  const confirm = h('input', { type: 'password', autocomplete: 'new-password', required: true });
  const form = h('form', { class: 'card', novalidate: true },
    // For password managers: which account the new password belongs to.
    h('input', { type: 'text', name: 'username', autocomplete: 'username', value: next.username ?? '', hidden: true, readonly: true }),
    h('p', {}, 'Première connexion ou mot de passe réinitialisé : choisissez votre propre mot de passe.'),
    field('new-password', 'Nouveau mot de passe', password,
      next.policy ?? 'Au moins 12 caractères avec 3 types parmi majuscules, minuscules, chiffres et caractères spéciaux, ou au moins 14 caractères.'),
    field('new-password-confirm', 'Confirmez le mot de passe', confirm),
    h('button', { type: 'submit' }, 'Changer le mot de passe'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (password.value !== confirm.value) {
      showError({ message: 'Les deux mots de passe diffèrent.', hint: 'Saisissez deux fois le même mot de passe.' });
      confirm.focus();
      return;
    }
    submit(form, () => STEPS.password(next, password.value), done);
  });
  show(h('h1', {}, 'Changer votre mot de passe'), form);
}

/** Revokes the token on the server (journaled there), which also clears the session cookie. */
export async function logout() {
  try {
    await api('/auth/logout', { method: 'POST' });
  } catch {
    // an expired token is already unusable
  }
}
