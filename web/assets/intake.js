// 受付 (web/intake.html, /desk/intake): the intake form. Builds a record of
// schemas/request.schema.json, sends POST /api/intake {"record": …} and goes
// to the new request's page /desk/requests/{id}. The data categories come
// from GET /api/categories. The idempotency key is made here, once per form:
// sending the same form twice (a double click, a retry, a sign-in again after
// the session ended: api.js) makes one request; a new person is a new form
// (入力をクリア, or the page shown again) with a new key.
//
// The back button must never bring a requester's details back (issue 15,
// item 12): the form and its fields have autocomplete="off" (the browser
// neither restores nor suggests them), the form is cleared when the page
// starts, before it goes to the new request's page, and when the page is
// shown again from the back-forward cache (pageshow, persisted).
//
// A paper form is typed as it is written (issue 18, "Entering a paper form"):
// dates in 和暦 or Western (date-entry.js; the eras are the engine's, from
// `meta`), receipt months likewise (「令和7年4月」「R7.4」, one institution a
// line), sent as ISO. 郵便番号, 電話 and 記号・番号 are normalised when a field
// is left and again when the form is sent (Enter included): full-width digits,
// the hyphens an IME types (ー − ‐ ― －), a leading 〒, spaces. Enter in a
// one-line box does not send the form; 入力をクリア asks first when something
// was typed; leaving the page with typed data asks first (beforeunload), not
// after a save.
//
// The checks made here are hints; the engine validates. Its 422 answer lists
// error.fields [{field, message}], shown next to each field in Japanese.
// (Set data-client-checks="off" on the form to send without the hints,
// e.g. to test the engine's own checks.)
//
// data-testid:
//   intake-form, form-error (summary of errors), intake-submit, intake-reset
//   field-type, field-channel, field-received_at, field-idempotency_key (hidden),
//   field-disclosure_method (group) + field-disclosure_method-{paper|electronic|viewing|other},
//   field-disclosure_method_detail, field-free_text, field-categories (group),
//   category-{id} (each checkbox, e.g. category-receipts),
//   field-requester.{name|kana|birth_date|insured_symbol|insured_number|postal_code|address|phone|email},
//   field-has_agent (checkbox), field-agent.kind (group) + field-agent.kind-{legal_representative|voluntary_agent},
//   field-agent.{relation|name|kana|birth_date|postal_code|address|phone|email},
//   error-{field path} (a field's message, e.g. error-requester.birth_date, error-categories[1], error-categories)
//   summary-error-{field path} (the same message in the form-error summary)
//   categories-error (the list of categories could not be loaded)
//   field-correction_items (a correction's items; shown for type correction), add-correction-item,
//   field-correction_items[{i}].{item|current|requested}, remove-correction-item[{i}],
//   correction-item-number[{i}] (the row's number, from 1)
//   field-{requester|agent}.birth_date-{era|year|month|day|western} (date-entry.js), receipts-months

import {call, newIdempotencyKey} from './api.js';
import {h, replace} from './dom.js';
import {ERAS, dateProblems, dateValue, enhanceDateInput} from './date-entry.js';
import {clearFieldErrors, showFieldErrors} from './field-errors.js';
import {formatDateTime, inputToJstTimestamp, nowJstInputValue, todayJst} from './format.js';
import {startPage} from './header.js';
import {categories as loadCategories} from './lookups.js';
import {errorDetail, errorText, fieldErrors, fieldMessageJa} from './messages.js';
import {foldTyped, parseMonth, westernOf} from './wareki.js';

