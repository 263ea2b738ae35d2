// The server's login steps (POST /auth/login, /auth/password, /auth/totp), turned into what the login screens show
// next: `{ session: user }` once the server has set the session cookie, or `{ step, … }` for the next screen.
import { api } from './api.js';

const SCREENS = { 'password-change': 'password', totp: 'totp', 'totp-enrol': 'totp-setup' };

function next(answer, username, currentPassword) {
  if (answer.status === 'ok') return { session: answer.user };
  // The forced change asks for the current password again: it is kept only in this step object, in memory.
  return { step: SCREENS[answer.status], username, challenge: answer.challenge, currentPassword, secret: answer.totp?.secret, uri: answer.totp?.uri };
}

export const STEPS = {
  async login({ username, password }) {
    return next(await api('/auth/login', { method: 'POST', body: { username, password } }), username, password);
  },
  async password(step, newPassword) {
    return next(await api('/auth/password', {
      method: 'POST', body: { challenge: step.challenge, currentPassword: step.currentPassword, newPassword },
    }), step.username);
  },
  async totp(step, code) {
    return next(await api('/auth/totp', { method: 'POST', body: { challenge: step.challenge, code } }), step.username);
  },
  totpSetup(step, code) {
    return STEPS.totp(step, code);
  },
};
