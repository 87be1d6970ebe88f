// The request as recorded at intake: what was asked (type, categories,
// channel, disclosure method) and, for the roles that may see them, the
// personal fields (detail.personal: requester, agent, free_text,
// disclosure_method_detail). Without them the panel says so.
//
// data-testid: request-categories, request-channel, request-disclosure-method, request-received-at,
//   personal-hidden, agent-none, requester-{name|kana|birth_date|insured|postal_code|address|phone|email},
//   agent-{kind|relation|name|kana|birth_date|postal_code|address|phone|email}, request-free-text

import {h} from './dom.js';
import {formatDate, formatDateTime, todayJst} from './format.js';
import {
  AGENT_KINDS, BEREAVED_RELATIONS, CHANNELS, CONSULTATION_ANSWERS, CONSULTATION_PARTIES, DELIVERED_METHODS, DISCLOSURE_METHODS,
  RELATIONS, label,
} from './labels.js';

export function requestPanel(detail, categoryNames) {
  const personal = detail.personal ?? {};
  return h('dl', {class: 'dl'},
    h('dt', {}, '受付日時'), h('dd', {'data-testid': 'request-received-at'}, formatDateTime(detail.received_at)),
    h('dt', {}, '受付方法'), h('dd', {'data-testid': 'request-channel'}, label(CHANNELS, detail.channel)),
    detail.disclosure_method ? [
      h('dt', {}, '開示の方法'),
      h('dd', {'data-testid': 'request-disclosure-method'}, label(DISCLOSURE_METHODS, detail.disclosure_method),
        personal.disclosure_method_detail ? `（${personal.disclosure_method_detail}）` : ''),
    ] : null,
    h('dt', {}, '対象の項目'),
    h('dd', {}, h('ul', {class: 'results-list', 'data-testid': 'request-categories'},
      (detail.categories ?? []).map((c) => h('li', {'data-category': c}, categoryNames.get(c) ?? c)))),
    personal.free_text ? [h('dt', {}, '請求の内容'), h('dd', {class: 'pre', 'data-testid': 'request-free-text'}, personal.free_text)] : null,
    particularsRows(detail.particulars),
    letterAddressRow(detail.letter_address),
    retentionRows(detail.retention));
}

// --- issue 17 part 6: how long the request is kept (Art. 22) ---
// data-testid: request-keep (data-disposed, data-held, data-due)
function retentionRows(r) {
  if (!r) return null;
  let text;
  if (r.disposed_at) {
    text = `${formatDateTime(r.disposed_at)} に廃棄済み（保存期間の経過による。個人情報・通知書・履歴の記載は消去され、台帳と履歴の記録のみ残ります）`;
  } else if (r.until) {
    text = `${formatDate(r.until)} まで保存${r.due ? '（保存期間を経過：エンジンが廃棄します）' : ''}`;
  } else {
    text = '完了（または取下げ）の日から定まります';
  }
  if (r.legal_hold && !r.disposed_at) text += '。廃棄保留中（管理者が解除するまで廃棄しません）';
  return [h('dt', {}, '保存期間'), h('dd', {
    class: r.disposed_at || r.legal_hold ? 'notice' : '',
    'data-testid': 'request-keep',
    'data-disposed': String(Boolean(r.disposed_at)),
    'data-held': String(Boolean(r.legal_hold)),
    'data-due': String(Boolean(r.due)),
  }, text)];
}

