// What each event asks for: its form, field by field, with Japanese labels,
// layout and hints, and the rules that depend on the request or on other
// fields (requiredIf, showIf, dates no later than today). The limits its
// schema states (required fields, lengths, ranges, choices) are not written
// here: event-schemas.js takes them from schemas/events/<event>.schema.json.
// event-form.js draws and reads them.
//
// A spec's `fields` is a list, or a function of ctx giving one (decide: the
// request type's row of the decision table).
// A field: {name, kind, label, requiredIf?(data), showIf?(data),
//           options?, max?, min? (a date's, a function), hint?, initial?(ctx), suggestions?, item? (for group lists)}
// kinds: text, textarea, number, date, select, radio, checkboxes, reviewer,
//        list (several texts), group (several objects, `item` lists their fields)
// ctx: {detail (the show result), session ({user, role})}

import {
  BEREAVED_RELATION_RULES, BEREAVED_RELATIONS, CONSULTATION_PARTIES, CONSULTATION_ANSWER_RULES, CONSULTATION_ANSWERS, DELIVERED_METHODS,
  DELIVERY_MEDIA, DOCUMENT_KINDS, DOCUMENT_OWNERS, FEE_METHODS, IDENTITY_METHODS, LINK_KINDS, PASSWORD_ROUTES,
  META, POST_METHODS, RESPOND_METHODS, RETURN_REASONS, TRACKED_POST_METHODS, methodAsAsked, outcomeLabel, outcomeRule,
  institutionsToAnswer, outcomesFor, typeRules,
} from './labels.js';
import {todayJst, tomorrowJst} from './format.js';

const MISSING_SUGGESTIONS = [
  '本人確認書類（写真付きのもの1点、または写真のないもの2点）',
  '住民票の写し（発行から30日以内のもの）',
  '委任状',
  '代理人の本人確認書類',
  '本人の印鑑登録証明書',
  '戸籍謄本等（法定代理人であることの確認）',
  '登記事項証明書（成年後見）',
  '手数料',
  '請求内容の補正・確認',
];

const DOCUMENT_OPTIONS = {...DOCUMENT_KINDS, other: 'その他（下に記入）'};

function isBereaved(ctx) {
  return ctx.detail.particulars?.relation === 'bereaved_family';
}

function needsRelationReason(d) {
  return Boolean(BEREAVED_RELATION_RULES.find((b) => b.code === d.bereaved_relation)?.needs_reason);
}

function lastOf(detail, event) {
  return [...(detail.history ?? [])].reverse().find((h) => h.event === event)?.data ?? {};
}

function methodFromRequest(detail) {
  return {electronic: 'electronic', paper: 'post', viewing: 'viewing'}[detail.disclosure_method] ?? (detail.channel === 'counter' ? 'counter' : 'post');
}

// A disclosure answered by another method than the one asked for.
function differs(ctx, d) {
  const disclosure = ['disclosure', 'third_party_record_disclosure'].includes(ctx.detail.type);
  return disclosure && Boolean(d.method) && !methodAsAsked(ctx.detail.disclosure_method, d.method);
}

