// 受付・処理簿 (web/report.html, /desk/report; managers, admins, auditors):
// the ledger of a fiscal year (年度, April to March) or of a calendar year
// from POST /api/report {"year", "period"}: the totals by type and by type
// and outcome (in each type's words, the decision table's, as the screens and
// letters say them; a decision still awaiting approval is 承認待ち, not a
// result), days to respond (median, p90 by nearest rank) and the overdue count
// on screen, the ledger as a table that grows with the page (no inner
// scroll), every date in the Japanese era (令和8年4月1日, format.js), and the
// same report to download as CSV (ISO dates) and PDF (GET
// /api/report/{year}.csv|.pdf, /api/report/fy{year}.csv|.pdf for a fiscal
// year; rendered by the server as the madoguchi CLI renders them). The
// choice is kept in the address (?period=fiscal&year=2025). Request ids and
// workflow facts only: no personal data.
//
// data-testid:
//   report-period (fiscal | calendar), report-year (selector), report-csv, report-pdf (download links),
//   report-error, report-title, report-scope
//   report-by-type (rows report-type-row[data-type] with report-type-count), report-total-count
//   report-by-outcome (rows report-outcome-row[data-type][data-outcome] with report-outcome-count)
//   report-decided, report-pending, report-responded, report-median, report-p90, report-max, report-overdue
//   report-items (table; rows report-row[data-id][data-outcome], cells report-received, report-outcome), report-empty

import {call} from './api.js';
import {h, replace} from './dom.js';
import {formatEraDay, formatNumber, todayJst} from './format.js';
import {startPage} from './header.js';
import {errorText} from './messages.js';

const yearSelect = document.getElementById('report-year');
const periodSelect = document.getElementById('report-period');

main();

async function main() {
  const who = await startPage('report');
  if (!who) return;
  const address = new URLSearchParams(window.location.search);
  if (address.get('period') === 'calendar') periodSelect.value = 'calendar';
  fillYears(address.get('year'));
  periodSelect.addEventListener('change', () => {
    fillYears(null);
    remember();
    load();
  });
  yearSelect.addEventListener('change', () => {
    remember();
    load();
  });
  await load();
}

const fiscal = () => periodSelect.value === 'fiscal';

function remember() {
  history.replaceState(null, '', `?period=${periodSelect.value}&year=${yearSelect.value}`);
}

// The era year of 31 December of `year` (令和7年), the engine's rule for a
// report's title (report_view.h): 令和元年度 begins 2019-04-01.
function eraYear(year) {
  const day = formatEraDay(`${year}-12-31`);
  return day.slice(0, day.indexOf('年') + 1);
}

// The last ten years, the current one first (a fiscal year begins in April),
// keeping `wanted` when it is one of them.
function fillYears(wanted) {
  const today = todayJst();
  let current = Number(today.slice(0, 4));
  if (fiscal() && Number(today.slice(5, 7)) < 4) current -= 1;
  const keep = wanted ?? yearSelect.value;
  yearSelect.replaceChildren();
  for (let y = current; y >= current - 9; --y) {
    const text = fiscal() ? `${eraYear(y).replace(/年$/, '年度')}（${y}年4月〜${y + 1}年3月）` : `${eraYear(y)}（${y}年）`;
    yearSelect.append(h('option', {value: String(y)}, text));
  }
  if ([...yearSelect.options].some((o) => o.value === keep)) yearSelect.value = keep;
}