// --- issue 6: who asks, receipts and consultations, fee ---
// data-testid: request-relation, request-protected, request-receipts, request-retention, request-consultations, request-fee
function particularsRows(p) {
  if (!p) return null;
  // Issue 15 item 7: without the right to personal fields the names, months and
  // reasons are withheld (p.withheld); institutions are then numbered (医療機関1, ...).
  // Issue 17: other third parties (事業主, 医師 ...) are named by their kind; a partial objection by its part.
  const kind = (c) => label(CONSULTATION_PARTIES, c.party_kind ?? 'institution');
  const institution = (c) => (c.institution
    ? ((c.party_kind ?? 'institution') === 'institution' ? c.institution : `${kind(c)}：${c.institution}`)
    : `${kind(c)}${c.institution_no}`);
  const consultation = (c) => `${institution(c)}（照会 ${formatDate(c.sent)}、期限 ${formatDate(c.due)}）：` +
    (c.answer ? `${label(CONSULTATION_ANSWERS, c.answer)}${c.part ? `（該当部分：${c.part}）` : ''}${c.reason ? ` ${c.reason}` : ''}` : '回答待ち');
  return [
    h('dt', {}, '請求者の区分'), h('dd', {'data-testid': 'request-relation'}, label(RELATIONS, p.relation ?? 'insured')),
    // Issue 16: a person on the managers' list of 支援措置 (DV and the like).
    p.protected_person ? [h('dt', {}, '支援措置'), h('dd', {class: 'notice error', 'data-testid': 'request-protected'},
      '支援措置の対象者です。判断はどの結果でも管理者の承認を要し、通知書には宛先以外の住所を記載しません。')] : null,
    p.receipts?.length ? [h('dt', {}, 'レセプト'), h('dd', {'data-testid': 'request-receipts'}, h('ul', {class: 'results-list'},
      p.receipts.map((r) => h('li', {}, `${r.institution}　${(r.months ?? []).join('、')}`))))] : null,
    p.retention_flagged?.length ? [h('dt', {}, '保存期間超過'), h('dd', {class: 'notice error', 'data-testid': 'request-retention'},
      `保存期間を過ぎた診療月があります：${p.retention_flagged.join('、')}`)] : null,
    p.bereaved_relation ? [h('dt', {}, '遺族の続柄'), h('dd', {'data-testid': 'request-bereaved'},
      `${label(BEREAVED_RELATIONS, p.bereaved_relation)}${p.bereaved_consent_on ? `（医療機関への照会の同意 ${formatDate(p.bereaved_consent_on)}）` : ''}`)] : null,
    p.consultations?.length ? [h('dt', {}, '第三者への照会'), h('dd', {'data-testid': 'request-consultations'},
      h('ul', {class: 'results-list'}, p.consultations.map((c) => h('li', {}, consultation(c)))))] : null,
    p.withheld ? [h('dt', {}, 'レセプト・照会'), h('dd', {class: 'muted', 'data-testid': 'request-withheld'},
      `医療機関名・診療月・照会の内容は、この案件の個人情報を見られる担当者にのみ表示されます（レセプト ${p.receipt_count ?? 0}件）。`)] : null,
    p.fee ? [h('dt', {}, '手数料'), h('dd', {'data-testid': 'request-fee'},
      `${p.fee.amount}円（${p.fee.paid_on ? `${formatDate(p.fee.paid_on)} 納付済` : '未納：納付まで期限停止'}）`)] : null,
    deliveryRows(p.delivery),
  ];
}

// Issue 17: the disclosure itself. data-testid: request-delivery, request-delivery-files,
// request-delivery-package; each file links to its download (a manager's: the engine refuses others).
const DELIVERY_METHODS = {post: '郵送', counter: '窓口交付', viewing: '窓口での閲覧', electronic: '電磁的記録'};
function deliveryRows(d) {
  if (!d) return null;
  const id = window.location.pathname.split('/').pop();
  const status = d.delivered_on ? `${formatDate(d.delivered_on)} ${label(DELIVERED_METHODS, d.delivered_method)}により開示済`
    : d.uncollected_on ? `${formatDate(d.uncollected_on)} 受取期限経過（未受領）`
    : `開示実施待ち（${label(DELIVERY_METHODS, d.method)}${d.pickup_by ? `、受取期限 ${formatDate(d.pickup_by)}` : ''}）`;
  return [
    h('dt', {}, '開示の実施'), h('dd', {'data-testid': 'request-delivery'}, status),
    d.files?.length ? [h('dt', {}, '開示したファイル'), h('dd', {'data-testid': 'request-delivery-files'},
      h('ul', {class: 'results-list'}, d.files.map((f) => h('li', {},
        h('a', {href: `/api/requests/${id}/disclosure/${f.n}`}, `${f.n}. ${f.media_type === 'application/pdf' ? 'PDF' : 'CSV'}`),
        `（${f.bytes}バイト、SHA-256 ${f.sha256}）`))))] : null,
    d.package ? [h('dt', {}, '暗号化ファイル'), h('dd', {'data-testid': 'request-delivery-package'},
      h('a', {href: `/api/requests/${id}/disclosure/package`}, 'ZIP（AES-256）'),
      `（${d.package.bytes}バイト、SHA-256 ${d.package.sha256}、${formatDate(d.package.made_on)}作成）`)] : null,
  ];
}
// --- end issue 6 ---

