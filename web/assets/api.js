// The pages' one way to talk to the engine (docs/web-desk.md):
//   call('show', {id})  → POST /api/show with a JSON body and the X-CSRF-Token header
//   getJson('/api/session')
// Both answer the engine's envelope {ok, result} or {ok: false, error: {code, message, fields?}},
// with the HTTP status added as `status` (0 when the server could not be reached).
//
// A 401 means the session ended. On a page whose session was known, the user
// signs in again in a dialog over the page (session-keeper.js) and the same
// request is sent again, so that nothing typed is lost; otherwise (a page
// opened without a session) the page goes to /login. Either way the promise
// of a request that is not sent again never settles.
//
// Every `advance` carries an idempotency key (a new one unless the caller
// gives one, e.g. one per event dialog): sent again after a sign-in, or
// twice from the same dialog, it is applied once (the engine answers the
// first result, replayed: true).
//
// The session's CSRF token comes with /api/session's answer and lives only in
// memory (session-keeper.js): never in a cookie, which every port of the host
// could read. (login.js gets the sign-in form's own token itself: this file
// is not served without a session.)

import {contacted, csrfToken, knowsSession, sessionStarted, signInAgain} from './session-keeper.js';

// The session's CSRF token, asked for once.
async function token() {
  if (csrfToken() === null) await session();
  return csrfToken() ?? '';
}

// A new idempotency key (a v4 UUID): for an intake's record (one per form) and advances.
export function newIdempotencyKey() {
  if (crypto.randomUUID) return crypto.randomUUID();
  // Not a secure context (plain HTTP on another host): a v4 UUID by hand.
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const x = [...b].map((v) => v.toString(16).padStart(2, '0')).join('');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

export async function call(command, args = {}) {
  const sent = command === 'advance' && args.idempotency_key === undefined
    ? {...args, idempotency_key: newIdempotencyKey()} : args;
  const body = JSON.stringify(sent);
  // The token is read at each try: a sign-in in between gives a new one.
  return send(`/api/${encodeURIComponent(command)}`, async () => ({
    method: 'POST',
    headers: {'Content-Type': 'application/json', 'Accept': 'application/json', 'X-CSRF-Token': await token()},
    body,
  }));
}

export async function getJson(path) {
  return send(path, async () => ({method: 'GET', headers: {'Accept': 'application/json'}}));
}

// The signed-in user: {user, role, home, csrf, idle_seconds}.
export async function session() {
  const reply = await getJson('/api/session');
  if (reply.ok && typeof reply.result?.csrf === 'string') sessionStarted(reply.result);
  return reply;
}

export async function logout() {
  try {
    const csrf = await token();
    await fetch('/logout', {
      method: 'POST', credentials: 'same-origin', headers: {'X-CSRF-Token': csrf},
    });
  } finally {
    window.location.assign('/login');
  }
}

export function letterPdfUrl(requestId, n) {
  return `/api/requests/${encodeURIComponent(requestId)}/letters/${encodeURIComponent(n)}.pdf`;
}

// `init()` makes the fetch's options for each try.
async function send(path, init) {
  for (;;) {
    let response;
    try {
      response = await fetch(path, {...await init(), credentials: 'same-origin', cache: 'no-store'});
    } catch (e) {
      return {ok: false, status: 0, error: {code: 'unavailable', message: String(e?.message ?? e)}};
    }
    if (response.status === 401) {
      if (knowsSession() && await signInAgain()) continue;  // the same request, in the new session
      if (!knowsSession()) window.location.assign('/login');
      return new Promise(() => {});
    }
    contacted();
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
}

function codeOf(status) {
  return {400: 'malformed', 403: 'permission_denied', 404: 'not_found', 409: 'conflict', 413: 'too_large',
          415: 'malformed', 422: 'invalid_argument', 429: 'unavailable', 503: 'unavailable'}[status] ?? 'io_error';
}
