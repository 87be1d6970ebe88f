// Issue 6 on 案件詳細: a correction's items (personal fields, for the roles
// that may see them, with the decision on each once decided), the links to
// other requests in both directions with the duplicate flag, and how each
// letter went by post and which came back.
//
// data-testid: correction-items, correction-item (data-n), duplicate-flag, links-table, link-row (data-id,
//   data-direction, data-kind), link-{id} (the link to the other request), links-empty,
//   post-table, post-row (data-event, data-n), post-empty

import {h} from './dom.js';
import {formatDate, formatDateTime} from './format.js';
import {LINK_KINDS, POST_METHODS, RETURN_REASONS, label} from './labels.js';

// The decision on each item: the last decide's items, by position.
function decidedItems(detail) {
  const decide = [...(detail.history ?? [])].reverse().find((e) => e.event === 'decide');
  return new Map((decide?.data?.items ?? []).map((i) => [i.n, i]));
}

export function correctionItemsView(detail) {
  const items = detail.personal?.correction_items;
  if (detail.type !== 'correction' || !items) return null;
  const decided = decidedItems(detail);
  return h('table', {class: 'data-table compact', 'data-testid': 'correction-items'},
    h('thead', {}, h('tr', {}, ['No.', '項目', '現在の内容', '訂正後の内容', '決定'].map((t) => h('th', {}, t)))),
    h('tbody', {}, items.map((item, i) => {
      const d = decided.get(i + 1);
      const result = d === undefined ? '未決定' : d.corrected ? '訂正する' : `訂正しない（${d.reason ?? ''}）`;
      return h('tr', {'data-testid': 'correction-item', 'data-n': i + 1},
        h('td', {class: 'num'}, i + 1), h('td', {}, item.item), h('td', {}, item.current || '（記載なし）'),
        h('td', {}, item.requested), h('td', {}, result));
    })));
}

export function relationsView(detail) {
  const links = detail.links ?? [];
  const flag = detail.possible_duplicate
    ? h('p', {class: 'notice warn', 'data-testid': 'duplicate-flag'},
      '同じ方（記号・番号、生年月日、フリガナが一致）から同じ種類の請求が期間内に受け付けられています。重複の可能性があります（統合はされません）。確認のうえ、重複でなければ関連付けを解除してください。')
    : null;
  if (links.length === 0) return [flag, h('p', {class: 'muted', 'data-testid': 'links-empty'}, '関連付けられた請求はありません。')];
  return [flag, h('table', {class: 'data-table compact', 'data-testid': 'links-table'},
    h('thead', {}, h('tr', {}, ['請求', '関係', '向き', '理由', '記録'].map((t) => h('th', {}, t)))),
    h('tbody', {}, links.map((l) => h('tr', {'data-testid': 'link-row', 'data-id': l.id, 'data-direction': l.direction, 'data-kind': l.kind},
      h('td', {}, h('a', {href: `/desk/requests/${encodeURIComponent(l.id)}`, 'data-testid': `link-${l.id}`}, l.id)),
      h('td', {}, label(LINK_KINDS, l.kind), l.automatic ? '（受付時に自動）' : ''),
      h('td', {}, l.direction === 'to' ? 'この請求から' : '相手の請求から'),
      h('td', {}, l.reason ?? ''),
      h('td', {class: 'nowrap'}, `${formatDateTime(l.linked_at)} ${l.linked_by}`)))))];
}

export function postView(detail) {
  const post = detail.post ?? [];
  if (post.length === 0) return h('p', {class: 'muted', 'data-testid': 'post-empty'}, '郵送・返戻の記録はありません。');
  return h('table', {class: 'data-table compact', 'data-testid': 'post-table'},
    h('thead', {}, h('tr', {}, ['通知書No.', '記録', '内容', '日付', '記録者'].map((t) => h('th', {}, t)))),
    h('tbody', {}, post.map((p) => h('tr', {'data-testid': 'post-row', 'data-event': p.event, 'data-n': p.n,
      class: p.event === 'letter_returned' ? 'returned' : ''},
      h('td', {class: 'num'}, p.n),
      h('td', {}, p.event === 'letter_posted' ? '郵送' : '返戻'),
      h('td', {}, p.event === 'letter_posted'
        ? `${label(POST_METHODS, p.method)}${p.no_forwarding ? '・転送不要' : ''}${p.tracking ? `（お問い合わせ番号 ${p.tracking}）` : ''}`
        : `${label(RETURN_REASONS, p.reason)}${p.note ? `：${p.note}` : ''}`),
      h('td', {class: 'nowrap'}, formatDate(p.posted_on ?? p.returned_on ?? p.at.slice(0, 10))),
      h('td', {}, p.by)))));
}
