// Calls to the infocentre API with the session's Bearer token.
//
// The token lives in sessionStorage: it survives a reload of the tab (a user does not lose the dashboard on F5) but
// not the closing of the tab, is not shared with other tabs, and is never sent automatically by the browser (no
// cookie, hence no cross-site request forgery). The page inserts server text as text only and the server's CSP
// forbids inline scripts, which is what keeps a script from reading it. The token is short-lived and revoked at logout.
const KEY = 'infocentre.session';

export class ApiError extends Error {
  constructor(status, body) {
    super(body?.message ?? `Erreur ${status}`);
    this.status = status;
    this.code = body?.code;
    this.hint = body?.hint;
  }
}

export function session() {
  try {
    return JSON.parse(sessionStorage.getItem(KEY) ?? 'null');
  } catch {
    return null;
  }
}

export function saveSession(value) {
  sessionStorage.setItem(KEY, JSON.stringify(value));
}

export function clearSession() {
  sessionStorage.removeItem(KEY);
}

/** Listeners told when the server no longer accepts the token (expired or revoked). */
const expiredListeners = [];
export function onSessionExpired(fn) {
  expiredListeners.push(fn);
}

async function request(path, { method = 'GET', body, token = session()?.token } = {}) {
  const headers = { Accept: 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let res;
  try {
    res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw new ApiError(0, { message: 'Le serveur ne répond pas.', hint: 'Vérifiez votre connexion puis réessayez.' });
  }
  if (!res.ok) {
    const err = new ApiError(res.status, await res.json().catch(() => undefined));
    if (res.status === 401 && token && path !== '/auth/logout') {
      clearSession();
      for (const fn of expiredListeners) fn(err);
    }
    throw err;
  }
  return res;
}

/** JSON answer of an API route; throws ApiError with the registry's code, message and hint. */
export async function api(path, options) {
  const res = await request(path, options);
  return res.status === 204 ? undefined : res.json();
}

/** Downloads an export: fetched with the token (a plain link could not send it), then saved under the server's name. */
export async function download(path) {
  const res = await request(path);
  const disposition = res.headers.get('Content-Disposition') ?? '';
  const name = /filename="([^"]+)"/.exec(disposition)?.[1] ?? 'export';
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return name;
}
