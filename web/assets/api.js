// The pages' one way to talk to the engine (docs/web-desk.md):
//   call('show', {id})  → POST /api/show with a JSON body and the X-CSRF-Token header
//   getJson('/api/session')
// Both answer the engine's envelope {ok, result} or {ok: false, error: {code, message, fields?}},
// with the HTTP status added as `status` (0 when the server could not be reached).
// A 401 means the session ended: the page goes to /login and the promise never settles.
//
// (login.js reads the CSRF cookie itself: this file is not served without a session.)

const CSRF_COOKIE = 'madoguchi_csrf';

export function csrfToken() {
  for (const pair of document.cookie.split(';')) {
    const [name, ...rest] = pair.trim().split('=');
    if (name === CSRF_COOKIE) return decodeURIComponent(rest.join('='));
  }
  return '';
}

export async function call(command, args = {}) {
  return send(`/api/${encodeURIComponent(command)}`, {
    method: 'POST',
    headers: {'Content-Type': 'application/json', 'Accept': 'application/json', 'X-CSRF-Token': csrfToken()},
    body: JSON.stringify(args),
  });
}

export async function getJson(path) {
  return send(path, {method: 'GET', headers: {'Accept': 'application/json'}});
}

// The signed-in user: {user, role}.
export async function session() {
  return getJson('/api/session');
}

export async function logout() {
  try {
    await fetch('/logout', {
      method: 'POST', credentials: 'same-origin', headers: {'X-CSRF-Token': csrfToken()},
    });
  } finally {
    window.location.assign('/login');
  }
}

export function letterPdfUrl(requestId, n) {
  return `/api/requests/${encodeURIComponent(requestId)}/letters/${encodeURIComponent(n)}.pdf`;
}

async function send(path, init) {
  let response;
  try {
    response = await fetch(path, {...init, credentials: 'same-origin', cache: 'no-store'});
  } catch (e) {
    return {ok: false, status: 0, error: {code: 'unavailable', message: String(e?.message ?? e)}};
  }
  if (response.status === 401) {
    window.location.assign('/login');
    return new Promise(() => {});
  }
  let envelope;
  try {
    envelope = await response.json();
  } catch {
    envelope = null;
  }
  if (!envelope || typeof envelope.ok !== 'boolean') {
    return {ok: false, status: response.status, error: {code: codeOf(response.status), message: `HTTP ${response.status}`}};
  }
  return {...envelope, status: response.status};
}

function codeOf(status) {
  return {400: 'malformed', 403: 'permission_denied', 404: 'not_found', 409: 'conflict', 413: 'too_large',
          422: 'invalid_argument', 503: 'unavailable'}[status] ?? 'io_error';
}
