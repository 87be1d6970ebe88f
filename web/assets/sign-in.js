// Signing in, as the sign-in page (login.js) and a page whose session ended
// (session-keeper.js, in a dialog) both do it. For each try it asks GET
// /login/token for a pre-session (an HttpOnly cookie, and the token in the
// answer, which only this origin can read), then posts {user, password} as
// JSON to POST /login with that token in X-CSRF-Token. The answer's
// result is {user, role, home, csrf}.
//
// Served without a session, as login.js and style.css are — and nothing
// else: so it imports nothing.

// {status, retryAfter, body}: status 200 with body.ok is a session.
export async function signIn(user, password) {
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

// Why a try failed, in Japanese (status 0: no answer).
export function signInMessage(status, retryAfter) {
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
