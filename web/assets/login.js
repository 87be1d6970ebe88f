// The sign-in page (web/login.html, public). For each try it asks GET
// /login/token for a pre-session (an HttpOnly cookie, and the token in the
// answer, which only this origin can read), posts {user, password} as JSON to
// POST /login with that token in X-CSRF-Token, then goes to the role's home
// page (result.home).
//
// This file is served without a session, as is style.css — and nothing else:
// so it imports nothing.
//
// data-testid: login-form, login-user, login-password, login-submit, login-error

const form = document.getElementById('login-form');
const errorBox = document.getElementById('login-error');
const submit = form.querySelector('[type="submit"]');

function showError(text) {
  errorBox.textContent = text;
  errorBox.hidden = !text;
}

function messageFor(status, retryAfter) {
  switch (status) {
    case 401: return 'ユーザー名またはパスワードが違います。';
    case 429:
      // A wait of seconds after failed sign-ins, or a lock of minutes after many.
      if (retryAfter > 0 && retryAfter <= 120) {
        return `ログインの失敗が続いたため、${retryAfter}秒待ってから再度お試しください。`;
      }
      return 'ログインの失敗が続いたため、このユーザー名は一時的にロックされています。しばらく時間をおいてから再度お試しいただくか、管理者に解除を依頼してください。';
    case 503: return '只今混み合っています。少し待ってから再度お試しください。';
    case 403: return '画面の有効期限が切れました。もう一度ログインしてください。';
    case 0: return 'サーバーに接続できません。しばらくしてから再度お試しください。';
    default: return `ログインできませんでした（HTTP ${status}）。`;
  }
}

async function signIn(user, password) {
  // A pre-session for this try: it is used up by the POST, right or wrong.
  const form = await fetch('/login/token', {credentials: 'same-origin', cache: 'no-store'});
  if (!form.ok) return {status: form.status, retryAfter: Number(form.headers.get('Retry-After')) || 0, body: null};
  const token = (await form.json())?.result?.csrf ?? '';
  const response = await fetch('/login', {
    method: 'POST',
    credentials: 'same-origin',
    headers: {'Content-Type': 'application/json', 'Accept': 'application/json', 'X-CSRF-Token': token},
    body: JSON.stringify({user, password}),
  });
  let body = null;
  try { body = await response.json(); } catch { body = null; }
  return {status: response.status, retryAfter: Number(response.headers.get('Retry-After')) || 0, body};
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
    const {status, retryAfter, body} = await signIn(user, password);
    if (status === 200 && body?.ok) {
      window.location.assign(body.result?.home || '/');
      return;
    }
    showError(messageFor(status, retryAfter));
    form.elements.password.value = '';
    form.elements.password.focus();
  } catch {
    showError(messageFor(0));
  } finally {
    submit.disabled = false;
  }
});