const NEEDS_METHOD = ['disclosure', 'third_party_record_disclosure'];
const PERSON_FIELDS = ['name', 'kana', 'birth_date', 'insured_symbol', 'insured_number', 'postal_code', 'address', 'phone', 'email'];
const AGENT_FIELDS = ['kind', 'relation', 'name', 'kana', 'birth_date', 'postal_code', 'address', 'phone', 'email'];
const REQUIRED = {
  requester: ['name', 'kana', 'birth_date', 'insured_symbol', 'insured_number', 'postal_code', 'address', 'phone'],
  agent: ['kind', 'relation', 'name', 'kana', 'postal_code', 'address', 'phone'],
};
const PATTERNS = {
  kana: [/^[\u30A1-\u30FA\u30FB\u30FC\u3000 ]+$/, '全角カタカナで入力してください。'],
  postal_code: [/^[0-9]{3}-?[0-9]{4}$/, '郵便番号は 123-4567 の形で入力してください。'],
  phone: [/^[0-9+()\- ]{6,20}$/, '電話番号は数字とハイフンで入力してください（6〜20文字）。'],
  email: [/^[^@\s]+@[^@\s]+\.[^@\s]+$/, 'メールアドレスの形式が正しくありません。'],
};

const form = document.getElementById('intake-form');
const summary = document.getElementById('intake-error');
const submitButton = form.querySelector('[type="submit"]');
let sentCategories = [];
let typed = false;  // something was typed since the form was last cleared or saved

main();

async function main() {
  // Whatever the browser put back into the fields (form restoration on Back) goes.
  form.reset();
  window.addEventListener('pageshow', (event) => {
    if (event.persisted) form.reset();  // the page again from the back-forward cache
  });
  const who = await startPage('intake');
  if (!who) return;
  form.hidden = false;
  newKey();
  resetReceivedAt();
  wireForm();
  await renderCategories();
}

function newKey() {
  form.elements.idempotency_key.value = newIdempotencyKey();
}

function resetReceivedAt() {
  const input = form.elements.received_at;
  input.value = nowJstInputValue();
  input.max = nowJstInputValue();
  updatePreviews();
}

function wireForm() {
  form.elements.type.addEventListener('change', updateMethodFields);
  form.elements.type.addEventListener('change', updateCorrectionFields);
  document.getElementById('add-correction-item').addEventListener('click', () => addCorrectionItem().querySelector('input').focus());
  for (const radio of form.querySelectorAll('[name="disclosure_method"]')) radio.addEventListener('change', updateMethodFields);
  document.getElementById('has-agent').addEventListener('change', updateAgentFields);
  for (const input of form.querySelectorAll('[data-kana]')) input.addEventListener('blur', () => { input.value = toKatakana(input.value); });
  for (const input of form.querySelectorAll('[data-normalize]')) input.addEventListener('blur', () => normalizeInput(input));
  for (const input of form.querySelectorAll('input[data-date]')) {
    enhanceDateInput(input, {label: input.closest('[data-label]').dataset.label, max: todayJst, min: '1900-01-01'});
  }
  for (const input of form.querySelectorAll('input[type="datetime-local"]')) input.addEventListener('input', updatePreviews);
  form.elements.receipts.addEventListener('input', showReceiptMonths);
  wireLeaving();
  const freeText = form.elements.free_text;
  freeText.addEventListener('input', () => {
    document.getElementById('free-text-count').textContent = freeText.value.length.toLocaleString('ja-JP');
  });
  form.addEventListener('submit', onSubmit);
  form.addEventListener('reset', () => {
    typed = false;
    setTimeout(() => {
      newKey();  // a cleared form is the next person's: never the last key
      clearFieldErrors(form, summary);
      resetReceivedAt();
      updateMethodFields();
      updateAgentFields();
      replace(document.getElementById('correction-items'));
      updateCorrectionFields();
      document.getElementById('free-text-count').textContent = '0';
      showReceiptMonths();
    });
  });
  updateMethodFields();
  updateAgentFields();
  updateCorrectionFields();
}

// A correction names each item to change, one numbered row each: what it
// is, its value now, the value asked for. Every box has its own label for
// assistive technology (「訂正を求める項目2の訂正後の内容」); the column heads
// above the rows are for the eye.
const CORRECTION_CELLS = [
  {sub: 'item', label: '項目', maxlength: 100, required: true, placeholder: '例：氏名、生年月日、住所'},
  {sub: 'current', label: '現在の内容（訂正前）', maxlength: 1000, required: false, placeholder: '例：山田 太朗'},
  {sub: 'requested', label: '訂正後の内容', maxlength: 1000, required: true, placeholder: '例：山田 太郎'},
];
let correctionSerial = 0;

