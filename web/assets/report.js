// 受付・処理簿 (web/report.html, /desk/report; managers, admins, auditors):
// the year's ledger from POST /api/report {"year"}: the totals by type and by
// outcome, days to respond (median, p90 by nearest rank) and the overdue
// count on screen, the ledger as a table, and the same report to download as
// CSV and PDF (GET /api/report/{year}.csv|.pdf, rendered by the server as the
// madoguchi CLI renders them). The year is kept in the address (?year=2026).
// Request ids and workflow facts only: no personal data.
//
// data-testid:
//   report-year (selector), report-csv, report-pdf (download links), report-error, report-title, report-scope
//   report-by-type (rows report-type-row[data-type] with report-type-count), report-total-count
//   report-by-outcome (rows report-outcome-row[data-outcome] with report-outcome-count)
//   report-responded, report-median, report-p90, report-max, report-overdue
//   report-items (table; rows report-row[data-id]), report-empty

import {call} from './api.js';
import {h, replace} from './dom.js';
import {formatNumber, todayJst} from './format.js';
import {startPage} from './header.js';
import {errorText} from './messages.js';

const yearSelect = document.getElementById('report-year');

main();

async function main() {
  const who = await startPage('report');
  if (!who) return;
  const thisYear = Number(todayJst().slice(0, 4));
  for (let y = thisYear; y >= thisYear - 9; --y) yearSelect.append(h('option', {value: String(y)}, `${y}年`));
  const fromAddress = new URLSearchParams(window.location.search).get('year');
  if ([...yearSelect.options].some((o) => o.value === fromAddress)) yearSelect.value = fromAddress;
  yearSelect.addEventListener('change', () => {
    history.replaceState(null, '', `?year=${yearSelect.value}`);
    load();
  });
  await load();
}

function reiwaTitle(year) {
  const n = year - 2018;
  return `${n === 1 ? '令和元' : `令和${n}`}年 開示等請求 受付・処理簿`;
}

async function load() {
  const year = Number(yearSelect.value);
  document.getElementById('report-csv').href = `/api/report/${year}.csv`;
  document.getElementById('report-pdf').href = `/api/report/${year}.pdf`;
  const error = document.getElementById('report-error');
  const reply = await call('report', {year});
  if (!reply.ok) {
    error.textContent = errorText(reply.error, reply.status);
    error.hidden = false;
    document.getElementById('report').hidden = true;
    return;
  }
  error.hidden = true;
  render(reply.result);
  document.getElementById('report').hidden = false;
}

const count = (n, testid) => h('td', {class: 'num', 'data-testid': testid}, formatNumber(n));
const days = (n) => (n === null || n === undefined ? '—' : `${n}日`);

function render(r) {
  const t = r.totals;
  document.getElementById('report-title').textContent = `${reiwaTitle(r.year)}　${r.society}`;
  document.getElementById('report-scope').textContent =
    `${r.year}年1月1日〜12月31日（日本時間）に受け付けた請求。期限超過は集計日 ${r.as_of} 時点。`;
  replace(document.getElementById('report-by-type'),
    h('table', {class: 'data-table compact', 'data-testid': 'report-by-type'},
      h('tbody', {},
        t.by_type.map((b) => h('tr', {'data-testid': 'report-type-row', 'data-type': b.type},
          h('td', {}, b.type_ja), count(b.count, 'report-type-count'))),
        h('tr', {}, h('th', {}, '合計'), count(t.count, 'report-total-count')))));
  replace(document.getElementById('report-by-outcome'),
    h('table', {class: 'data-table compact', 'data-testid': 'report-by-outcome'},
      h('tbody', {}, t.by_outcome.map((b) => h('tr', {'data-testid': 'report-outcome-row', 'data-outcome': b.outcome},
        h('td', {}, b.outcome_ja), count(b.count, 'report-outcome-count'))))));
  const d = t.days_to_respond;
  const line = (label, value, testid) => h('tr', {}, h('td', {}, label), h('td', {class: 'num', 'data-testid': testid}, value));
  replace(document.getElementById('report-days'),
    h('table', {class: 'data-table compact'},
      h('tbody', {},
        line('回答済み', `${formatNumber(d.count)}件`, 'report-responded'),
        line('中央値', days(d.median), 'report-median'),
        line('90パーセンタイル', days(d.p90), 'report-p90'),
        line('最大', days(d.max), 'report-max'),
        line('期限超過', `${formatNumber(t.overdue)}件`, 'report-overdue'),
        line('延長前の期限による期限超過', `${formatNumber(t.overdue_original)}件`, 'report-overdue-original'))));
  document.getElementById('report-count').textContent = `${formatNumber(r.items.length)}件`;
  const items = document.getElementById('report-items');
  if (r.items.length === 0) {
    replace(items, h('p', {class: 'muted', 'data-testid': 'report-empty'}, 'この年に受け付けた請求はありません。'));
    return;
  }
  const cell = (v, cls) => h('td', cls ? {class: cls} : {}, v === null || v === undefined ? '' : String(v));
  replace(items, h('table', {class: 'data-table compact', 'data-testid': 'report-items'},
    h('thead', {}, h('tr', {}, ['受付番号', '請求種別', '受付日', '本人確認日', '決定日', '回答日', '開示実施日', '開示方法', '完了日', '期限', '結果',
      '処理日数', '停止日数', '延長日数', '期限超過'].map((x) => h('th', {}, x)))),
    h('tbody', {}, r.items.map((i) => h('tr', {'data-testid': 'report-row', 'data-id': i.id},
      h('td', {}, h('a', {href: `/desk/requests/${i.id}`}, i.id)), cell(i.type_ja), cell(i.received_on),
      cell(i.verified_on), cell(i.decided_on), cell(i.responded_on), cell(i.delivered_on), cell(i.delivery_ja), cell(i.ended_on), cell(i.due_date),
      cell(i.outcome_ja), cell(i.days_taken, 'num'), cell(i.clock_stop_days, 'num'), cell(i.extension_days, 'num'),
      cell(i.overdue ? '超過' : '', i.overdue ? 'hot' : ''))))));
}
