// Japanese names of the workflow's words (DESIGN.md "The workflow"; the
// English names are the API). The one place the pages look them up.
// State and type names mirror engine/core/workflow_table.cc; summaries also
// carry state_ja / type_ja, which the pages prefer (format.js).

export const TYPES = {
  purpose_notice: '利用目的の通知',
  disclosure: '開示',
  third_party_record_disclosure: '第三者提供記録の開示',
  correction: '訂正等',
  suspension: '利用停止等',
  third_party_stop: '第三者提供の停止',
};

export const STATES = {
  received: '受付済',
  awaiting_requester: '請求者対応待ち',
  verified: '本人確認済',
  in_review: '審査中',
  consulting: '照会中',
  pending_approval: '承認待ち',
  decided: '決定済',
  responding: '通知準備中',
  closed: '完了',
  withdrawn: '取下げ',
};

export const OPEN_STATES = [
  'received', 'awaiting_requester', 'verified', 'in_review',
  'consulting', 'pending_approval', 'decided', 'responding',
];

// Button and history names of the events.
export const EVENTS = {
  intake: '受付',
  request_documents: '書類等の提出依頼',
  documents_received: '書類等の受領',
  verify_identity: '本人確認',
  reject_identity: '本人確認不能（不受理）',
  assign: '担当者の割当',
  reassign: '担当者の変更',
  consult: '照会',
  consultation_done: '照会回答の記録',
  decide: '決定',
  approve: '承認',
  return: '差戻し',
  respond: '回答の送付',
  letter_issued: '通知書の発行',
  extend: '期限の延長',
  withdraw: '取下げ',
  note: 'メモ',
  link: '関連付け',
  unlink: '関連付けの解除',
  letter_posted: '郵送の記録',
  letter_returned: '返戻の記録',
  fee_paid: '手数料の納付',
};

// How a letter went by post (letter_posted.method); the last two are tracked.
export const POST_METHODS = {ordinary: '普通郵便', simple_registered: '簡易書留', recorded: '特定記録'};
export const TRACKED_POST_METHODS = ['simple_registered', 'recorded'];

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
export const DISCLOSURE_METHODS = {paper: '書面の交付', electronic: '電磁的記録の提供', other: 'その他の方法'};

// How the decision letter goes out (respond).
export const RESPOND_METHODS = {post: '郵送', counter: '窓口で交付', electronic: '電磁的方法'};

// How identity was checked (verify_identity.method).
export const IDENTITY_METHODS = {counter: '窓口で確認', post: '郵送書類で確認', online: 'オンラインで確認'};

// Identity and authority documents (verify_identity.documents[].kind; the
// schema takes any text, these are the kinds DESIGN.md names).
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

export const CONSULTATION_ANSWERS = {no_objection: '支障なし（異議なし）', objection: '支障あり（異議あり）'};

// Art. 33(2) grounds for withholding all or part.
export const GROUNDS = {
  harm: '本人又は第三者の生命、身体、財産その他の権利利益を害するおそれ（第1号）',
  operations: '当組合の業務の適正な実施に著しい支障を及ぼすおそれ（第2号）',
  other_law: '他の法令に違反することとなる（第3号）',
};
export const GROUNDS_SHORT = {harm: '権利利益の侵害', operations: '業務への著しい支障', other_law: '他の法令違反'};

// Outcomes: generic names, and the words of each request type's letters.
export const OUTCOMES = {
  full: '全部対応',
  partial: '一部対応',
  refused: '対応しない',
  not_held: '保有していない（不存在）',
  alternative: '代替措置',
  identity_failed: '本人確認不能',
  withdrawn: '取下げ',
};

const OUTCOMES_BY_TYPE = {
  purpose_notice: {full: '通知する', partial: '一部を通知する', refused: '通知しない'},
  disclosure: {full: '全部開示', partial: '一部開示', refused: '不開示'},
  third_party_record_disclosure: {full: '全部開示', partial: '一部開示', refused: '不開示', not_held: '記録が存在しない（不存在）'},
  correction: {full: '訂正等を行う', partial: '一部について訂正等を行う', refused: '訂正等を行わない'},
  suspension: {full: '利用停止等を行う', partial: '一部について利用停止等を行う', refused: '利用停止等を行わない', alternative: '代替措置をとる'},
  third_party_stop: {full: '第三者提供を停止する', partial: '一部について停止する', refused: '停止しない', alternative: '代替措置をとる'},
};

// The outcomes a reviewer may choose for a request type (alternative
// measures are for suspension requests, Art. 35).
export function outcomesFor(type) {
  const list = ['full', 'partial', 'refused', 'not_held'];
  if (type === 'suspension' || type === 'third_party_stop') list.push('alternative');
  return list;
}

export function outcomeLabel(outcome, type) {
  if (!outcome) return '';
  return OUTCOMES_BY_TYPE[type]?.[outcome] ?? OUTCOMES[outcome] ?? outcome;
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
};

// Roles that assign in bulk from the queue.
export const ASSIGNING_ROLES = ['manager'];

export function label(table, key) {
  if (key === null || key === undefined || key === '') return '';
  return table[key] ?? String(key);
}
