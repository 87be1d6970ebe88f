// A request's history as a table: 時刻, 担当者, 役割, 事象, 内容 (the event's
// data in Japanese words), 状態 (from → to). Newest last, as recorded.
//
// data-testid: history-table, history-row (data-version, data-event), history-content

import {h} from './dom.js';
import {formatDate, formatDateTime, shortHash} from './format.js';
import {
  CHANNELS, CONSULTATION_ANSWERS, DELIVERED_METHODS, DELIVERY_MEDIA, DISCLOSURE_METHODS, DOCUMENT_KINDS, DOCUMENT_OWNERS,
  EVENTS, FEE_METHODS, PASSWORD_ROUTES,
  IDENTITY_METHODS, LINK_KINDS, POST_METHODS, RESPOND_METHODS, RETURN_REASONS, ROLES, STATES,
  META, TYPES, basisLabel, groundLabel, label, outcomeLabel,
} from './labels.js';

export function historyTable(history, {type, categoryNames, disposed = false}) {
  return h('table', {class: 'data-table history-table', 'data-testid': 'history-table'},
    h('thead', {}, h('tr', {}, ['時刻', '担当者', '役割', '事象', '内容', '状態'].map((t) => h('th', {}, t)))),
    h('tbody', {}, history.map((entry) => h('tr', {'data-testid': 'history-row', 'data-version': entry.version, 'data-event': entry.event},
      h('td', {class: 'nowrap'}, formatDateTime(entry.at)),
      h('td', {}, entry.actor),
      h('td', {class: 'nowrap'}, label(ROLES, entry.role)),
      h('td', {class: 'nowrap'}, h('strong', {}, label(EVENTS, entry.event))),
      h('td', {class: 'content', 'data-testid': 'history-content'}, describe(entry.event, entry.data ?? {}, {type, categoryNames, disposed}).join('\n')),
      h('td', {class: 'nowrap small'}, transition(entry))))));
}

function transition(entry) {
  const to = label(STATES, entry.to_state);
  if (!entry.from_state) return to;
  return entry.from_state === entry.to_state ? `${to}（変更なし）` : `${label(STATES, entry.from_state)} → ${to}`;
}

