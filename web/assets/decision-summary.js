// What the approve and respond dialogs show above and below their fields
// (issue 18): the 承認 dialog shows the decision being approved — the
// reviewer's last `decide` in the request's history (show's `history`), in
// labelled Japanese: outcome, basis, grounds, the reason and measure the
// letter prints, the 決裁理由 kept for the file, the items decided one by one,
// the pages, institutions not consulted — and the letter it will produce;
// 回答の送付 shows the letter before it is issued, redrawn as the method or
// the address changes. The letter comes from the engine's `preview` read
// command (engine/commands/read_handler.cc Preview: the letter text as the
// requester will read it; nothing is stored or sent, the showing is logged in
// personal_access). Used by event-form.js through dialogExtras().
//
// data-testid:
//   decision-summary (a dl; rows decision-{key}: decision-outcome, decision-basis, decision-grounds,
//     decision-reason, decision-measure, decision-internal-reason, decision-items (li decision-item),
//     decision-pages, decision-name-institution, decision-exempt, decision-by), decision-summary-missing
//   letter-preview (the box), letter-preview-title, letter-preview-text (pre, one per letter,
//     data-kind), letter-preview-none, letter-preview-error, letter-preview-loading

import {call} from './api.js';
import {h, replace} from './dom.js';
import {formatDateTime} from './format.js';
import {META, basisLabel, groundLabel, label, outcomeLabel, outcomeRule} from './labels.js';
import {categories, categoryNames} from './lookups.js';
import {errorText} from './messages.js';

// The events whose dialog shows the letter by itself (event-form.js then
// draws no 「通知書の文面を確認」 button of its own).
const PREVIEWED = ['approve', 'respond'];

export function showsOwnPreview(event) {
  return PREVIEWED.includes(event);
}

// {before, after, changed} for the dialog of `event`, or null: `before` goes
// above the fields, `after` below them, `changed()` is called when a field
// changes. readData() gives the form's data as advance would send it.
export function dialogExtras(event, ctx, readData) {
  if (event === 'approve') {
    const preview = letterPreview(ctx, event, readData, '承認すると作成される通知書（回答の送付時に発行）');
    return {before: [decisionSummary(ctx.detail), preview.node], after: null, changed: () => {}};
  }
  if (event === 'respond') {
    const preview = letterPreview(ctx, event, readData, '送付する通知書（発行前の確認）');
    return {before: null, after: preview.node, changed: preview.reload};
  }
  return null;
}

// ---- the decision ----

// The reviewer's last decision (a `return` sends it back; a new decide replaces it).
function lastDecision(history) {
  for (let i = (history ?? []).length - 1; i >= 0; i -= 1) {
    if (history[i].event === 'decide') return history[i];
  }
  return null;
}

export function decisionSummary(detail) {
  const entry = lastDecision(detail.history);
  if (!entry) {
    return h('p', {class: 'notice warn', 'data-testid': 'decision-summary-missing'}, '承認する決定の記録が履歴にありません。');
  }
  const d = entry.data ?? {};
  const type = detail.type;
  const rows = [];
  const row = (key, term, value) => {
    if (value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0)) return;
    rows.push(h('dt', {}, term), h('dd', {'data-testid': `decision-${key}`}, value));
  };
  const text = (v) => (v ? h('div', {class: 'pre'}, v) : undefined);
  row('outcome', '決定', h('strong', {}, outcomeLabel(d.outcome, type)));
  row('basis', '請求の根拠', d.basis ? basisLabel(d.basis, type) : undefined);
  row('grounds', '根拠', (d.grounds ?? []).map((g) => groundLabel(g, type)).join('、'));
  row('measure', 'とる措置（通知書に記載）', text(d.measure));
  row('reason', '理由（通知書に記載）', text(d.reason));
  row('internal-reason', '決裁理由（記録のみ）', text(d.internal_reason));
  if ((d.items ?? []).length) {
    // The categories' names come from the engine (fetched once per page; request.js has them already).
    const list = h('ol', {class: 'decision-items'});
    categories().then((reply) => replace(list, decisionItems(d.items, detail, categoryNames(reply))));
    row('items', '項目ごとの決定', list);
  }
  row('pages', '開示する枚数', d.pages !== undefined ? `${d.pages}枚` : undefined);
  row('name-institution', '通知書での医療機関名', d.name_institution === true ? '相談先として医療機関名を示す（管理者の承認事項）' : undefined);
  if (d.exempt_consultation) {
    row('exempt', '照会の省略（管理者の承認事項）',
      `${(d.exempt_consultation.institutions ?? []).join('、')}${d.exempt_consultation.reason ? `：${d.exempt_consultation.reason}` : ''}`);
  }
  row('by', '決定した者', `${entry.actor}（${formatDateTime(entry.at)}）`);
  if (d.withheld) rows.push(h('dt', {}, '記載内容'), h('dd', {}, '（個人情報のため表示されません）'));
  const rule = outcomeRule(type, d.outcome);
  return h('section', {class: 'panel decision-summary', 'aria-label': '承認する決定'},
    h('h3', {}, '承認する決定の内容'),
    h('dl', {class: 'dl', 'data-testid': 'decision-summary'}, rows),
    rule?.letter_title ? h('p', {class: 'hint'}, `承認すると、回答の送付で「${rule.letter_title}」が作成されます。`) : null);
}