export const EVENT_SPECS = {
  request_documents: {
    intro: '請求者に不足している書類等の提出を依頼します。依頼の通知書が作成され、提出があるまで回答期限の計算が止まります。通知書に載るのは「不足しているもの」「請求者へのご連絡」と提出期限だけです。',
    submit: '提出を依頼する',
    fields: [
      {name: 'missing', kind: 'list', label: '不足しているもの（通知書に記載）', suggestions: MISSING_SUGGESTIONS, add: '項目を追加'},
      {name: 'message', kind: 'textarea', label: '請求者へのご連絡（通知書に記載）',
       hint: '「です・ます」で書きます。電話でのやりとりなどの記録は下の「記録用のメモ」へ。'},
      {name: 'respond_by', kind: 'date', label: '提出期限（通知書に記載。空欄：設定の日数後）', min: () => tomorrowJst()},
      {name: 'internal_note', kind: 'textarea', label: '記録用のメモ（履歴のみ。通知書には記載されません）'},
    ],
  },
  documents_received: {
    intro: '依頼した書類等を受け取ったことを記録します。回答期限の計算が再開し、止まっていた日数が期限に加算されます。',
    submit: '受領を記録する',
    fields: [
      {name: 'received', kind: 'list', label: '受け取ったもの',
       initial: (ctx) => lastOf(ctx.detail, 'request_documents').missing ?? [''], add: '項目を追加'},
    ],
  },
  verify_identity: {
    intro: '本人確認の方法と確認した書類を記録します。代理人による請求では、本人と代理人の双方の書類と代理権を確認してください。',
    submit: '本人確認済にする',
    fields: [
      {name: 'method', kind: 'radio', label: '確認の方法', options: IDENTITY_METHODS,
       initial: (ctx) => ({counter: 'counter', post: 'post', online: 'online'}[ctx.detail.channel] ?? '')},
      {name: 'documents', kind: 'group', label: '確認した書類', add: '書類を追加',
       item: [
         {name: 'kind', kind: 'select', label: '書類', options: DOCUMENT_OPTIONS},
         {name: 'issued', kind: 'date', label: '発行日', max: () => todayJst()},
         {name: 'of', kind: 'select', label: '誰の書類', options: DOCUMENT_OWNERS, initial: () => 'requester'},
       ]},
      {name: 'address_on_documents.postal_code', kind: 'text', label: '本人確認書類（住民票等）の郵便番号'},
      {name: 'address_on_documents.address', kind: 'text', label: '本人確認書類（住民票等）の住所（通知書はこの住所に送付します）',
       requiredIf: (d) => Boolean(d.address_on_documents?.postal_code)},
      {name: 'note', kind: 'textarea', label: '備考'},
      // The bereaved: 父母、配偶者、子 or an equivalent position with its reason (the decision table's bereaved_relations).
      {name: 'bereaved_relation', kind: 'select', label: '亡くなられた方との続柄（遺族）', options: BEREAVED_RELATIONS,
       showIf: (d, ctx) => isBereaved(ctx), requiredIf: (d, ctx) => isBereaved(ctx) && !ctx.detail.particulars?.bereaved_relation,
       initial: (ctx) => ctx.detail.particulars?.bereaved_relation ?? ''},
      {name: 'bereaved_relation_reason', kind: 'textarea', label: '「これらに準ずる者」として受け付ける理由（記録のみ）',
       showIf: (d, ctx) => isBereaved(ctx) && needsRelationReason(d), requiredIf: (d, ctx) => isBereaved(ctx) && needsRelationReason(d)},
    ],
  },
  reject_identity: {
    intro: '本人確認ができないため請求を受け付けません。請求は完了となり、理由を記載した不受理通知が作成されます。',
    submit: '不受理とする',
    danger: true,
    fields: [{name: 'reason', kind: 'textarea', label: '理由（通知書に記載）'}],
  },
  assign: {
    intro: '審査を担当する者を決めます。',
    submit: '割り当てる',
    fields: [{name: 'to', kind: 'reviewer', label: '担当者'}],
  },
  // issue 15, item 10: a manager hands an assigned request to another reviewer.
  reassign: {
    intro: '割り当て済みの請求を別の審査担当者に引き継ぎます（審査中・照会中・承認待ちなど、完了前のどの段階でも）。理由は履歴に残ります。',
    submit: '担当者を変更する',
    fields: [
      {name: 'to', kind: 'reviewer', label: '新しい担当者'},
      {name: 'reason', kind: 'textarea', label: '変更の理由'},
    ],
  },
  consult: {
    intro: (ctx) => '決定の前に第三者（レセプトの開示にあたり医療機関、事業主、意見書を作成した医師など）に照会します。照会先ごとに1件の照会で、それぞれに回答期限と督促があり、同時に複数を照会中にできます。医療機関の照会先を空欄にすると、受付時に記録した医療機関のうち未照会のすべてに照会します。照会ごとに照会書（回答書付き）が作成され、回答期限を過ぎると再照会の文書が1回作成されます。'
      + (isBereaved(ctx) && !ctx.detail.particulars?.bereaved_consent_on ? 'ご遺族からの開示依頼では、医療機関に照会する前に、医療機関に伝えることについてのご遺族の同意を記録します。' : ''),
    submit: '照会を記録する',
    fields: [
      {name: 'party_kind', kind: 'select', label: '照会先の種類', options: CONSULTATION_PARTIES, initial: () => 'institution'},
      {name: 'institution', kind: 'text', label: '照会先の名称（医療機関で空欄：受付時の医療機関すべて）',
       requiredIf: (d) => Boolean(d.party_kind) && d.party_kind !== 'institution'},
      {name: 'postal_code', kind: 'text', label: '照会先の郵便番号（照会書に記載）', showIf: (d) => Boolean(d.institution)},
      {name: 'address', kind: 'text', label: '照会先の所在地（照会書に記載）', showIf: (d) => Boolean(d.institution),
       requiredIf: (d) => Boolean(d.postal_code)},
      {name: 'doctor', kind: 'text', label: '主治医（わかる場合。照会書の宛名に記載）',
       showIf: (d) => Boolean(d.institution) && (d.party_kind ?? 'institution') === 'institution'},
      {name: 'bereaved_consent.on', kind: 'date', label: 'ご遺族の同意を得た日（医療機関への照会について）', max: () => todayJst(),
       showIf: (d, ctx) => isBereaved(ctx) && !ctx.detail.particulars?.bereaved_consent_on && (d.party_kind ?? 'institution') === 'institution',
       requiredIf: (d, ctx) => isBereaved(ctx) && !ctx.detail.particulars?.bereaved_consent_on && (d.party_kind ?? 'institution') === 'institution'},
      {name: 'bereaved_consent.note', kind: 'textarea', label: '同意の確認方法（記録のみ）',
       showIf: (d, ctx) => isBereaved(ctx) && !ctx.detail.particulars?.bereaved_consent_on && (d.party_kind ?? 'institution') === 'institution'},
      {name: 'question', kind: 'textarea', label: '照会事項（照会書に記載）'},
      {name: 'sent', kind: 'date', label: '照会日', max: () => todayJst(), initial: () => todayJst()},
      {name: 'due', kind: 'date', label: '回答期限（空欄：照会日から設定の日数）'},
    ],
  },
  consultation_done: {
    intro: '照会先からの回答を記録します。照会中のものがすべて回答済みになると審査中に戻ります。回答期限を過ぎても回答がない場合は「回答なし」を記録し、組合として判断します（期限の翌営業日に担当者へ通知されます）。',
    submit: '回答を記録する',
    fields: [
      {name: 'institution', kind: 'text', label: '照会先',
       initial: (ctx) => (ctx.detail.particulars?.consultations ?? []).find((c) => !c.answer)?.institution
         ?? lastOf(ctx.detail, 'consult').institution ?? ''},
      {name: 'answered', kind: 'date', label: '回答日', max: () => todayJst(), initial: () => todayJst()},
      {name: 'answer', kind: 'radio', label: '回答', options: CONSULTATION_ANSWERS},
      {name: 'reason', kind: 'textarea', label: '回答の理由（回答なしの場合は督促の経過など。記録のみ）',
       requiredIf: (d) => Boolean(CONSULTATION_ANSWER_RULES.find((a) => a.answer === d.answer)?.needs_reason),
       hint: '医療機関名や意見は通知書には記載されません。'},
      {name: 'part', kind: 'text', label: '支障ありとされた部分（一部支障あり。例：傷病名欄）',
       showIf: (d) => d.answer === 'objection_partial', requiredIf: (d) => d.answer === 'objection_partial'},
      {name: 'doctor', kind: 'text', label: '主治医名（回答書の記載）'},
    ],
  },
  decide: {
    intro: (ctx) => '請求に対する決定をします。選べる決定と根拠は請求の種類ごとに法の条項に従って決まっています。全部対応以外の決定には通知書に記載する理由が必要で、管理者の承認を経て確定します（法第36条：理由の説明）。'
      + (fullNeedsApproval(ctx.detail) ? 'この請求はレセプト・健診結果・医師の意見等を含むため、全部開示も管理者の承認を経て確定します。' : '')
      + (institutionsToAnswer(ctx.detail).length ? `開示する決定の前に、受付時の医療機関（${institutionsToAnswer(ctx.detail).join('、')}）の回答の記録が必要です。` : ''),
    submit: '決定する',
    fields: (ctx) => decideFields(ctx.detail),
  },
  // --- issue 17 part 6: retention (Art. 22) ---
  legal_hold: {
    intro: '保存期間を過ぎても、この請求の記録（個人情報・通知書・履歴の記載）を廃棄しないようにします（訴訟・監査・苦情対応など）。解除するまで廃棄されません。理由は封印して記録されます。',
    submit: '廃棄保留にする',
    fields: [{name: 'reason', kind: 'textarea', label: '保留の理由'}],
  },
  legal_hold_release: {
    intro: '廃棄保留を解除します。保存期間を過ぎていれば、エンジンの次の見回りで廃棄されます（元に戻せません）。',
    submit: '廃棄保留を解除する',
    danger: true,
    fields: [{name: 'reason', kind: 'textarea', label: '解除の理由'}],
  },
  // --- issue 6: fees ---
  fee_lapsed: {
    intro: '決定通知書に記載した納付期限までに手数料の納付がなかったことを記録します。開示は実施せず、本件の手続を終了したものとして扱います。',
    submit: '未納を記録する',
    danger: true,
    fields: [{name: 'note', kind: 'textarea', label: '備考（記録のみ）'}],
  },
  fee_paid: {
    intro: '決定通知書に記載した手数料の納付を記録します。納付を確認した後に開示を実施します。',
    submit: '納付を記録する',
    fields: [
      {name: 'amount', kind: 'number', label: '納付額（円）',
       initial: (ctx) => ctx.detail.particulars?.fee?.amount ?? ''},
      {name: 'paid_on', kind: 'date', label: '納付日', max: () => todayJst(), initial: () => todayJst()},
      {name: 'method', kind: 'select', label: '納付の方法', options: FEE_METHODS},
      {name: 'note', kind: 'textarea', label: '備考'},
    ],
  },
  approve: {
    intro: '審査担当の決定を承認します（決定した本人は承認できません）。',
    submit: '承認する',
    fields: [{name: 'comment', kind: 'textarea', label: 'コメント'}],
  },
  return: {
    intro: '決定を審査担当に差し戻します。',
    submit: '差し戻す',
    fields: [{name: 'comment', kind: 'textarea', label: '差戻しの理由'}],
  },
  respond: {
    intro: '決定を請求者に通知します。決定通知書が作成され、発行されると請求は完了します。開示では、請求者が求めた方法と異なる方法による場合、その実際の理由を通知書に記載します（法第33条第3項）。',
    submit: '回答を送付する',
    fields: [
      {name: 'method', kind: 'radio', label: '通知・開示の方法', options: RESPOND_METHODS,
       initial: (ctx) => methodFromRequest(ctx.detail)},
      {name: 'method_reason', kind: 'textarea', label: '請求と異なる方法による理由（通知書に記載）',
       hint: '「…ため、上記の方法により開示します」に続く形で、実際の理由を書きます。',
       showIf: (d, ctx) => differs(ctx, d), requiredIf: (d, ctx) => differs(ctx, d)},
      {name: 'agreed', kind: 'radio', label: 'この方法について請求者の了承', options: {yes: '了承を得た', no: '得ていない'},
       showIf: (d, ctx) => differs(ctx, d), read: (v) => (v === undefined ? undefined : v === 'yes')},
      // Issue 17 part 5: the documents' address by default; the form's needs a reason when they differ.
      {name: 'send_to', kind: 'radio', label: '送付先', options: {documents: '本人確認書類の住所', request_form: '請求書に記載の住所'},
       showIf: (d, ctx) => Boolean(ctx.detail.letter_address?.documents_recorded),
       initial: (ctx) => (ctx.detail.letter_address?.documents_recorded ? 'documents' : undefined)},
      {name: 'send_to_reason', kind: 'textarea', label: '請求書の住所に送付する理由（記録のみ・通知書には記載しません）',
       showIf: (d, ctx) => d.send_to === 'request_form' && Boolean(ctx.detail.letter_address?.differs),
       requiredIf: (d, ctx) => d.send_to === 'request_form' && Boolean(ctx.detail.letter_address?.differs)},
      {name: 'copy_to_person', kind: 'radio', label: '本人への送付', options: {yes: '代理人と本人の双方に送付する', no: '代理人にのみ送付する'},
       showIf: (d, ctx) => ctx.detail.particulars?.relation === 'voluntary_agent', initial: () => 'no',
       read: (v) => (v === undefined ? undefined : v === 'yes')},
    ],
  },
  extend: {
    intro: `回答期限（当組合の運用基準による期限）を延長します。期間延長通知書が作成されます。延長は回答期限の当日までに限り、延長の合計は${META.extension?.max_days ?? 30}日（請求の種類の期限規則の単位）までです。2回目の延長は管理者が行います。延長前の期限も記録され、管理画面と受付・処理簿に表示されます。`,
    submit: '延長する',
    fields: [
      {name: 'days', kind: 'number', label: '延長する日数', max: META.extension?.max_days},
      {name: 'reason_code', kind: 'select', label: '延長の理由の区分（通知書に記載）',
       options: Object.fromEntries((META.extension?.reasons ?? []).map((r) => [r.code, r.label]))},
      {name: 'reason', kind: 'textarea', label: '延長の理由（通知書に記載）'},
    ],
  },
  withdraw: {
    intro: '請求者が請求を取り下げたことを記録します。請求は取下げで終了します。',
    submit: '取下げを記録する',
    danger: true,
    fields: [{name: 'reason', kind: 'textarea', label: '取下げの理由・経緯'}],
  },
  link: {
    intro: '他の請求と関連付けます（同じ方からの重複した請求、関連する請求）。どちらの請求も統合されず、それぞれの手続が続きます。',
    submit: '関連付ける',
    fields: [
      {name: 'to', kind: 'text', label: '関連付ける請求番号（例：R2026-000001）'},
      {name: 'kind', kind: 'radio', label: '関係', options: LINK_KINDS, initial: () => 'related'},
      {name: 'reason', kind: 'textarea', label: '理由'},
    ],
  },
  unlink: {
    intro: '他の請求との関連付けを解除します（受付時に重複の可能性として付いたものも解除できます）。',
    submit: '解除する',
    fields: [
      {name: 'to', kind: 'select', label: '解除する請求',
       options: (ctx) => Object.fromEntries((ctx.detail.links ?? []).map((l) => [l.id, `${l.id}（${LINK_KINDS[l.kind] ?? l.kind}）`]))},
      {name: 'reason', kind: 'textarea', label: '理由'},
    ],
  },
  letter_posted: {
    intro: '通知書を郵送したことを記録します。簡易書留・特定記録・本人限定受取郵便はお問い合わせ番号が必要です。本人以外が受け取るおそれのある場合（代理人・同居の家族など）は本人限定受取郵便や転送不要を使います。',
    submit: '郵送を記録する',
    fields: [
      {name: 'n', kind: 'number', label: '通知書の番号（通知書一覧の順）',
       initial: (ctx) => ctx.letterCount || ''},
      {name: 'method', kind: 'radio', label: '郵送の方法', options: POST_METHODS},
      {name: 'tracking', kind: 'text', label: 'お問い合わせ番号',
       showIf: (d) => TRACKED_POST_METHODS.includes(d.method), requiredIf: (d) => TRACKED_POST_METHODS.includes(d.method)},
      {name: 'no_forwarding', kind: 'radio', label: '転送不要の表示', options: {yes: '転送不要と表示した', no: '表示していない'},
       initial: () => 'no', read: (v) => (v === undefined ? undefined : v === 'yes')},
      {name: 'posted_on', kind: 'date', label: '差出日', max: () => todayJst(), initial: () => todayJst()},
    ],
  },
  letter_returned: {
    intro: '郵送した通知書が返戻されたことを記録します。管理画面の「返戻された通知書」に表示されます。',
    submit: '返戻を記録する',
    danger: true,
    fields: [
      {name: 'n', kind: 'number', label: '通知書の番号（通知書一覧の順）',
       initial: (ctx) => [...(ctx.detail.post ?? [])].reverse().find((p) => p.event === 'letter_posted')?.n ?? ''},
      {name: 'reason', kind: 'select', label: '返戻の理由', options: RETURN_REASONS},
      {name: 'note', kind: 'textarea', label: '補足', requiredIf: (d) => d.reason === 'other'},
      {name: 'returned_on', kind: 'date', label: '返戻日', max: () => todayJst(), initial: () => todayJst()},
    ],
  },
  // The disclosure itself (issue 17): what is handed over is kept, then its delivery recorded.
  disclosure_attach: {
    intro: '開示するファイル（当組合のシステムから出力したPDFまたはCSV）を添付します。ファイルは暗号化して保存され、SHA-256が記録されます。紙で開示する場合は印刷したファイルを、電磁的記録で開示する場合は提供するファイルを添付してください（1件8MiBまで、20件まで）。',
    submit: '添付する',
    fields: [
      {name: 'content_base64', kind: 'file', label: 'ファイル', accept: '.pdf,.csv,application/pdf,text/csv'},
      {name: 'media_type', kind: 'radio', label: '種類',
       options: {'application/pdf': 'PDF', 'text/csv': 'CSV'}, initial: () => 'application/pdf'},
    ],
  },
  disclosure_package: {
    intro: '添付したファイルを、AES-256で暗号化したZIPファイル1つにまとめます。パスワードは「パスワード通知書」に印字され、画面や履歴には表示されません。作成は1回だけです。',
    submit: '暗号化ファイルを作成する',
    fields: [],
  },
  disclosure_delivered: {
    intro: '開示を実施した（保有個人データを引き渡した）ことを記録します。請求は完了します。',
    submit: '開示の実施を記録する',
    fields: [
      {name: 'method', kind: 'radio', label: '開示の方法',
       options: DELIVERED_METHODS,
       initial: (ctx) => ({post: 'paper_post', counter: 'paper_counter', viewing: 'viewing', electronic: 'electronic'})[ctx.detail.particulars?.delivery?.method] ?? ''},
      {name: 'on', kind: 'date', label: '実施日（発送・交付・閲覧・送信の日）', max: () => todayJst(), initial: () => todayJst()},
      {name: 'medium', kind: 'select', label: '媒体',
       options: DELIVERY_MEDIA},
      {name: 'password_route', kind: 'radio', label: 'パスワードの通知方法', showIf: (d) => d.method === 'electronic',
       options: PASSWORD_ROUTES},
      {name: 'evidence', kind: 'textarea', label: '記録（履歴のみ。お問い合わせ番号、受領者と本人確認の方法など）'},
    ],
  },
  disclosure_uncollected: {
    intro: '窓口での受取・閲覧の期限までにお越しがなかったことを記録します。請求は完了し、「開示の実施に関するお知らせ」が作成されます。期限の翌日から記録できます。',
    submit: '未受領を記録する',
    danger: true,
    fields: [{name: 'note', kind: 'textarea', label: '記録（履歴のみ。連絡の経過など）'}],
  },
  note: {
    intro: '履歴にメモを残します（状態は変わりません）。',
    submit: 'メモを残す',
    fields: [{name: 'text', kind: 'textarea', label: 'メモ'}],
  },
};