function addCorrectionItem() {
  const rows = document.getElementById('correction-items');
  const serial = ++correctionSerial;
  const row = h('li', {class: 'correction-row', 'data-row': ''},
    h('span', {class: 'row-number', 'aria-hidden': 'true'}),
    CORRECTION_CELLS.map((c) => {
      const id = `f-correction-${serial}-${c.sub}`;
      return h('div', {class: 'field', 'data-sub': c.sub},
        h('label', {for: id, class: 'visually-hidden', 'data-cell-label': c.label}),
        h('input', {type: 'text', id, maxlength: c.maxlength, 'data-sub': c.sub, placeholder: c.placeholder,
          'aria-required': c.required ? 'true' : null}));
    }),
    h('div', {}, h('button', {type: 'button', class: 'button secondary small', 'data-remove': '',
      onclick: (e) => { e.target.closest('[data-row]').remove(); renumberCorrectionItems(); }}, '削除')));
  rows.append(row);
  renumberCorrectionItems();
  return row;
}

function renumberCorrectionItems() {
  const rows = [...document.getElementById('correction-items').children];
  rows.forEach((row, i) => {
    const base = `correction_items[${i}]`;
    const n = i + 1;
    row.dataset.field = base;
    row.dataset.label = `訂正を求める項目${n}`;
    const number = row.querySelector('.row-number');
    number.textContent = String(n);
    number.dataset.testid = `correction-item-number[${i}]`;
    for (const cell of row.querySelectorAll('div.field[data-sub]')) {
      const cellLabel = cell.querySelector('label').dataset.cellLabel;
      cell.dataset.field = `${base}.${cell.dataset.sub}`;
      cell.dataset.label = `訂正を求める項目${n}の${cellLabel}`;
      cell.querySelector('label').textContent = `訂正を求める項目${n}の${cellLabel}`;
    }
    for (const input of row.querySelectorAll('input[data-sub]')) {
      input.name = `${base}.${input.dataset.sub}`;
      input.dataset.testid = `field-${base}.${input.dataset.sub}`;
    }
    const remove = row.querySelector('[data-remove]');
    remove.dataset.testid = `remove-correction-item[${i}]`;
    remove.setAttribute('aria-label', `訂正を求める項目${n}を削除`);
    remove.disabled = rows.length === 1;
  });
}

function updateCorrectionFields() {
  const on = form.elements.type.value === 'correction';
  document.getElementById('correction-items-field').hidden = !on;
  if (on && document.getElementById('correction-items').children.length === 0) addCorrectionItem();
}

function correctionItems() {
  return [...document.getElementById('correction-items').children].map((row) => {
    const item = {};
    for (const input of row.querySelectorAll('input[data-sub]')) {
      const v = input.value.trim();
      if (v) item[input.dataset.sub] = v;
    }
    return item;
  }).filter((item) => Object.keys(item).length > 0);
}

function updateMethodFields() {
  const needed = NEEDS_METHOD.includes(form.elements.type.value);
  document.getElementById('disclosure-method-field').hidden = !needed;
  const method = needed ? form.elements.disclosure_method.value : '';
  document.getElementById('disclosure-detail-field').hidden = !needed || !method || method === 'paper';
  const detailLabel = document.getElementById('disclosure-detail-label');
  detailLabel.textContent = method === 'other' ? '方法の詳細' : '方法の詳細（電子データの形式など）';
  detailLabel.className = method === 'other' ? 'req' : 'opt';
}

function updateAgentFields() {
  const on = document.getElementById('has-agent').checked;
  const box = document.getElementById('agent-fields');
  box.hidden = !on;
  for (const input of box.querySelectorAll('input, select, textarea')) input.disabled = !on;
}