// Lines of Japanese text describing an event's data.
export function describe(event, data, {type, categoryNames, disposed = false}) {
  const lines = [];
  const add = (name, value) => { if (value !== undefined && value !== null && value !== '') lines.push(`${name}：${value}`); };
  const list = (v) => (Array.isArray(v) ? v.join('、') : v);
  const known = new Set();
  const take = (key) => { known.add(key); return data[key]; };
  switch (event) {
    case 'intake':
      add('種別', label(TYPES, take('type')));
      add('受付方法', label(CHANNELS, take('channel')));
      add('受付日時', formatDateTime(take('received_at')));
      add('対象の項目', list((take('categories') ?? []).map((c) => categoryNames.get(c) ?? c)));
      add('開示の方法', label(DISCLOSURE_METHODS, take('disclosure_method')));
      add('重複の可能性', list(take('possible_duplicate_of')));
      add('支援措置', take('protected_person') ? '対象者（判断は管理者の承認を要する）' : '');
      break;
    case 'request_documents':
      add('不足しているもの', list(take('missing')));
      add('補足', take('note'));
      break;
    case 'documents_received':
      add('受け取ったもの', list(take('received')));
      break;
    case 'verify_identity':
      add('確認の方法', label(IDENTITY_METHODS, take('method')));
      for (const d of take('documents') ?? []) {
        lines.push(`書類：${label(DOCUMENT_KINDS, d.kind)}（${d.of ? `${label(DOCUMENT_OWNERS, d.of)}、` : ''}${formatDate(d.issued)}）`);
      }
      {
        const a = take('address_on_documents');
        add('本人確認書類の住所', a ? `${a.postal_code ? `〒${a.postal_code} ` : ''}${a.address}` : undefined);
      }
      add('備考', take('note'));
      break;
    case 'reject_identity':
    case 'withdraw':
      add('理由', take('reason'));
      break;
    case 'assign':
      add('担当者', take('to'));
      break;
    case 'reassign':
      add('新しい担当者', take('to'));
      add('理由', take('reason'));
      break;
    case 'consult':
      add('照会先', take('institution'));
      add('照会の内容', take('question'));
      break;
    case 'fee_paid':  // issue 6
      add('納付額', take('amount') !== undefined ? `${take('amount')}円` : undefined);
      add('納付日', formatDate(take('paid_on')));
      add('納付の方法', label(FEE_METHODS, take('method')));
      add('備考', take('note'));
      break;
    case 'consultation_done':
      add('照会先', take('institution'));
      add('回答', label(CONSULTATION_ANSWERS, take('answer')));
      add('理由', take('reason'));
      break;
    case 'decide':
      add('決定', outcomeLabel(take('outcome'), type));
      add('請求の根拠', take('basis') ? basisLabel(take('basis'), type) : undefined);
      add('根拠', list((take('grounds') ?? []).map((g) => groundLabel(g, type))));
      add('とる措置', take('measure'));
      add('理由（通知書）', take('reason'));
      add('決裁理由（記録のみ）', take('internal_reason'));
      {
        // Issue 17: institutions not consulted, and why (a manager approves the decision).
        const exempt = take('exempt_consultation');
        if (exempt) add('照会の省略（管理者の承認を要する）', `${(exempt.institutions ?? []).join('、')}：${exempt.reason ?? ''}`);
      }
      for (const i of take('items') ?? []) {
        lines.push(`項目（${i.n}）：${i.corrected ? '訂正する' : `訂正しない（${i.reason ?? ''}）`}`);
      }
      break;
    case 'link':
    case 'unlink':
      add('請求', take('to'));
      add('関係', label(LINK_KINDS, take('kind')));
      add('理由', take('reason'));
      break;
    case 'letter_posted':
      add('通知書No.', take('n'));
      add('方法', label(POST_METHODS, take('method')));
      add('お問い合わせ番号', take('tracking'));
      add('転送不要', take('no_forwarding') === true ? '表示あり' : undefined);
      add('差出日', formatDate(take('posted_on')));
      break;
    case 'letter_returned':
      add('通知書No.', take('n'));
      add('理由', label(RETURN_REASONS, take('reason')));
      add('補足', take('note'));
      add('返戻日', formatDate(take('returned_on')));
      break;
    case 'approve':
    case 'return':
      add('コメント', take('comment'));
      break;
    case 'respond':
      add('通知の方法', label(RESPOND_METHODS, take('method')));
      add('方法の理由', take('method_reason'));
      add('送付先', {documents: '本人確認書類の住所', request_form: '請求書に記載の住所'}[take('send_to')]);
      add('送付先の理由', take('send_to_reason'));
      add('本人への送付', take('copy_to_person') === true ? '代理人と本人の双方' : undefined);
      break;
    case 'letter_issued':
      add('通知書', take('letter_id'));
      add('SHA-256', shortHash(take('sha256')));
      break;
    case 'extend':
      add('延長', take('days') !== undefined ? `${take('days')}日` : undefined);
      add('理由の区分', (META.extension?.reasons ?? []).find((r) => r.code === take('reason_code'))?.label ?? take('reason_code'));
      add('理由', take('reason'));
      break;
    case 'note':
      lines.push(take('text') ?? '');
      break;
    // Issue 17 parts 3 and 6: the disclosure handed over, and a legal hold.
    case 'disclosure_attach':
      add('ファイル', take('n') !== undefined ? `${take('n')}（${take('media_type') === 'text/csv' ? 'CSV' : take('media_type') === 'application/pdf' ? 'PDF' : take('media_type')}、${take('bytes')}バイト）` : undefined);
      add('SHA-256', take('sha256'));
      break;
    case 'disclosure_package':
      add('暗号化ファイル', take('bytes') !== undefined ? `${take('bytes')}バイト` : undefined);
      add('まとめたファイル', list(take('files')));
      add('SHA-256', take('sha256'));
      add('パスワード通知書', take('password_letter'));
      break;
    case 'disclosure_delivered':
      add('開示の方法', label(DELIVERED_METHODS, take('method')));
      add('実施日', formatDate(take('on')));
      add('媒体', label(DELIVERY_MEDIA, take('medium')));
      add('パスワードの通知', label(PASSWORD_ROUTES, take('password_route')));
      add('記録', take('evidence'));
      break;
    case 'disclosure_uncollected':
      add('記録', take('note'));
      break;
    case 'legal_hold':
    case 'legal_hold_release':
      add('理由', take('reason'));
      break;
    default:
      break;
  }
  // Issue 15 item 7: the free text withheld from someone who may not see personal fields.
  // Issue 17 part 6: a disposed request's free text is gone, not withheld.
  if (take('withheld')) {
    lines.push(disposed ? '（記載内容は保存期間の経過により廃棄されました）'
      : '（記載内容は個人情報のため、この案件を担当する者にのみ表示されます）');
  }
  // Whatever the page does not know yet, as it came.
  for (const [key, value] of Object.entries(data)) {
    if (!known.has(key)) add(key, typeof value === 'string' ? value : JSON.stringify(value));
  }
  return lines;
}
