// The pages' one way to talk to the engine (docs/web-desk.md):
//   call('show', {id})  → POST /api/show with a JSON body and the X-CSRF-Token header
//   getJson('/api/session')
// Both answer the engine's envelope {ok, result} or {ok: false, error: {code, message, fields?}},
// with the HTTP status added as `status` (0 when the server could not be reached).
// A 401 means the session ended: the page goes to /login and the promise never settles.
//
// The session's CSRF token comes with /api/session's answer and lives only in
// this module's memory: never in a cookie, which every port of the host could
// read. (login.js gets the sign-in form's own token itself: this file is not
// served without a session.)

let csrf = null;

// The session's CSRF token, asked for once.
async function csrfToken() {
  if (csrf === null) await session();
  return csrf ?? '';
}

export async function call(command, args = {}) {
  const token = await csrfToken();
  return send(`/api/${encodeURIComponent(command)}`, {
    method: 'POST',
    headers: {'Content-Type': 'application/json', 'Accept': 'application/json', 'X-CSRF-Token': token},
    body: JSON.stringify(args),
  });
}

export async function getJson(path) {
  return send(path, {method: 'GET', headers: {'Accept': 'application/json'}});
}

// The signed-in user: {user, role, home, csrf}.
export async function session() {
  const reply = await getJson('/api/session');
  if (reply.ok && typeof reply.result?.csrf === 'string') csrf = reply.result.csrf;
  return reply;
}

export async function logout() {
  try {
    const token = await csrfToken();
    await fetch('/logout', {
      method: 'POST', credentials: 'same-origin', headers: {'X-CSRF-Token': token},
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
          415: 'malformed', 422: 'invalid_argument', 429: 'unavailable', 503: 'unavailable'}[status] ?? 'io_error';
}
