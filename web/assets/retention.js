// 保存期間・廃棄 (web/retention.html, /desk/retention; managers and auditors):
// the retention ledger through POST /api/disposal_list {filter}: requests past
// their retention date (and whether a manager holds them), held, kept, or
// disposed of. Ids, dates and codes only: nothing personal (docs/desk-rules.md,
// "How long a request is kept").
//
// data-testid: retention-filter, retention-count, retention-table, retention-row (data-id, data-held,
//   data-due), retention-empty, retention-error

import {call} from './api.js';
import {h, replace} from './dom.js';
import {formatDate, formatDateTime, stateText, typeText} from './format.js';
import {startPage} from './header.js';
import {outcomeLabel} from './labels.js';
import {errorText} from './messages.js';

main();

async function main() {
  const session = await startPage('retention');
  if (!session) return;
  const select = document.getElementById('retention-filter');
  const wanted = new URLSearchParams(window.location.search).get('filter');
  if (wanted && [...select.options].some((o) => o.value === wanted)) select.value = wanted;
  select.addEventListener('change', () => {
    history.replaceState(null, '', `?filter=${select.value}`);
    load(select.value);
  });
  await load(select.value);
}

async function load(filter) {
  const box = document.getElementById('retention-error');
  const reply = await call('disposal_list', {filter});
  box.hidden = reply.ok;
  if (!reply.ok) {
    replace(box, errorText(reply.error, reply.status));
    return;
  }
  const {items, total, today} = reply.result;
  replace(document.getElementById('retention-count'), `${total}件（${formatDate(today)}現在${items.length < total ? `、先頭${items.length}件を表示` : ''}）`);
  if (items.length === 0) {
    replace(document.getElementById('retention-list'), h('p', {class: 'muted', 'data-testid': 'retention-empty'}, '該当する案件はありません。'));
    return;
  }
  replace(document.getElementById('retention-list'), h('table', {class: 'data-table compact', 'data-testid': 'retention-table'},
    h('thead', {}, h('tr', {}, ['受付番号', '種別', '状態', '結果', '受付日', '保存期限', '廃棄保留', '廃棄日時'].map((t) => h('th', {}, t)))),
    h('tbody', {}, items.map((r) => h('tr', {'data-testid': 'retention-row', 'data-id': r.id, 'data-held': String(r.legal_hold), 'data-due': String(r.due)},
      h('td', {}, r.disposed_at ? r.id : h('a', {href: `/desk/requests/${r.id}`}, r.id)),
      h('td', {}, typeText(r)),
      h('td', {}, stateText(r)),
      h('td', {}, r.outcome ? outcomeLabel(r.outcome, r.type) : '—'),
      h('td', {}, formatDate(r.received_at)),
      h('td', {}, r.retention_until ? formatDate(r.retention_until) : '—'),
      h('td', {}, r.legal_hold ? '保留中' : ''),
      h('td', {}, r.disposed_at ? formatDateTime(r.disposed_at) : ''))))));
}