function updatePreviews() {
  for (const span of form.querySelectorAll('[data-preview-for]')) {
    const input = form.elements[span.dataset.previewFor];
    span.textContent = input?.value ? formatDateTime(inputToJstTimestamp(input.value)) : '';
  }
}

// 郵便番号, 電話, 記号・番号 as the engine and the letters want them: ASCII
// digits and hyphens (foldTyped: NFKC, the IME's hyphens, no spaces), no
// leading 〒, a postal code of seven digits as 123-4567. Run when a field is
// left and on every send (Enter, a click), so nothing full-width is stored.
function normalized(kind, text) {
  if (kind === 'postal') {
    const code = foldTyped(text).replace(/^〒/, '');
    return /^\d{7}$/.test(code) ? `${code.slice(0, 3)}-${code.slice(3)}` : code;
  }
  if (kind === 'phone' || kind === 'code') return foldTyped(text);
  return text.normalize('NFKC').trim();
}

function normalizeInput(input) {
  if (input.disabled) return;
  const next = normalized(input.dataset.normalize, input.value);
  if (next !== input.value) input.value = next;
}

// The receipts box, one institution a line: 「京橋クリニック: 令和7年4月, R7.5」.
// Each line's months read (wareki.js) or the reason one is not, by line.
function receiptLines() {
  return form.elements.receipts.value.split('\n').map((text, i) => ({text: text.trim(), line: i + 1})).filter((l) => l.text)
    .map(({text, line}) => {
      const at = text.search(/[:：]/);
      const institution = (at < 0 ? text : text.slice(0, at)).trim();
      const typedMonths = at < 0 ? [] : text.slice(at + 1).split(/[,、，\s]+/).map((m) => m.trim()).filter(Boolean);
      const months = [];
      const errors = [];
      for (const m of typedMonths) {
        const r = parseMonth(m, ERAS);
        if (r.iso) months.push(r.iso);
        else errors.push(r.error);
      }
      return {line, institution, months, typedMonths, errors};
    });
}

function showReceiptMonths() {
  const box = document.getElementById('receipts-months');
  const lines = receiptLines().filter((l) => l.months.length);
  box.textContent = lines.map((l) => `${l.line}行目 ${l.institution}：${l.months.map(westernOf).join('、')}`).join('／');
}

async function renderCategories() {
  const box = document.getElementById('categories');
  const reply = await loadCategories();
  if (!reply.ok) {
    replace(box, h('p', {class: 'notice error', 'data-testid': 'categories-error'},
      `項目の一覧を読み込めませんでした。${errorText(reply.error, reply.status)}`));
    return;
  }
  replace(box, reply.result.categories.map((c, i) =>
    h('label', {class: 'category', title: `利用目的：${c.purposes}`, 'data-category': c.id},
      h('input', {type: 'checkbox', name: 'categories', value: c.id, 'data-testid': `category-${c.id}`}),
      h('span', {}, `${i + 1}. ${c.name}`))));
}

// Hiragana and half-width katakana to full-width katakana.
function toKatakana(text) {
  return text.normalize('NFKC').replace(/[\u3041-\u3096]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0x60)).trim();
}

// A field's trimmed value (a radio group's checked value); '' when absent.
function value(name) {
  return form.elements[name]?.value.trim() ?? '';
}

