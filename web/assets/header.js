// The common header of the desk's pages: the product's name, the links each
// role may use (受付 / 一覧 / 管理 / 受付・処理簿), the signed-in user and role, and the
// sign-out button (POST /logout).
//
// data-testid: header-user, header-role, nav-intake, nav-queue, nav-dashboard, nav-report, nav-provision, nav-retention, logout,
//              page-forbidden (shown instead of the page to a role it is not for),
//              page-error (the session could not be read)

import {logout, session} from './api.js';
import {h, replace} from './dom.js';
import {PAGE_ROLES, ROLES, label} from './labels.js';
import {errorText} from './messages.js';

const LINKS = [
  {page: 'intake', href: '/desk/intake', text: '受付'},
  {page: 'queue', href: '/desk/queue', text: '一覧'},
  {page: 'dashboard', href: '/desk/dashboard', text: '管理'},
  {page: 'report', href: '/desk/report', text: '受付・処理簿'},
  {page: 'provision', href: '/desk/provision', text: '第三者提供記録'},
  {page: 'retention', href: '/desk/retention', text: '保存期間'},
];

// Draws the header into <header id="app-header"> and answers the session
// ({user, role}), or null when this page is not for the user's role (the
// page's <main> then says so) or the session could not be read.
export async function startPage(page) {
  const header = document.getElementById('app-header');
  const main = document.querySelector('main');
  const reply = await session();
  if (!reply.ok) {
    replace(header, brand());
    replace(main, h('p', {class: 'notice error', 'data-testid': 'page-error'}, errorText(reply.error, reply.status)));
    return null;
  }
  const {user, role} = reply.result;
  replace(header,
    brand(),
    h('nav', {class: 'app-nav', 'aria-label': '画面'},
      LINKS.filter((l) => PAGE_ROLES[l.page].includes(role)).map((l) =>
        h('a', {href: l.href, 'data-testid': `nav-${l.page}`, 'aria-current': l.page === page ? 'page' : null}, l.text))),
    h('div', {class: 'app-user'},
      h('span', {class: 'user-name', 'data-testid': 'header-user'}, user),
      h('span', {class: 'user-role', 'data-testid': 'header-role', 'data-role': role}, label(ROLES, role)),
      h('button', {type: 'button', class: 'button secondary small', 'data-testid': 'logout', onclick: () => logout()}, 'ログアウト')));
  if (!PAGE_ROLES[page]?.includes(role)) {
    replace(main, h('p', {class: 'notice error', 'data-testid': 'page-forbidden'},
      `この画面は${PAGE_ROLES[page].map((r) => label(ROLES, r)).join('・')}の方が利用します。`));
    return null;
  }
  return {user, role};
}

function brand() {
  return h('a', {class: 'app-brand', href: '/'}, h('span', {class: 'brand-mark'}, '窓口'),
    h('span', {class: 'brand-text'}, '個人情報の開示等請求 受付管理'));
}
