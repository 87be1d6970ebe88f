// Keeping a signed-in page's session (issue 15, item 13). The engine ends a
// session after web.session_idle_minutes without a request; copying a paper
// form sends none. So, on a page whose session is known (api.js session()):
//
// - Kept alive while in use: a key, a click or an input anywhere sends a
//   light GET /api/session (which touches the session) when the last answer
//   from the desk is older than a third of the idle time (at least 15 s, at
//   most 5 minutes apart): bounded, and only while someone works. A page left
//   alone still ends, as it should at a desk where personal data is shown.
// - Warned: shortly before the idle time runs out (2 minutes, or a quarter of
//   it), a dialog says so; 作業を続ける keeps the session.
// - Signed in again in place: when the idle time has run out, or any request
//   is answered 401 (expired, or ended elsewhere), a dialog over the page
//   asks for the same user's password (the name is fixed: what was typed is
//   that user's work) and signs in (sign-in.js); the request that met the 401
//   is then sent again as it was (api.js), so what was typed is submitted.
//   The page, its forms and dialogs stay as they are meanwhile; nothing is
//   written to browser storage (localStorage, sessionStorage, IndexedDB): the
//   typed text lives only in the page. The dialog's backdrop hides the page.
//   If the user signs in with another role (their job changed), the page
//   goes to that role's home; ログイン画面へ leaves the page (and its input).
//
// data-testid: session-warning (dialog), session-warning-text, session-continue,
//   relogin (dialog), relogin-user, relogin-password, relogin-submit, relogin-error, relogin-leave

import {h} from './dom.js';
import {signIn, signInMessage} from './sign-in.js';

const MIN_PING_MS = 15_000;
const MAX_PING_MS = 5 * 60_000;
const MAX_WARN_MS = 2 * 60_000;

const state = {
  user: null,         // the session's user, once known
  role: null,
  csrf: null,         // the session's CSRF token: only ever in this module's memory (docs/web-desk.md, CSRF)
  idleMs: 0,
  lastContact: 0,     // Date.now() of the last answer that was not 401
  warnTimer: null,
  expireTimer: null,
  pinging: null,      // the ping on its way
  warning: null,      // the warning dialog, while shown
  relogin: null,      // the promise of the sign-in dialog, while shown
};

// The page's session, from GET /api/session's result: {user, role, csrf, idle_seconds}.
export function sessionStarted({user, role, csrf, idle_seconds: idleSeconds}) {
  const first = state.user === null;
  state.user = user;
  state.role = role;
  state.csrf = csrf;
  state.idleMs = Math.max(0, Number(idleSeconds) || 0) * 1000;
  if (first) {
    for (const type of ['keydown', 'input', 'pointerdown']) document.addEventListener(type, onActivity, {capture: true});
  }
  contacted();
}

export function knowsSession() {
  return state.user !== null;
}

// The session's CSRF token; null before the session is known.
export function csrfToken() {
  return state.csrf;
}

// The desk answered (not 401): the session runs for idleMs from now.
export function contacted() {
  state.lastContact = Date.now();
  closeWarning();
  schedule();
}

// A request met 401: signs in again in a dialog. Answers true once signed in
// (csrfToken() is then the new session's), false when the page is left (the
// caller then waits for ever).
export function signInAgain() {
  state.relogin ??= openSignIn().finally(() => { state.relogin = null; });
  return state.relogin;
}

function pingEveryMs() {
  return Math.min(MAX_PING_MS, Math.max(MIN_PING_MS, state.idleMs / 3));
}

function warnBeforeMs() {
  return Math.min(MAX_WARN_MS, state.idleMs / 4);
}

function schedule() {
  clearTimeout(state.warnTimer);
  clearTimeout(state.expireTimer);
  if (!state.idleMs) return;
  state.warnTimer = setTimeout(showWarning, state.idleMs - warnBeforeMs());
  state.expireTimer = setTimeout(() => { void signInAgain(); }, state.idleMs);
}

function onActivity(event) {
  if (state.relogin || state.user === null) return;
  if (state.warning?.contains(event.target)) return;  // its own button pings
  if (Date.now() - state.lastContact >= pingEveryMs()) void ping();
}