async function load() {
  const year = Number(yearSelect.value);
  const period = periodSelect.value;
  const file = `/api/report/${period === 'fiscal' ? 'fy' : ''}${year}`;
  document.getElementById('report-csv').href = `${file}.csv`;
  document.getElementById('report-pdf').href = `${file}.pdf`;
  const error = document.getElementById('report-error');
  const reply = await call('report', {year, period});
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
const dayCell = (iso, testid) => h('td', {class: 'day', ...(testid ? {'data-testid': testid} : {})}, formatEraDay(iso));

function render(r) {
  const t = r.totals;
  document.getElementById('report-title').textContent = `${r.title}　${r.society}`;
  document.getElementById('report-scope').textContent =
    `${formatEraDay(r.first_day)}〜${formatEraDay(r.last_day)}（日本時間）に受け付けた請求。` +
    `期限超過は集計日 ${formatEraDay(r.as_of)} 時点。承認待ちの決定はまだ結果として数えません。`;
  replace(document.getElementById('report-by-type'),
    h('table', {class: 'data-table compact', 'data-testid': 'report-by-type'},
      h('tbody', {},
        t.by_type.map((b) => h('tr', {'data-testid': 'report-type-row', 'data-type': b.type},
          h('td', {}, b.type_ja), count(b.count, 'report-type-count'))),
        h('tr', {}, h('th', {}, '合計'), count(t.count, 'report-total-count')))));
  replace(document.getElementById('report-by-outcome'), t.by_outcome.length === 0
    ? h('p', {class: 'muted'}, '—')
    : h('table', {class: 'data-table compact', 'data-testid': 'report-by-outcome'},
      h('tbody', {}, t.by_outcome.map((b, n) => h('tr',
        {'data-testid': 'report-outcome-row', 'data-type': b.type, 'data-outcome': b.outcome},
        h('td', {class: 'muted'}, n > 0 && t.by_outcome[n - 1].type === b.type ? '' : b.type_ja),
        h('td', {}, b.outcome_ja), count(b.count, 'report-outcome-count'))))));
  const d = t.days_to_respond;
  const line = (label, value, testid) => h('tr', {}, h('td', {}, label), h('td', {class: 'num', 'data-testid': testid}, value));
  replace(document.getElementById('report-days'),
    h('table', {class: 'data-table compact'},
      h('tbody', {},
        line('決定済み（承認待ちを除く）', `${formatNumber(t.decided)}件`, 'report-decided'),
        line('承認待ち', `${formatNumber(t.pending_approval)}件`, 'report-pending'),
        line('回答済み', `${formatNumber(d.count)}件`, 'report-responded'),
        line('中央値', days(d.median), 'report-median'),
        line('90パーセンタイル', days(d.p90), 'report-p90'),
        line('最大', days(d.max), 'report-max'),
        line('期限超過', `${formatNumber(t.overdue)}件`, 'report-overdue'),
        line('延長前の期限による期限超過', `${formatNumber(t.overdue_original)}件`, 'report-overdue-original'))));
  document.getElementById('report-count').textContent = `${formatNumber(r.items.length)}件`;
  const items = document.getElementById('report-items');
  if (r.items.length === 0) {
    replace(items, h('p', {class: 'muted', 'data-testid': 'report-empty'}, 'この期間に受け付けた請求はありません。'));
    return;
  }
  const cell = (v, cls) => h('td', cls ? {class: cls} : {}, v === null || v === undefined ? '' : String(v));
  replace(items, h('table', {class: 'data-table compact', 'data-testid': 'report-items'},
    h('thead', {}, h('tr', {}, ['受付番号', '請求種別', '受付日', '本人確認日', '決定日', '回答日', '開示実施日', '開示方法', '完了日', '期限', '結果',
      '処理日数', '停止日数', '延長日数', '期限超過'].map((x) => h('th', {}, x)))),
    h('tbody', {}, r.items.map((i) => h('tr', {'data-testid': 'report-row', 'data-id': i.id, 'data-outcome': i.outcome_key},
      h('td', {}, h('a', {href: `/desk/requests/${i.id}`}, i.id)), cell(i.type_ja), dayCell(i.received_on, 'report-received'),
      dayCell(i.verified_on), dayCell(i.decided_on), dayCell(i.responded_on), dayCell(i.delivered_on), cell(i.delivery_ja),
      dayCell(i.ended_on), dayCell(i.due_date),
      h('td', {'data-testid': 'report-outcome'}, i.outcome_ja), cell(i.days_taken, 'num'), cell(i.clock_stop_days, 'num'), cell(i.extension_days, 'num'),
      cell(i.overdue ? '超過' : '', i.overdue ? 'hot' : ''))))));
}
