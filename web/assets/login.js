// The sign-in page (web/login.html, public): signs in (sign-in.js), then
// goes to the role's home page (result.home).
//
// This file is served without a session, as are sign-in.js and style.css —
// and nothing else: so it imports nothing more.
//
// data-testid: login-form, login-user, login-password, login-submit, login-error

import {signIn, signInMessage} from './sign-in.js';

const form = document.getElementById('login-form');
const errorBox = document.getElementById('login-error');
const submit = form.querySelector('[type="submit"]');

function showError(text) {
  errorBox.textContent = text;
  errorBox.hidden = !text;
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
    showError(signInMessage(status, retryAfter));
    form.elements.password.value = '';
    form.elements.password.focus();
  } catch {
    showError(signInMessage(0));
  } finally {
    submit.disabled = false;
  }
});