function buildRecord() {
  for (const input of form.querySelectorAll('[data-normalize]')) normalizeInput(input);
  const type = value('type');
  const record = {type, channel: value('channel'), idempotency_key: value('idempotency_key')};
  record.requester = person('requester', PERSON_FIELDS);
  if (document.getElementById('has-agent').checked) record.agent = person('agent', AGENT_FIELDS);
  record.categories = [...form.querySelectorAll('[name="categories"]:checked')].map((c) => c.value);
  if (NEEDS_METHOD.includes(type)) {
    if (value('disclosure_method')) record.disclosure_method = value('disclosure_method');
    if (!document.getElementById('disclosure-detail-field').hidden && value('disclosure_method_detail')) {
      record.disclosure_method_detail = value('disclosure_method_detail');
    }
  }
  if (value('free_text')) record.free_text = form.elements.free_text.value.trim();
  if (type === 'correction') record.correction_items = correctionItems();
  // --- issue 6: who asks, receipts ("医療機関名: 2024-03, 2024-04", one a line) ---
  if (value('relation')) record.relation = value('relation');
  // A month not read is sent as typed when the page's checks are off: the engine refuses it by line.
  const receipts = receiptLines().map((l) => {
    const months = l.errors.length ? l.typedMonths.map((m) => parseMonth(m, ERAS).iso ?? m) : l.months;
    return months.length ? {institution: l.institution, months} : {institution: l.institution};
  });
  if (receipts.length) record.receipts = receipts;
  // --- end issue 6 ---
  if (value('received_at')) record.received_at = inputToJstTimestamp(value('received_at'));
  if (!record.type) delete record.type;
  return record;
}

function person(prefix, fields) {
  const out = {};
  for (const f of fields) {
    const input = form.elements[`${prefix}.${f}`];
    // A date typed in 和暦 goes as ISO; one not read goes as typed (the checks name it).
    const v = input?.dataset?.date !== undefined ? (dateValue(input) ?? value(`${prefix}.${f}`)) : value(`${prefix}.${f}`);
    if (v) out[f] = v;
  }
  return out;
}

// The schema's rules that a clerk can fix before sending: [{field, message}].
function clientProblems(record) {
  const problems = [];
  const need = (ok, field, message) => { if (!ok) problems.push({field, message}); };
  need(record.type, 'type', '請求の種類を選択してください。');
  for (const who of ['requester', 'agent']) {
    const p = record[who];
    if (!p) continue;
    for (const f of REQUIRED[who]) need(p[f], `${who}.${f}`, f === 'kind' ? '選択してください。' : '入力してください。');
    for (const [f, [re, message]] of Object.entries(PATTERNS)) if (p[f]) need(re.test(p[f]), `${who}.${f}`, message);
  }
  problems.push(...dateProblems(form).filter((d) => !problems.some((p) => p.field === d.field)));
  need(record.categories.length > 0, 'categories', '対象となる項目を1つ以上選んでください。');
  if (NEEDS_METHOD.includes(record.type)) {
    need(record.disclosure_method, 'disclosure_method', '開示の方法を選択してください。');
    if (record.disclosure_method === 'other') need(record.disclosure_method_detail, 'disclosure_method_detail', 'その他の方法の内容を入力してください。');
  }
  if (record.type === 'correction') {
    need(record.correction_items.length > 0, 'correction_items', '訂正を求める項目を1つ以上入力してください。');
    record.correction_items.forEach((item, i) => {
      need(item.item, `correction_items[${i}].item`, '入力してください。');
      need(item.requested, `correction_items[${i}].requested`, '入力してください。');
    });
  }
  for (const l of receiptLines()) {
    need(l.institution, 'receipts', `${l.line}行目：医療機関名を入力してください。`);
    for (const e of l.errors) problems.push({field: 'receipts', message: `${l.line}行目：${e}`});
  }
  if (record.received_at) {
    const at = new Date(record.received_at).getTime();
    need(at <= Date.now() + 60_000, 'received_at', '未来の日時は指定できません。');
    need(at >= Date.now() - 365 * 86_400_000, 'received_at', '1年以上前の日時は指定できません。');
  }
  return problems;
}

// categories[i] names the i-th category sent: its checkbox.
function locate(field) {
  const m = field.match(/^categories\[(\d+)\]$/);
  if (!m || sentCategories[Number(m[1])] === undefined) return null;
  return form.querySelector(`[data-category="${CSS.escape(sentCategories[Number(m[1])])}"]`);
}

