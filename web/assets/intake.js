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
//   field-correction_items[{i}].{item|current|requested}, remove-correction-item[{i}]

import {call, newIdempotencyKey} from './api.js';
import {h, replace} from './dom.js';
import {clearFieldErrors, showFieldErrors} from './field-errors.js';
import {formatDate, formatDateTime, inputToJstTimestamp, nowJstInputValue, todayJst} from './format.js';
import {startPage} from './header.js';
import {categories as loadCategories} from './lookups.js';
import {errorDetail, errorText, fieldErrors} from './messages.js';

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
  for (const name of ['requester.birth_date', 'agent.birth_date']) form.elements[name].max = todayJst();
  updatePreviews();
}

function wireForm() {
  form.elements.type.addEventListener('change', updateMethodFields);
  form.elements.type.addEventListener('change', updateCorrectionFields);
  document.getElementById('add-correction-item').addEventListener('click', () => addCorrectionItem());
  for (const radio of form.querySelectorAll('[name="disclosure_method"]')) radio.addEventListener('change', updateMethodFields);
  document.getElementById('has-agent').addEventListener('change', updateAgentFields);
  for (const input of form.querySelectorAll('[data-kana]')) input.addEventListener('blur', () => { input.value = toKatakana(input.value); });
  for (const input of form.querySelectorAll('[data-normalize]')) input.addEventListener('blur', () => { input.value = input.value.normalize('NFKC').trim(); });
  for (const input of form.querySelectorAll('input[type="date"], input[type="datetime-local"]')) input.addEventListener('input', updatePreviews);
  const freeText = form.elements.free_text;
  freeText.addEventListener('input', () => {
    document.getElementById('free-text-count').textContent = freeText.value.length.toLocaleString('ja-JP');
  });
  form.addEventListener('submit', onSubmit);
  form.addEventListener('reset', () => {
    setTimeout(() => {
      newKey();  // a cleared form is the next person's: never the last key
      clearFieldErrors(form, summary);
      resetReceivedAt();
      updateMethodFields();
      updateAgentFields();
      replace(document.getElementById('correction-items'));
      updateCorrectionFields();
      document.getElementById('free-text-count').textContent = '0';
    });
  });
  updateMethodFields();
  updateAgentFields();
  updateCorrectionFields();
}

// A correction names each item to change: what it is, its value now, the value asked for.
function addCorrectionItem() {
  const rows = document.getElementById('correction-items');
  const row = h('div', {class: 'repeat-row', 'data-row': ''},
    h('div', {class: 'field', 'data-sub': 'item'}, h('span', {class: 'label req'}, '項目'),
      h('input', {type: 'text', maxlength: 100, 'data-sub': 'item', placeholder: '例：氏名、生年月日、住所'})),
    h('div', {class: 'field', 'data-sub': 'current'}, h('span', {class: 'label opt'}, '現在の内容'),
      h('input', {type: 'text', maxlength: 1000, 'data-sub': 'current'})),
    h('div', {class: 'field', 'data-sub': 'requested'}, h('span', {class: 'label req'}, '訂正後の内容'),
      h('input', {type: 'text', maxlength: 1000, 'data-sub': 'requested'})),
    h('div', {}, h('button', {type: 'button', class: 'button secondary small', 'data-remove': '',
      onclick: (e) => { e.target.closest('[data-row]').remove(); renumberCorrectionItems(); }}, '削除')));
  rows.append(row);
  renumberCorrectionItems();
}

function renumberCorrectionItems() {
  const rows = [...document.getElementById('correction-items').children];
  rows.forEach((row, i) => {
    const base = `correction_items[${i}]`;
    row.dataset.field = base;
    row.dataset.label = `訂正を求める項目（${i + 1}）`;
    for (const cell of row.querySelectorAll('div.field[data-sub]')) {
      cell.dataset.field = `${base}.${cell.dataset.sub}`;
      cell.dataset.label = `訂正を求める項目（${i + 1}）の${cell.querySelector('.label').textContent}`;
    }
    for (const input of row.querySelectorAll('input[data-sub]')) {
      input.name = `${base}.${input.dataset.sub}`;
      input.dataset.testid = `field-${base}.${input.dataset.sub}`;
    }
    const remove = row.querySelector('[data-remove]');
    remove.dataset.testid = `remove-correction-item[${i}]`;
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
    span.textContent = !input?.value ? '' : input.type === 'date' ? formatDate(input.value) : formatDateTime(inputToJstTimestamp(input.value));
  }
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
  const receipts = value('receipts').split('\n').map((line) => line.trim()).filter(Boolean).map((line) => {
    const at = line.search(/[:：]/);
    const institution = (at < 0 ? line : line.slice(0, at)).trim();
    const months = at < 0 ? [] : line.slice(at + 1).split(/[,、\s]+/).map((m) => m.trim()).filter(Boolean);
    return months.length ? {institution, months} : {institution};
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
    const v = value(`${prefix}.${f}`);
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
    if (p.birth_date) need(p.birth_date <= todayJst(), `${who}.birth_date`, '未来の日付は指定できません。');
  }
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

function showErrors(errors, heading) {
  const first = showFieldErrors(form, errors, {summary, locate, heading});
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
      // Cleared before the page goes: Back shows an empty form.
      form.reset();
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
