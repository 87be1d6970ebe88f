// Japanese names of the workflow's words (the English names are the API).
// The one place the pages look them up.
//
// The request types, states, outcomes, grounds and bases, and which outcome
// needs what, are the engine's decision table (engine/core/decision_table.h),
// read once per page from the `meta` command: this file keeps no copy of them.
// Summaries also carry state_ja / type_ja, which the pages prefer (format.js).

import {call} from './api.js';

async function loadMeta() {
  const reply = await call('meta', {});
  // Without the table the pages still work, showing codes instead of names.
  return reply.ok ? reply.result : {types: [], outcome_names: [], states: [], type_names: [], events: [], eras: [], policy: {}};
}

// {code: label} in the engine's order, from [{<key>, label}].
function named(list, key) {
  return Object.fromEntries(list.map((item) => [item[key], item.label]));
}

// The `meta` reply (schemas/api/meta.reply.schema.json).
export const META = await loadMeta();

// Whether `role` may run `command` at all (meta's policy: the engine's command
// policy), so that a page asks only what the engine would answer. How far it
// reaches on one request is the engine's to say (e.g. letters' `pdf`).
export function mayRun(command, role) {
  return Boolean(META.policy?.[command]?.[role]);
}

export const TYPES = named(META.type_names, 'type');
export const STATES = named(META.states, 'state');

// Neither closed nor withdrawn (the engine's IsOpen).
export const OPEN_STATES = META.states.filter((s) => s.open).map((s) => s.state);

// Button and history names of the events (engine/core/workflow_table.cc,
// the CLI prints the same).
export const EVENTS = named(META.events, 'event');

// What the desk says once an event is recorded (toast.js, after the dialog):
// one sentence per event of EVENTS.
export const EVENT_DONE = Object.fromEntries(META.events.map((e) => [e.event, e.done]));

// The sentence for an event done (an event without one: 「…」を記録しました).
export function eventDone(event) {
  return `${EVENT_DONE[event] ?? `「${label(EVENTS, event)}」を記録しました`}。`;
}

// How a letter went by post (letter_posted.method); the last two are tracked.
export const POST_METHODS = {ordinary: '普通郵便', simple_registered: '簡易書留', recorded: '特定記録', restricted_delivery: '本人限定受取郵便'};
export const TRACKED_POST_METHODS = ['simple_registered', 'recorded', 'restricted_delivery'];
// disclosure_delivered (issue 17 part 3): how the data was handed over, on what, and how the password went.
export const DELIVERED_METHODS = {paper_post: '書面の郵送', paper_counter: '書面の窓口交付', viewing: '窓口での閲覧', electronic: '電磁的記録の提供'};
export const DELIVERY_MEDIA = {paper: '紙', email: '電子メール', download: 'ダウンロード', optical_disc: '光ディスク', usb_memory: 'USBメモリ', other: 'その他'};
export const PASSWORD_ROUTES = {letter_post: 'パスワード通知書を郵送', letter_counter: 'パスワード通知書を窓口で交付'};

// Why a letter came back (letter_returned.reason).
export const RETURN_REASONS = {
  unknown_address: '宛所不明（宛所尋ねあたりません）',
  moved: '転居先不明',
  unclaimed: '保管期間経過',
  refused: '受取拒否',
  other: 'その他',
};

// Links between requests (link.kind).
export const LINK_KINDS = {duplicate: '重複の可能性', related: '関連する請求'};

export const ROLES = {
  clerk: '受付担当',
  reviewer: '審査担当',
  manager: '管理者',
  auditor: '監事',
  admin: 'システム管理者',
  worker: '自動処理',
};

export const CHANNELS = {counter: '窓口', post: '郵送', online: 'オンライン'};

// How the person asked the data to be disclosed (Art. 33(1)).
export const DISCLOSURE_METHODS = {paper: '書面の交付', electronic: '電磁的記録の提供', viewing: '閲覧', other: 'その他の方法'};

// How the decision letter goes out (respond).
export const RESPOND_METHODS = {post: '郵送', counter: '窓口で交付', electronic: '電磁的方法', viewing: '窓口で閲覧'};

// Whether a disclosure by `used` is the method the person asked for (engine:
// core/disclosure_method.h, which refuses respond without method_reason otherwise).
export function methodAsAsked(asked, used) {
  if (!asked || asked === 'other') return true;
  if (asked === 'paper') return used === 'post' || used === 'counter';
  return asked === used;
}

// How identity was checked (verify_identity.method).
export const IDENTITY_METHODS = {counter: '窓口で確認', post: '郵送書類で確認', online: 'オンラインで確認'};

// Identity and authority documents (verify_identity.documents[].kind; the
// schema takes any text, these are the kinds config/identity-documents.json names).
export const DOCUMENT_KINDS = {
  drivers_license: '運転免許証',
  passport: '旅券（パスポート）',
  my_number_card: '個人番号カード（表面のみ）',
  insurance_card: '資格確認書・被保険者証',
  pension_certificate: '年金手帳・基礎年金番号通知書',
  residence_certificate: '住民票の写し（30日以内）',
  power_of_attorney: '委任状',
  seal_certificate: '印鑑登録証明書',
  family_register: '戸籍謄本等',
  guardianship_certificate: '登記事項証明書（成年後見）',
};