// The decide form of a request, from its type's row of the decision table
// (the engine's `meta`): its outcomes, its grounds (a radio when an outcome
// takes exactly one of several, checkboxes when it takes every one that
// applies; none to choose when the outcome implies its only ground), the basis
// of a suspension or third-party stop, the measure of an alternative, and the
// pages of a decision that hands data over.
// A full decision on this request is a manager's to approve (the outcome's approval_categories).
function fullNeedsApproval(detail) {
  const full = outcomeRule(detail.type, 'full');
  return Boolean(full?.approval_categories?.some((c) => (detail.categories ?? []).includes(c)));
}

function decideFields(detail) {
  const rules = typeRules(detail.type) ?? {outcomes: [], grounds: [], bases: []};
  const rule = (d) => outcomeRule(detail.type, d.outcome);
  const chooses = (d) => Boolean(rule(d) && rule(d).grounds !== 'none' && rule(d).allowed_grounds.length > 1);
  const single = rules.outcomes.some((o) => o.grounds === 'one' && o.allowed_grounds.length > 1);
  const groundOptions = Object.fromEntries(rules.grounds.map((g) => [g.code, g.label]));
  const fields = [
    {name: 'outcome', kind: 'radio', label: '決定',
     options: Object.fromEntries(outcomesFor(detail.type).map((o) => [o, outcomeLabel(o, detail.type)]))},
  ];
  if (rules.bases.length) {
    fields.push({name: 'basis', kind: 'select', label: '請求の根拠（法第35条）', options: Object.fromEntries(rules.bases.map((b) => [b.code, b.label])),
      initial: () => detail.particulars?.basis ?? '', requiredIf: (d) => !rule(d)?.needs_file_reason,
      hint: '根拠によって、行わない場合や代わるべき措置をとる場合に引用する条項（ただし書）が決まります。'});
  }
  if (rules.grounds.length) {
    fields.push(single
      ? {name: 'grounds', kind: 'radio', label: '根拠（1つを選択）', options: groundOptions, showIf: chooses, requiredIf: chooses,
         read: (v) => (v === undefined ? undefined : [v])}
      : {name: 'grounds', kind: 'checkboxes', label: '根拠（該当するものをすべて選択）', options: groundOptions, showIf: chooses, requiredIf: chooses});
  }
  fields.push(
    {name: 'measure', kind: 'textarea', label: 'とる措置（代わるべき措置、通知書に記載）',
     showIf: (d) => Boolean(rule(d)?.needs_measure), requiredIf: (d) => Boolean(rule(d)?.needs_measure)},
    {name: 'reason', kind: 'textarea', label: '理由（通知書に記載。法第36条）',
     showIf: (d) => Boolean(d.outcome) && !rule(d)?.needs_file_reason, requiredIf: (d) => Boolean(rule(d)?.needs_reason),
     phrases: (ctx, d) => phrasesFor(ctx.detail.type, d)},
    {name: 'internal_reason', kind: 'textarea', label: '決裁理由（記録のみ。通知書には記載されません）',
     showIf: (d) => Boolean(d.outcome), requiredIf: (d) => Boolean(rule(d)?.needs_file_reason),
     hint: '検討の経過や医療機関の意見など、請求者に伝えない判断の理由はこちらに書きます。'},
    // A correction is decided item by item (every item, APPI Art. 34(3)); the letter lists them.
    // Drawn only for a correction (one row per item of personal.correction_items).
    detail.type === 'third_party_record_disclosure'
      // A 33(5) decision lists the ledger records it discloses (show offers the person's).
      ? {name: 'items', kind: 'provision_items', label: '開示する第三者提供記録（台帳から選択）',
         showIf: (d) => d.outcome === 'full' || d.outcome === 'partial'}
      : {name: 'items', kind: 'correction_items', label: '項目ごとの決定'},
    {name: 'pages', kind: 'number', label: '開示する枚数（手数料の計算用）',
     showIf: (d) => Boolean(rule(d)?.gives_data)},
  );
  // After an institution objected, the letter may name it as where to ask
  // (never its opinion): the reviewer's choice, which a manager approves.
  if (detail.type === 'disclosure' && (detail.particulars?.consultations ?? []).some(
    (c) => (c.party_kind ?? 'institution') === 'institution' && CONSULTATION_ANSWER_RULES.find((a) => a.answer === c.answer)?.objects)) {
    fields.push({name: 'name_institution', kind: 'radio', label: '通知書で医療機関名を示すか（示す場合は管理者の承認を要します）',
      options: {no: '示さない（中立の文言のみ）', yes: '相談先として医療機関名を示す（意見の内容は示しません）'},
      showIf: (d) => d.outcome === 'partial' || d.outcome === 'refused',
      read: (v) => (v === 'yes' ? true : undefined)});
  }
  // A living person's receipts are disclosed after every institution named at
  // intake answered; one that cannot be asked is exempted with its reason,
  // and the decision then goes to a manager (decide.exempt_consultation).
  const waiting = institutionsToAnswer(detail);
  if (waiting.length) {
    const exempting = (d) => Boolean(rule(d)?.gives_data);
    fields.push(
      {name: 'exempt_consultation.institutions', kind: 'checkboxes', label: '照会を省略する医療機関（管理者の承認を要します）',
       options: Object.fromEntries(waiting.map((i) => [i, i])), showIf: exempting,
       hint: '開示の前に、受付時の医療機関すべてに照会し回答（回答期限後は「回答なし」）を記録します。照会できない医療機関（廃院など）だけを選びます。'},
      {name: 'exempt_consultation.reason', kind: 'textarea', label: '照会を省略する理由（記録のみ）',
       showIf: exempting, requiredIf: (d) => (d.exempt_consultation?.institutions ?? []).length > 0},
    );
  }
  return fields;
}

// The 例文 of a decision's reason (the engine's reason_phrases) that fit the
// outcome, grounds and basis chosen so far.
function phrasesFor(type, d) {
  const grounds = Array.isArray(d.grounds) ? d.grounds : d.grounds ? [d.grounds] : [];
  return (META.reason_phrases ?? []).filter((p) => p.type === type && p.outcome === d.outcome
    && (!p.ground || grounds.length === 0 || grounds.includes(p.ground))
    && (!p.basis || !d.basis || p.basis === d.basis));
}
