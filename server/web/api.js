// Calls to the infocentre API.
//
// The session token never reaches this code: at the last login step the server sets it in the `ic_session` cookie,
// httpOnly (no script, hence no injected script, can read it), SameSite=Strict (never sent by another site's page,
// so no cross-site request forgery) and short-lived; the browser sends it with every same-origin request. The page
// only keeps, in memory, who is connected (GET /auth/me), to show the name and the buttons of the role.

export class ApiError extends Error {
  constructor(status, body) {
    super(body?.message ?? `Erreur ${status}`);
    this.status = status;
    this.code = body?.code;
    this.hint = body?.hint;
  }
}

/** Listeners told when the server no longer accepts the token (expired or revoked). */
const expiredListeners = [];
export function onSessionExpired(fn) {
  expiredListeners.push(fn);
}

async function request(path, { method = 'GET', body } = {}) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let res;
  try {
    res = await fetch(path, { method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw new ApiError(0, { message: 'Le serveur ne répond pas.', hint: 'Vérifiez votre connexion puis réessayez.' });
  }
  if (!res.ok) {
    const err = new ApiError(res.status, await res.json().catch(() => undefined));
    if (res.status === 401 && !path.startsWith('/auth/')) for (const fn of expiredListeners) fn(err);
    throw err;
  }
  return res;
}

/** JSON answer of an API route; throws ApiError with the registry's code, message and hint. */
export async function api(path, options) {
  const res = await request(path, options);
  return res.status === 204 ? undefined : res.json();
}

/** Downloads an export: fetched first (a refusal is shown as such, not saved as a file), then saved under the server's name. */
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
