// The sign-in page (web/login.html, public). Posts {user, password} as JSON
// to POST /login with the CSRF cookie's value in X-CSRF-Token, then goes to
// the role's home page (result.home).
//
// This file is served without a session, as is style.css — and nothing else:
// so it imports nothing and reads the CSRF cookie itself.
//
// data-testid: login-form, login-user, login-password, login-submit, login-error

const CSRF_COOKIE = 'madoguchi_csrf';

const form = document.getElementById('login-form');
const errorBox = document.getElementById('login-error');
const submit = form.querySelector('[type="submit"]');

function csrfToken() {
  for (const pair of document.cookie.split(';')) {
    const [name, ...rest] = pair.trim().split('=');
    if (name === CSRF_COOKIE) return decodeURIComponent(rest.join('='));
  }
  return '';
}

function showError(text) {
  errorBox.textContent = text;
  errorBox.hidden = !text;
}

function messageFor(status) {
  switch (status) {
    case 401: return 'ユーザー名またはパスワードが違います。';
    case 429: return 'ログインの失敗が続いたため、このユーザー名は一時的にロックされています。しばらく時間をおいてから再度お試しください。';
    case 403: return '画面の有効期限が切れました。もう一度ログインしてください。';
    case 0: return 'サーバーに接続できません。しばらくしてから再度お試しください。';
    default: return `ログインできませんでした（HTTP ${status}）。`;
  }
}

async function signIn(user, password) {
  // GET /login sets a fresh CSRF cookie; a page restored from the cache may have lost it.
  if (!csrfToken()) await fetch('/login', {credentials: 'same-origin', cache: 'no-store'});
  const response = await fetch('/login', {
    method: 'POST',
    credentials: 'same-origin',
    headers: {'Content-Type': 'application/json', 'Accept': 'application/json', 'X-CSRF-Token': csrfToken()},
    body: JSON.stringify({user, password}),
  });
  let body = null;
  try { body = await response.json(); } catch { body = null; }
  return {status: response.status, body};
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const user = form.elements.user.value.trim();
  const password = form.elements.password.value;
  if (!user || !password) {
    showError('ユーザー名とパスワードを入力してください。');
    return;
  }
  showError('');
  submit.disabled = true;
  try {
    const {status, body} = await signIn(user, password);
    if (status === 200 && body?.ok) {
      window.location.assign(body.result?.home || '/');
      return;
    }
    showError(messageFor(status));
    form.elements.password.value = '';
    form.elements.password.focus();
  } catch {
    showError(messageFor(0));
  } finally {
    submit.disabled = false;
  }
});
