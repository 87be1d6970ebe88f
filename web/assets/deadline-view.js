// The due date of a request and why it is that day, in Japanese: the day of
// receipt (not counted, Civil Code 140), the rule (when the engine sends it
// as `rule` {days, unit}), a period ending on a closed day running to the next
// business day (Civil Code 142), clock stops (clock_stopped, stopped_since,
// stopped_days) and extensions (extended_days, with the reasons from history).
// See README "How deadlines are counted".
//
// data-testid: request-due-date, request-days-left (open requests only), deadline-explanation, and its items
//   deadline-received, deadline-rule, deadline-closed-day, deadline-stopped, deadline-stopped-days,
//   deadline-extended, deadline-finished

import {h} from './dom.js';
import {dueBadge} from './due-badge.js';
import {formatDate, formatDateTime} from './format.js';
import {OPEN_STATES, OUTCOMES, TYPES, label, outcomeLabel} from './labels.js';

const RECEIPTS = 'receipts';

export function deadlineView(detail) {
  const open = OPEN_STATES.includes(detail.state);
  return h('div', {class: 'due-panel'},
    h('div', {},
      h('div', {class: 'muted small'}, '回答期限'),
      h('div', {class: 'due-big', 'data-testid': 'request-due-date', 'data-date': detail.due_date}, formatDate(detail.due_date)),
      open ? h('div', {}, dueBadge(detail, 'request-days-left')) : null),
    h('ul', {class: 'due-explain', 'data-testid': 'deadline-explanation'}, explanation(detail, open)));
}

function unitOf(detail) {
  return rule(detail)?.unit === 'business' ? '営業日' : '日';
}

// The rule of the request's deadline, if the engine sends it.
function rule(detail) {
  const r = detail.rule ?? detail.deadline_rule ?? null;
  return r && Number.isInteger(r.days) ? r : null;
}

function explanation(detail, open) {
  const items = [];
  const li = (testid, ...text) => items.push(h('li', {'data-testid': testid}, ...text));
  if (!open) {
    li('deadline-finished', `この請求は${detail.state === 'withdrawn' ? '取り下げられました' : '完了しています'}`,
      detail.outcome ? `（結果：${outcomeLabel(detail.outcome, detail.type) || label(OUTCOMES, detail.outcome)}）` : '', '。');
  }
  li('deadline-received', `受付日時は${formatDateTime(detail.received_at)}です。受付日は期間に算入せず、翌日から数えます（民法第140条）。`);
  const r = rule(detail);
  const receipts = detail.type === 'disclosure' && (detail.categories ?? []).includes(RECEIPTS);
  if (r) {
    li('deadline-rule', `${label(TYPES, detail.type)}の請求の回答期限は、当組合の運用基準により${r.unit === 'business' ? `受付日の翌日から${r.days}営業日目` : `受付日の翌日から起算して${r.days}日`}です`,
      receipts ? '（レセプトを含む開示のため、医療機関への照会期間を見込んだ基準）' : '', '。法は「遅滞なく」とし、日数を定めていません。');
  } else {
    li('deadline-rule', `回答期限は、請求の種類ごとに定めた当組合の運用基準の日数で計算します（${label(TYPES, detail.type)}`,
      receipts ? '、レセプトを含む開示は医療機関への照会期間を見込んだ日数' : '', '）。法は「遅滞なく」とし、日数を定めていません。');
  }
  if (detail.original_due_date) {
    li('deadline-original', `延長前の期限（運用基準）は${formatDate(detail.original_due_date)}です。受付・処理簿と管理画面では、延長前の期限による期限超過も集計します。`);
  }
  if (!r || r.unit !== 'business') {
    li('deadline-closed-day', '期間の末日が土日・祝日・年末年始（12月29日〜1月3日）など閉庁日にあたるときは、翌開庁日が期限です（民法第142条）。');
  }
  if (detail.clock_stopped) {
    li('deadline-stopped', h('strong', {}, '期限の計算を停止中：'),
      `${formatDate(detail.stopped_since)}から請求者の対応（書類の提出等）を待っています。表示の期限は本日対応があった場合の日付で、停止が続く間は日ごとに後ろへずれます。`);
  }
  if (detail.stopped_days > 0) {
    li('deadline-stopped-days', `請求者の対応を待った期間として、計${detail.stopped_days}${unitOf(detail)}を期限に加えています${detail.clock_stopped ? '（本日までの分を含む）' : ''}。`);
  }
  if (detail.extended_days > 0) {
    const extensions = (detail.history ?? []).filter((e) => e.event === 'extend');
    li('deadline-extended', `期間の延長により、計${detail.extended_days}${unitOf(detail)}延長しています。`,
      extensions.length ? h('ul', {}, extensions.map((e) => h('li', {},
        `${formatDate(e.at)} ${e.actor}：${e.data?.days ?? '?'}${unitOf(detail)}延長（理由：${e.data?.reason ?? ''}）`))) : null);
  }
  return items;
}