// GET /api/session: touches the session (the CSRF token stays the same).
function ping() {
  state.pinging ??= (async () => {
    try {
      const response = await fetch('/api/session', {credentials: 'same-origin', cache: 'no-store', headers: {'Accept': 'application/json'}});
      if (response.status === 401) {
        await signInAgain();
      } else if (response.ok) {
        contacted();
      }
    } catch {
      // No answer: the next activity tries again; the warning still comes.
    } finally {
      state.pinging = null;
    }
  })();
  return state.pinging;
}

function showWarning() {
  if (state.warning || state.relogin) return;
  const minutes = Math.max(1, Math.round(warnBeforeMs() / 60_000));
  const keep = h('button', {type: 'button', class: 'button', 'data-testid': 'session-continue'}, '作業を続ける');
  const dialog = h('dialog', {class: 'event-dialog session-dialog', 'data-testid': 'session-warning', role: 'alertdialog'},
    h('div', {class: 'dialog-head'}, h('h2', {}, 'まもなくログインの有効期限が切れます')),
    h('div', {class: 'dialog-body'},
      h('p', {'data-testid': 'session-warning-text'},
        `しばらく操作がありません。あと約${minutes}分でログインの有効期限が切れます。続けて作業する場合は「作業を続ける」を押してください。入力中の内容はそのまま残ります。`)),
    h('div', {class: 'dialog-foot'}, keep));
  keep.addEventListener('click', () => { void ping(); });
  dialog.addEventListener('cancel', (e) => { e.preventDefault(); void ping(); });
  document.body.append(dialog);
  state.warning = dialog;
  dialog.showModal();
}

function closeWarning() {
  if (!state.warning) return;
  const dialog = state.warning;
  state.warning = null;
  dialog.close();
  dialog.remove();
}

function openSignIn() {
  closeWarning();
  clearTimeout(state.warnTimer);
  clearTimeout(state.expireTimer);
  return new Promise((resolve) => {
    const error = h('p', {class: 'notice error', 'data-testid': 'relogin-error', role: 'alert', hidden: true});
    const password = h('input', {type: 'password', id: 'relogin-password', name: 'password', required: true,
      autocomplete: 'current-password', 'data-testid': 'relogin-password'});
    const submit = h('button', {type: 'submit', class: 'button', 'data-testid': 'relogin-submit'}, 'ログインして続ける');
    const leave = h('button', {type: 'button', class: 'button secondary', 'data-testid': 'relogin-leave'}, 'ログイン画面へ');
    const form = h('form', {novalidate: true},
      h('div', {class: 'dialog-head'}, h('h2', {}, 'ログインの有効期限が切れました')),
      h('div', {class: 'dialog-body'},
        h('p', {}, '入力中の内容はこの画面に残っています。パスワードを入力すると、ログインし直して作業を続けます（送信の途中だった内容はそのまま送信します）。'),
        error,
        h('div', {class: 'field'}, h('label', {for: 'relogin-user'}, 'ユーザー名'),
          h('input', {type: 'text', id: 'relogin-user', name: 'user', value: state.user, readonly: true,
            autocomplete: 'username', 'data-testid': 'relogin-user'})),
        h('div', {class: 'field'}, h('label', {for: 'relogin-password'}, 'パスワード'), password)),
      h('div', {class: 'dialog-foot'}, leave, submit));
    const dialog = h('dialog', {class: 'event-dialog session-dialog', 'data-testid': 'relogin'}, form);
    const done = (signedIn) => {
      dialog.close();
      dialog.remove();
      resolve(signedIn);
    };
    dialog.addEventListener('cancel', (e) => e.preventDefault());  // Esc does not throw the page's work away
    leave.addEventListener('click', () => {
      window.location.assign('/login');
      done(false);
    });
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      if (!password.value) {
        error.textContent = 'パスワードを入力してください。';
        error.hidden = false;
        return;
      }
      submit.disabled = true;
      try {
        const {status, retryAfter, body} = await signIn(state.user, password.value);
        if (status === 200 && body?.ok) {
          password.value = '';
          if (body.result?.role !== state.role) {
            // Another job since this page was opened: its home page, not this one.
            window.location.assign(body.result?.home || '/');
            done(false);
            return;
          }
          state.csrf = body.result.csrf;
          contacted();
          done(true);
          return;
        }
        error.textContent = signInMessage(status, retryAfter);
        error.hidden = false;
        password.value = '';
        password.focus();
      } catch {
        error.textContent = signInMessage(0);
        error.hidden = false;
      } finally {
        submit.disabled = false;
      }
    });
    document.body.append(dialog);
    dialog.showModal();
    password.focus();
  });
}