export const DOCUMENT_OWNERS = {requester: '本人', agent: '代理人'};

export const AGENT_KINDS = {legal_representative: '法定代理人', voluntary_agent: '任意代理人', bereaved_family: '遺族'};

// --- issue 6: who asks, fees ---
// Who asks (request.relation; config/identity-documents.json has each one's checklist).
export const RELATIONS = {
  insured: '被保険者本人',
  dependent: '被扶養者本人',
  legal_representative: '法定代理人（未成年者の親権者・成年後見人）',
  voluntary_agent: '任意代理人',
  bereaved_family: '遺族（死亡した加入者について。法の開示請求の対象外）',
};
export const FEE_METHODS = {cash: '窓口で現金', bank_transfer: '口座振込', postal_money_order: '定額小為替', stamps: '郵便切手'};
// --- end issue 6 ---

// A consulted institution's answers (consultation_done.answer) and their rules
// ({answer, label, needs_reason, after_due_only, objects}): the decision table's, from `meta`.
export const CONSULTATION_ANSWER_RULES = META.consultation_answers ?? [];
export const CONSULTATION_ANSWERS = named(CONSULTATION_ANSWER_RULES, 'answer');
// Who consult may ask (party_kind) and who of the bereaved may ask (bereaved_relation): the decision table's.
export const CONSULTATION_PARTIES = named(META.consultation_parties ?? [], 'party_kind');
export const BEREAVED_RELATION_RULES = META.bereaved_relations ?? [];
export const BEREAVED_RELATIONS = named(BEREAVED_RELATION_RULES, 'code');

// Whether a decision on this request waits on its institutions (the type's
// consult_categories, a living person): the institutions named at intake
// whose answer has not been recorded.
export function institutionsToAnswer(detail) {
  const consult = typeRules(detail.type)?.consult_categories ?? [];
  const p = detail.particulars ?? {};
  if (p.outside_appi || p.relation === 'bereaved_family' || !(detail.categories ?? []).some((c) => consult.includes(c))) return [];
  const answered = new Set((p.consultations ?? []).filter((c) => c.answer && (c.party_kind ?? 'institution') === 'institution')
    .map((c) => c.institution));
  return [...new Set((p.receipts ?? []).map((r) => r.institution))].filter((i) => i && !answered.has(i));
}

// Generic names of every outcome, only for a code whose request type is unknown;
// screens, letters and the ledger say an outcome in its type's words (outcomeLabel).
export const OUTCOMES = named(META.outcome_names, 'outcome');

// A request type's row of the decision table: {type, label, article, outcomes, grounds, bases}.
export function typeRules(type) {
  return META.types.find((t) => t.type === type);
}

// The outcomes a reviewer may choose for a request type, in the table's order.
export function outcomesFor(type) {
  return (typeRules(type)?.outcomes ?? []).map((o) => o.outcome);
}

// One outcome's rule: {outcome, label, letter_kind, letter_title, needs_approval,
// needs_reason, grounds: none|one|one_or_more, allowed_grounds, needs_measure, gives_data}.
export function outcomeRule(type, outcome) {
  return typeRules(type)?.outcomes.find((o) => o.outcome === outcome);
}

// An outcome in the request type's words (一部開示), else its generic name.
export function outcomeLabel(outcome, type) {
  if (!outcome) return '';
  return outcomeRule(type, outcome)?.label ?? OUTCOMES[outcome] ?? outcome;
}

// A ground's label with its article, under the request's type or, for old
// history, under whichever type has the code.
export function groundLabel(code, type) {
  const own = typeRules(type)?.grounds.find((g) => g.code === code);
  const any = own ?? META.types.flatMap((t) => t.grounds).find((g) => g.code === code);
  return any?.label ?? code;
}

// A suspension's or third-party stop's basis (Art. 35(1), (3), (5)).
export function basisLabel(code, type) {
  const any = (typeRules(type)?.bases ?? []).find((b) => b.code === code)
    ?? META.types.flatMap((t) => t.bases).find((b) => b.code === code);
  return any?.label ?? code;
}

// Which pages each role may open (the header's links; the pages say so
// when opened by another role). The engine's command policy has the last
// word (engine/commands/command_policy.cc). Administrators manage users with
// madoguchi-engine on the server and see only the dashboard here.
export const PAGE_ROLES = {
  intake: ['clerk'],
  queue: ['clerk', 'reviewer', 'manager', 'auditor'],
  request: ['clerk', 'reviewer', 'manager', 'auditor'],
  dashboard: ['manager', 'admin', 'auditor'],
  report: ['manager', 'admin', 'auditor'],
  provision: ['clerk', 'manager'],
  retention: ['manager', 'auditor'],
};

// Roles that assign in bulk from the queue.
export const ASSIGNING_ROLES = ['manager'];

export function label(table, key) {
  if (key === null || key === undefined || key === '') return '';
  return table[key] ?? String(key);
}
