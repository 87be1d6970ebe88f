// 第三者提供記録の台帳 (web/provision.html, /desk/provision; clerks, managers):
// the provision ledger (docs/desk-rules.md). Lists the records (provision_list:
// opened, each shown logged by the engine), a person's by insured symbol and
// number; adds one (provision add) from the form, whose bases and record
// methods come from the engine's meta (provision_ledger); imports a CSV file
// (provision import: all or nothing, the engine's message names each bad
// line); managers dispose of the expired records (provision_dispose).
//
// data-testid: provision-items (table; rows provision-row[data-id]), provision-error, provision-done,
//   provision-add fields (provision-*), provision-csv, provision-import-submit, provision-dispose

import {call} from './api.js';
import {dateProblems, dateValue, enhanceDateInput, refreshDateInput} from './date-entry.js';
import {h, replace} from './dom.js';
import {formatDateTime, formatEraDay, todayJst} from './format.js';
import {startPage} from './header.js';
import {META} from './labels.js';
import {errorDetail, errorText} from './messages.js';

const error = document.getElementById('provision-error');
const done = document.getElementById('provision-done');
const ledger = META.provision_ledger ?? {bases: [], record_methods: [], csv_columns: ''};
let search = {};

main();

async function main() {
  const who = await startPage('provision');
  if (!who) return;
  for (const b of ledger.bases) document.getElementById('provision-basis').append(h('option', {value: b.code}, b.label));
  for (const m of ledger.record_methods) {
    document.getElementById('provision-method').append(
      h('option', {value: m.code}, `${m.label}：${m.retention_years}年保存（${m.article}）`));
  }
  document.getElementById('provision-csv-columns').textContent = `列（1行目の見出し）：${ledger.csv_columns}`;
  document.getElementById('provision-dispose-panel').hidden = who.role !== 'manager';
  document.getElementById('provision-all').addEventListener('change', load);
  document.getElementById('provision-search').addEventListener('submit', (e) => {
    e.preventDefault();
    const f = new FormData(e.target);
    search = {};
    for (const k of ['insured_symbol', 'insured_number']) if (f.get(k)) search[k] = f.get(k).trim();
    load();
  });
  // Dates as the paper says them (和暦 or Western), as at 受付 (date-entry.js).
  const form = document.getElementById('provision-add');
  for (const [name, label] of Object.entries(DATE_LABELS)) {
    enhanceDateInput(form.elements[name], {label, max: name === 'period_to' ? '' : todayJst, min: '1900-01-01'});
  }
  form.addEventListener('submit', add);
  document.getElementById('provision-import').addEventListener('submit', importCsv);
  document.getElementById('provision-dispose').addEventListener('click', dispose);
  await load();
}

// The ledger's refusals are written in Japanese by the engine (core/provision_ledger.cc:
// the record or CSV line and what is wrong with it): shown under the code's sentence.
// The record's dates, by field name, and what the form calls them.
const DATE_LABELS = {provided_on: '提供年月日', period_from: '提供期間（初日）', period_to: '提供期間（末日）'};

function show(reply, message) {
  error.hidden = reply.ok;
  done.hidden = !reply.ok;
  if (reply.ok) {
    done.textContent = message(reply.result);
    return;
  }
  const detail = errorDetail(reply.error);
  error.textContent = errorText(reply.error, reply.status) + (detail ? `\n${detail}` : '');
}

async function load() {
  const args = {...search};
  if (document.getElementById('provision-all').checked) args.include_disposed = true;
  if (args.insured_symbol && !args.insured_number) delete args.insured_symbol;
  const reply = await call('provision_list', args);
  if (!reply.ok) return show(reply, () => '');
  const rows = reply.result.items.map((i) => {
    const r = i.record ?? {};
    const when = i.disposed ? `（廃棄済み ${i.disposed_at ? formatDateTime(i.disposed_at) : ''}）`
      : r.provided_on ? formatEraDay(r.provided_on) : `${formatEraDay(r.period_from)}～${formatEraDay(r.period_to)}`;
    return h('tr', {'data-testid': 'provision-row', 'data-id': String(i.id)},
      h('td', {}, String(i.id)), h('td', {}, when), h('td', {}, r.recipient?.name ?? ''),
      h('td', {}, r.person ? `${r.person.insured_symbol ?? ''}-${r.person.insured_number} ${r.person.name}` : ''),
      h('td', {}, r.items_text ?? ''), h('td', {}, r.consent_label ?? ''), h('td', {}, r.basis_label ?? i.basis),
      h('td', {}, formatEraDay(i.retention_until)));
  });
  replace(document.getElementById('provision-items'),
    rows.length ? h('table', {class: 'table'},
      h('thead', {}, h('tr', {}, ['番号', '提供年月日・期間', '提供先', '本人', '項目', '同意', '根拠', '保存期限'].map((t) => h('th', {}, t)))),
      h('tbody', {}, rows))
      : h('p', {class: 'muted', 'data-testid': 'provision-empty'}, '記録はありません。'));
}

async function add(e) {
  e.preventDefault();
  const f = new FormData(e.target);
  const v = (k) => (f.get(k) ?? '').trim();
  const record = {
    recipient: {name: v('recipient_name')},
    person: {insured_number: v('insured_number'), name: v('person_name')},
    items: v('items').split(/[・、;]/).map((s) => s.trim()).filter(Boolean),
    consent: v('consent') === 'true',
    basis: v('basis'),
    record_method: v('record_method'),
  };
  if (v('recipient_address')) record.recipient.address = v('recipient_address');
  if (v('insured_symbol')) record.person.insured_symbol = v('insured_symbol');
  const dates = e.target.querySelectorAll('input[data-date]');
  const problems = dateProblems(e.target);
  for (const input of dates) {
    if (input.value.trim() && !dateValue(input) && !problems.some((p) => p.field === input.name)) {
      problems.push({field: input.name, message: '日付として読めません。'});
    }
  }
  if (problems.length) {
    done.hidden = true;
    error.hidden = false;
    error.textContent = ['入力内容を確認してください。', ...problems.map((p) => `${DATE_LABELS[p.field]}：${p.message}`)].join('\n');
    return;
  }
  for (const input of dates) if (dateValue(input)) record[input.name] = dateValue(input);
  const reply = await call('provision', {action: 'add', records: [record]});
  show(reply, (r) => `記録しました（番号 ${r.added.map((a) => a.id).join('、')}、保存期限 ${r.added.map((a) => formatEraDay(a.retention_until)).join('、')}）。`);
  if (reply.ok) {
    e.target.reset();
    for (const input of e.target.querySelectorAll('input[data-date]')) refreshDateInput(input);
    await load();
  }
}

async function importCsv(e) {
  e.preventDefault();
  const file = document.getElementById('provision-csv').files[0];
  if (!file) return;
  if (file.size > 200 * 1024) {
    error.textContent = 'CSVファイルが大きすぎます（200 KiBまで）。分けて取り込んでください。';
    error.hidden = false;
    return;
  }
  const reply = await call('provision', {action: 'import', csv: await file.text()});
  show(reply, (r) => `${r.added.length} 件を取り込みました。`);
  if (reply.ok) await load();
}

async function dispose() {
  const reply = await call('provision_dispose', {});
  show(reply, (r) => `${r.disposed.length} 件の保存期間を経過した記録を廃棄しました。`);
  if (reply.ok) await load();
}