// A correction's items ({n, corrected, reason}: the request's item n) or a
// disclosure's ({result, category, institution, month, record, part, reason}
// or 33(5)'s {provision, result}), one line each.
function decisionItems(items, detail, names) {
  const asked = detail.personal?.correction_items ?? [];
  const results = Object.fromEntries((META.disclosure_item_results ?? []).map((r) => [r.code, r.label]));
  return items.map((item, i) => {
    if (item.n !== undefined) {
      const what = asked[item.n - 1]?.item ?? `項目${item.n}`;
      return h('li', {'data-testid': 'decision-item'}, `${what}：`,
        h('strong', {}, item.corrected ? '訂正する' : '訂正しない'), item.reason ? `（理由：${item.reason}）` : '');
    }
    const parts = [];
    if (item.provision !== undefined) parts.push(`第三者提供記録 No.${item.provision}`);
    if (item.category) parts.push(names.get(item.category) ?? '（項目名を取得できません）');
    if (item.institution) parts.push(item.institution);
    if (item.month) parts.push(`${item.month.replace('-', '年')}月診療分`);
    if (item.record) parts.push(item.record);
    return h('li', {'data-testid': 'decision-item'}, `${parts.join('　') || `項目${i + 1}`}：`,
      h('strong', {}, label(results, item.result)),
      item.part ? `（開示しない部分：${item.part}）` : '',
      item.reason ? `（理由：${item.reason}）` : '');
  });
}

// ---- the letter ----

// The letters the event would send, as the engine writes them. reload()
// asks again (debounced): respond's letter follows the method and address chosen.
function letterPreview(ctx, event, readData, heading) {
  const body = h('div', {});
  const node = h('section', {class: 'letter-preview', 'data-testid': 'letter-preview', 'aria-label': heading, 'aria-live': 'polite'},
    h('h3', {}, heading), body);
  let asked = 0;
  let timer = null;
  const load = async () => {
    const mine = ++asked;
    replace(body, h('p', {class: 'hint', 'data-testid': 'letter-preview-loading'}, '通知書の文面を作成しています…'));
    const reply = await call('preview', {id: ctx.detail.id, event, data: readData()});
    if (mine !== asked) return;  // a later change asked again
    if (!reply.ok) {
      replace(body, h('div', {class: 'notice warn', 'data-testid': 'letter-preview-error'},
        h('p', {}, '現在の入力では通知書を作成できません。入力を確認してください。'),
        h('p', {}, errorText(reply.error, reply.status)),
        h('span', {class: 'detail'}, reply.error?.message ?? '')));
      return;
    }
    const letters = reply.result.letters ?? [];
    replace(body, letters.length === 0
      ? h('p', {class: 'hint', 'data-testid': 'letter-preview-none'}, 'この操作で作成される通知書はありません。')
      : letters.map((l) => h('div', {class: 'letter-preview-one'},
        h('h4', {'data-testid': 'letter-preview-title'}, l.title),
        h('pre', {class: 'letter-text', 'data-testid': 'letter-preview-text', 'data-kind': l.kind, tabindex: 0}, l.text))));
  };
  const reload = () => {
    clearTimeout(timer);
    timer = setTimeout(load, 300);
  };
  load();
  return {node, reload};
}