// Issue 17 part 5: where the letters go (show's letter_address, for roles that see personal data).
// data-testid: request-letter-address
function letterAddressRow(a) {
  if (!a) return null;
  const to = a.letters_to === 'documents' ? '本人確認書類の住所' : '請求書に記載の住所';
  return [h('dt', {}, '通知書の送付先'), h('dd', {class: a.differs ? 'notice error' : '', 'data-testid': 'request-letter-address'},
    a.differs
      ? `${to}に送付します。本人確認書類の住所と請求書の住所が異なります：送付先を確認してください（回答の送付で選択できます）。`
      : `${to}に送付します。`)];
}

// The requester's and the agent's panels' contents (agent null when the personal fields are not shown).
export function personPanels(detail) {
  if (detail.retention?.disposed_at) {
    return {requester: h('p', {class: 'muted', 'data-testid': 'personal-disposed'},
      '保存期間の経過により個人情報は廃棄されました。'), agent: null};
  }
  if (!detail.personal) {
    const text = '個人情報（氏名・住所など）は、この案件の担当者・受付担当・管理者のみ表示されます。';
    return {requester: h('p', {class: 'muted', 'data-testid': 'personal-hidden'}, text), agent: null};
  }
  const {requester, agent} = detail.personal;
  return {
    requester: requester ? requesterList(requester) : h('p', {class: 'muted'}, '記録がありません。'),
    agent: agent ? agentList(agent) : h('p', {class: 'muted', 'data-testid': 'agent-none'}, '代理人による請求ではありません（本人による請求）。'),
  };
}

function row(prefix, key, name, value) {
  if (value === undefined || value === null || value === '') return null;
  return [h('dt', {}, name), h('dd', {'data-testid': `${prefix}-${key}`}, value)];
}

function requesterList(p) {
  return h('dl', {class: 'dl'},
    row('requester', 'name', '氏名', p.name),
    row('requester', 'kana', 'フリガナ', p.kana),
    row('requester', 'birth_date', '生年月日', p.birth_date ? `${formatDate(p.birth_date)}（${age(p.birth_date)}歳）` : ''),
    row('requester', 'insured', '記号・番号', [p.insured_symbol, p.insured_number].filter(Boolean).join(' ・ ')),
    row('requester', 'postal_code', '郵便番号', p.postal_code ? `〒${p.postal_code}` : ''),
    row('requester', 'address', '住所', p.address),
    row('requester', 'phone', '電話番号', p.phone),
    row('requester', 'email', 'メール', p.email));
}

function agentList(p) {
  return h('dl', {class: 'dl'},
    row('agent', 'kind', '種別', label(AGENT_KINDS, p.kind)),
    row('agent', 'relation', '本人との関係', p.relation),
    row('agent', 'name', '氏名', p.name),
    row('agent', 'kana', 'フリガナ', p.kana),
    row('agent', 'birth_date', '生年月日', p.birth_date ? formatDate(p.birth_date) : ''),
    row('agent', 'postal_code', '郵便番号', p.postal_code ? `〒${p.postal_code}` : ''),
    row('agent', 'address', '住所', p.address),
    row('agent', 'phone', '電話番号', p.phone),
    row('agent', 'email', 'メール', p.email));
}

// Age today in Japan (a minor's request goes through a legal representative).
function age(birthDate) {
  const [y, m, d] = birthDate.split('-').map(Number);
  const [ty, tm, td] = todayJst().split('-').map(Number);
  return ty - y - (tm < m || (tm === m && td < d) ? 1 : 0);
}
