// Who was shown this request's personal data (POST /api/access_log {"id"} →
// items [{at, actor, role, source, what}], oldest first), for managers and
// auditors: the access log of issue 7. Other roles do not get the panel at all.
//
// data-testid: access-log-table, access-log-row (data-actor, data-what), access-log-empty, access-log-error

import {call} from './api.js';
import {h} from './dom.js';
import {formatDateTime} from './format.js';
import {label, ROLES} from './labels.js';
import {errorText} from './messages.js';

export const ACCESS_LOG_ROLES = ['manager', 'auditor'];

const WHAT = {
  show: '詳細の表示',
  list: '一覧での氏名表示',
  letter: '通知書PDFのダウンロード',
  letter_context: '通知書の作成（作成プログラム）',
  preview: '通知書の文面の確認（送付前）',
};

const SOURCE = {web: '窓口画面', curve: 'コマンド', worker: '作成プログラム'};

export async function accessLogView(requestId) {
  const reply = await call('access_log', {id: requestId});
  if (!reply.ok) {
    return h('p', {class: 'notice error', 'data-testid': 'access-log-error'}, `閲覧記録を取得できませんでした。${errorText(reply.error, reply.status)}`);
  }
  const items = reply.result.items;
  if (items.length === 0) {
    return h('p', {class: 'muted', 'data-testid': 'access-log-empty'}, 'この請求の個人情報はまだ誰にも表示されていません。');
  }
  return h('table', {class: 'data-table compact', 'data-testid': 'access-log-table'},
    h('thead', {}, h('tr', {}, ['閲覧日時', '職員', '役割', '経路', '内容'].map((t) => h('th', {}, t)))),
    h('tbody', {}, items.map((a) => h('tr', {'data-testid': 'access-log-row', 'data-actor': a.actor, 'data-what': a.what},
      h('td', {class: 'nowrap'}, formatDateTime(a.at)),
      h('td', {}, a.actor),
      h('td', {}, label(ROLES, a.role)),
      h('td', {}, SOURCE[a.source] ?? a.source),
      h('td', {}, WHAT[a.what] ?? a.what)))));
}