// The engine names a receipt's month by position (receipts[1].months[0]): the
// clerk sees the line and the month as typed.
function byLine(errors) {
  const lines = receiptLines();
  return errors.map(({field, message}) => {
    const m = field.match(/^receipts\[(\d+)\](?:\.(institution|months)(?:\[(\d+)\])?)?/);
    if (!m || !lines[Number(m[1])]) return {field, message};
    const l = lines[Number(m[1])];
    const what = m[2] === 'months' && m[3] !== undefined ? `診療月「${l.typedMonths[Number(m[3])] ?? ''}」` : m[2] === 'institution' ? '医療機関名' : '';
    return {field: 'receipts', message: `${l.line}行目${what ? `の${what}` : ''}：${fieldMessageJa(message)}`};
  });
}

function showErrors(errors, heading) {
  const first = showFieldErrors(form, byLine(errors), {summary, locate, heading});
  (first ?? summary).scrollIntoView({behavior: 'smooth', block: 'center'});
  first?.querySelector('input, select, textarea')?.focus({preventScroll: true});
}

async function onSubmit(event) {
  event.preventDefault();
  clearFieldErrors(form, summary);
  const record = buildRecord();
  const problems = form.dataset.clientChecks === 'off' ? [] : clientProblems(record);
  if (problems.length) {
    showErrors(problems, `入力内容を確認してください（${problems.length}件）。`);
    return;
  }
  sentCategories = record.categories;
  submitButton.disabled = true;
  submitButton.textContent = '登録中…';
  try {
    const reply = await call('intake', {record});
    if (reply.ok) {
      // Cleared before the page goes: Back shows an empty form, and leaving does not ask.
      form.reset();
      typed = false;
      window.location.assign(`/desk/requests/${encodeURIComponent(reply.result.id)}`);
      return;
    }
    const errors = fieldErrors(reply.error);
    if (reply.status === 422 && errors.length) {
      showErrors(errors, `登録できませんでした。入力内容を確認してください（${errors.length}件）。`);
    } else {
      replace(summary, h('p', {}, `登録できませんでした。${errorText(reply.error, reply.status)}`),
        h('span', {class: 'detail'}, errorDetail(reply.error)));
      summary.hidden = false;
      summary.scrollIntoView({behavior: 'smooth', block: 'center'});
    }
  } finally {
    submitButton.disabled = false;
    submitButton.textContent = '受付を登録';
  }
}

// Enter in a one-line box moves on instead of sending the whole form (a
// clerk confirms a kana conversion or ends a field with Enter); the button
// sends it. Leaving the page with typed data, and 入力をクリア, ask first.
function wireLeaving() {
  form.addEventListener('input', (event) => {
    if (event.isTrusted) typed = true;
    // A field being corrected no longer shows its old message (the summary stays until the next send).
    const wrapper = event.target.closest?.('.has-error');
    if (!wrapper) return;
    wrapper.classList.remove('has-error');
    for (const node of wrapper.querySelectorAll(':scope > .field-error')) node.remove();
    for (const node of wrapper.querySelectorAll('[aria-invalid="true"]')) node.removeAttribute('aria-invalid');
  });
  form.addEventListener('change', (event) => { if (event.isTrusted) typed = true; });
  form.addEventListener('keydown', (event) => {
    if (event.key !== 'Enter' || event.isComposing || event.keyCode === 229) return;
    const target = event.target;
    if (!(target instanceof HTMLInputElement) || ['submit', 'button', 'reset', 'checkbox', 'radio'].includes(target.type)) return;
    event.preventDefault();
    if (target.dataset.normalize !== undefined) normalizeInput(target);
    target.dispatchEvent(new Event('change', {bubbles: true}));
  });
  form.querySelector('[type="reset"]').addEventListener('click', (event) => {
    if (typed && !window.confirm('入力した内容をすべて消去します。よろしいですか？')) event.preventDefault();
  });
  window.addEventListener('beforeunload', (event) => {
    if (!typed) return;
    event.preventDefault();
    event.returnValue = '';  // Chromium asks 「このサイトを離れますか？」
  });
}
