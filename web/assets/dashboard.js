// 管理 (web/dashboard.html, /desk/dashboard; managers, admins, auditors):
// first what the manager must do (issue 18) — the decisions waiting for
// approval, the verified requests waiting to be assigned, and each
// reviewer's load — then the big numbers, the overdue requests with who holds
// each and which step blocks it (the engine's waiting_for), the due-soon
// ones, and below them requests received and closed per week and the days
// taken to respond (inline SVG, charts.js), counts and ages by stage and
// counts by type.
// Data: dashboard-data.js (POST /api/dashboard {"soon_business_days", "weeks": 12}).
// The soon range is kept in the address (?soon=5).
//
// data-testid:
//   todo-pending-approval, pending-approval-count, pending-approval-list (rows todo-row[data-id] with
//   row-link-{id}; empty: pending-approval-list-empty), pending-approval-all (the queue of them);
//   the same for awaiting-assignment
//   overdue rows: overdue-holder (assignee or 未割当), overdue-step (data-step: the waiting_for code)
//   dashboard-today, soon-days (the range selector), soon-until, dashboard-reload, dashboard-error, dashboard-partial
//   kpi-open, kpi-overdue, kpi-due-soon, kpi-dead-outbox (the cards; links to the queue)
//   open-count, overdue-count, due-soon-count, dead-outbox-count (the numbers alone)
//   overdue-list, due-soon-list (tables; rows dashboard-row with data-id, links row-link-{id}; empty: *-empty)
//   chart-weekly (svg; bars rect[data-series=received|closed|withdrawn][data-index][data-value]), weekly-empty
//   chart-days-to-respond (svg; rect[data-series=count]), days-to-respond-count, days-to-respond-median,
//   days-to-respond-p90, days-to-respond-max, days-to-respond-empty
//   counts-by-state (table; rows state-row[data-state] with state-count, age-average, age-max)
//   counts-by-type (table; rows type-row[data-type] with type-count)
//   workload-table (rows workload-row[data-assignee], "(unassigned)" for 未割当; cells workload-open,
//   workload-overdue, workload-due-soon)
//   returned-count, returned-list (rows returned-row[data-id][data-n]; empty: returned-list-empty)
//   duplicates-count, duplicates-list (rows duplicate-row[data-id]; empty: duplicates-list-empty)

import {barChart} from './charts.js';
import {loadDashboard} from './dashboard-data.js';
import {h, replace, svg} from './dom.js';
import {dueBadge} from './due-badge.js';
import {formatCount, formatDate, formatDays, formatMonthDay, formatNumber, stateText, typeText} from './format.js';
import {startPage} from './header.js';
import {META, RETURN_REASONS, STATES, TYPES, label, outcomeLabel} from './labels.js';
import {errorDetail, errorText} from './messages.js';

const WEEKS = 12;
const soonSelect = document.getElementById('soon-days');

main();

async function main() {
  const who = await startPage('dashboard');
  if (!who) return;
  const fromAddress = new URLSearchParams(window.location.search).get('soon');
  // The engine's 期限間近 unless the address names another (the queue's badge uses the same).
  soonSelect.value = String(META.due_soon_business_days);
  if ([...soonSelect.options].some((o) => o.value === fromAddress)) soonSelect.value = fromAddress;
  soonSelect.addEventListener('change', () => {
    const p = new URLSearchParams(window.location.search);
    p.set('soon', soonSelect.value);
    window.history.replaceState(null, '', `?${p}`);
    load();
  });
  document.getElementById('dashboard-reload').addEventListener('click', load);
  await load();
}

async function load() {
  const soon = Number(soonSelect.value);
  const reply = await loadDashboard(soon, WEEKS);
  const errorBox = document.getElementById('dashboard-error');
  if (!reply.ok) {
    replace(errorBox, h('p', {}, `集計を取得できませんでした。${errorText(reply.error, reply.status)}`),
      h('span', {class: 'detail'}, errorDetail(reply.error)));
    errorBox.hidden = false;
    return;
  }
  errorBox.hidden = true;
  document.getElementById('dashboard-partial').hidden = !reply.partial;
  render(reply.result, soon);
  document.getElementById('dashboard').hidden = false;
}

function render(r, soon) {
  const counts = r.counts ?? {};
  document.getElementById('dashboard-today').textContent = r.today ? `${formatDate(r.today)} 現在` : '';
  setNumber('open-count', counts.open);
  setNumber('overdue-count', r.overdue_total ?? counts.overdue);
  setNumber('due-soon-count', r.due_soon_total ?? counts.due_soon);
  setNumber('dead-outbox-count', r.dead_outbox);
  document.getElementById('kpi-dead').classList.toggle('alert', Number(r.dead_outbox) > 0);
  document.getElementById('soon-label').textContent = `${soon}営業日以内`;
  document.getElementById('soon-until').textContent = r.soon_until ? `${formatDate(r.soon_until)}まで` : '';

  todoInto('pending-approval', r.pending_approval, r.pending_approval_total, '承認を待つ決定はありません。', true);
  todoInto('awaiting-assignment', r.awaiting_assignment, r.awaiting_assignment_total, '割当を待つ案件はありません。', false);
  overdueInto(r.overdue ?? [], r.overdue_total);
  listInto('due-soon', r.due_soon ?? [], r.due_soon_total, '期限が近い案件はありません。');
  listInto('overdue-original', r.overdue_original ?? [], r.overdue_original_total, '延長前の期限を過ぎた案件はありません。');
  replace(document.getElementById('weekly'), weeklyChart(r.weekly));
  renderDaysToRespond(r.days_to_respond);
  replace(document.getElementById('by-state'), stateTable(counts.by_state ?? {}, r.age_by_state));
  replace(document.getElementById('by-type'), typeTable(counts.by_type ?? {}));
  replace(document.getElementById('workload'), workloadTable(r.workload, r.unassigned));
  renderReturned(r.returned_letters);
  renderDuplicates(r.flagged_duplicates);
}

function requestLink(id) {
  return h('a', {href: `/desk/requests/${encodeURIComponent(id)}`, 'data-testid': `row-link-${id}`}, id);
}

// Letters that came back undelivered (letter_returned) and were not posted again.
function renderReturned(returned) {
  setNumber('returned-count', returned?.count ?? 0);
  const items = returned?.items ?? [];
  replace(document.getElementById('returned-list'), items.length === 0
    ? h('p', {class: 'muted', 'data-testid': 'returned-list-empty'}, '返戻された通知書はありません。')
    : h('table', {class: 'data-table compact', 'data-testid': 'returned-list'},
      h('thead', {}, h('tr', {}, ['受付番号', '通知書No.', '理由', '返戻日', '記録者'].map((t) => h('th', {}, t)))),
      h('tbody', {}, items.map((item) => h('tr', {'data-testid': 'returned-row', 'data-id': item.request_id, 'data-n': item.n},
        h('td', {class: 'nowrap'}, requestLink(item.request_id)),
        h('td', {class: 'num'}, item.n),
        h('td', {}, label(RETURN_REASONS, item.reason), item.note ? `：${item.note}` : ''),
        h('td', {class: 'nowrap'}, formatDate(item.returned_on ?? item.at.slice(0, 10))),
        h('td', {}, item.by))))));
}

// Requests flagged at intake as possible duplicates, still linked.
function renderDuplicates(flagged) {
  setNumber('duplicates-count', flagged?.count ?? 0);
  const items = flagged?.items ?? [];
  replace(document.getElementById('duplicates-list'), items.length === 0
    ? h('p', {class: 'muted', 'data-testid': 'duplicates-list-empty'}, '重複の可能性がある請求はありません。')
    : h('table', {class: 'data-table compact', 'data-testid': 'duplicates-list'},
      h('thead', {}, h('tr', {}, ['受付番号', '種別', '状態', '先の請求'].map((t) => h('th', {}, t)))),
      h('tbody', {}, items.map((item) => h('tr', {'data-testid': 'duplicate-row', 'data-id': item.id},
        h('td', {class: 'nowrap'}, requestLink(item.id)),
        h('td', {}, label(TYPES, item.type)),
        h('td', {class: 'nowrap'}, label(STATES, item.state)),
        h('td', {}, item.duplicate_of.map((id, i) => [i ? '、' : '', h('a', {href: `/desk/requests/${encodeURIComponent(id)}`}, id)])))))));
}

function setNumber(id, n) {
  document.getElementById(id).textContent = formatNumber(n);
}

function moreText(name, items, total) {
  document.getElementById(`${name}-more`).textContent =
    total !== undefined && total > items.length ? `全${formatCount(total)}のうち${formatCount(items.length)}を表示` : '';
}

// A manager's to-do list: its count and its requests, earliest due first
// (an engine without these lists: the panel says so instead of a wrong zero).
function todoInto(name, items, total, emptyText, withOutcome) {
  const panel = document.querySelector(`[data-testid="todo-${name}"]`);
  const box = document.getElementById(`${name}-list`);
  if (!Array.isArray(items)) {
    setNumber(`${name}-count`, undefined);
    replace(box, h('p', {class: 'muted'}, 'このサーバーは一覧を返しません。'));
    return;
  }
  setNumber(`${name}-count`, total ?? items.length);
  panel.classList.toggle('has-work', items.length > 0);
  moreText(name, items, total);
  replace(box, items.length === 0
    ? h('p', {class: 'muted', 'data-testid': `${name}-list-empty`}, emptyText)
    : h('table', {class: 'data-table compact', 'data-testid': `${name}-list`},
      h('thead', {}, h('tr', {}, ['受付番号', '種別', withOutcome ? '決定' : null, '回答期限・残り'].filter(Boolean).map((t) => h('th', {}, t)))),
      h('tbody', {}, items.map((item) => h('tr', {'data-testid': 'todo-row', 'data-id': item.id},
        h('td', {class: 'nowrap'}, requestLink(item.id)),
        h('td', {class: 'nowrap'}, typeText(item)),
        withOutcome ? h('td', {}, item.outcome ? outcomeLabel(item.outcome, item.type) : '—') : null,
        h('td', {class: 'nowrap'}, formatDate(item.due_date), h('br'), dueBadge(item)))))));
}

// The overdue requests: who holds each (the assignee, or 未割当) and which
// step it is blocked at, with who takes that step (the engine's waiting_for).
function overdueInto(items, total) {
  moreText('overdue', items, total);
  replace(document.getElementById('overdue-list'), items.length === 0
    ? h('p', {class: 'muted', 'data-testid': 'overdue-list-empty'}, '期限を過ぎた案件はありません。')
    : h('table', {class: 'data-table compact', 'data-testid': 'overdue-list'},
      h('thead', {}, h('tr', {}, ['受付番号', '種別', '担当', '止まっている段階（次に行う者）', '回答期限・超過'].map((t) => h('th', {}, t)))),
      h('tbody', {}, items.map((item) => h('tr', {'data-testid': 'dashboard-row', 'data-id': item.id},
        h('td', {class: 'nowrap'}, requestLink(item.id)),
        h('td', {}, typeText(item)),
        h('td', {'data-testid': 'overdue-holder'}, item.assignee ?? h('span', {class: 'muted'}, '未割当')),
        h('td', {'data-testid': 'overdue-step', 'data-step': item.waiting_for?.step ?? ''},
          item.waiting_for ? [h('strong', {}, item.waiting_for.step_ja), h('span', {class: 'blocking-by'}, `（${item.waiting_for.by_ja}）`)] : stateText(item)),
        h('td', {class: 'nowrap'}, formatDate(item.due_date),
          item.original_due_date ? h('span', {class: 'muted small'}, `（延長前 ${formatDate(item.original_due_date)}）`) : null,
          ' ', dueBadge(item)))))));
}

function listInto(name, items, total, emptyText) {
  moreText(name, items, total);
  replace(document.getElementById(`${name}-list`), items.length === 0
    ? h('p', {class: 'muted', 'data-testid': `${name}-list-empty`}, emptyText)
    : h('table', {class: 'data-table compact', 'data-testid': `${name}-list`},
      h('thead', {}, h('tr', {}, ['受付番号', '種別', '状態', '担当', '回答期限・残り'].map((t) => h('th', {}, t)))),
      h('tbody', {}, items.map((item) => h('tr', {'data-testid': 'dashboard-row', 'data-id': item.id},
        h('td', {class: 'nowrap'}, h('a', {href: `/desk/requests/${encodeURIComponent(item.id)}`, 'data-testid': `row-link-${item.id}`}, item.id)),
        h('td', {}, typeText(item)),
        h('td', {class: 'nowrap'}, stateText(item)),
        h('td', {}, item.assignee ?? h('span', {class: 'muted'}, '未割当')),
        h('td', {class: 'nowrap'}, formatDate(item.due_date),
          item.original_due_date ? h('span', {class: 'muted small'}, `（延長前 ${formatDate(item.original_due_date)}）`) : null,
          h('br'), dueBadge(item)))))));
}

function weeklyChart(weekly) {
  if (!Array.isArray(weekly) || weekly.length === 0) return h('p', {class: 'muted', 'data-testid': 'weekly-empty'}, 'データがありません。');
  return [
    barChart({
      categories: weekly.map((w) => formatMonthDay(w.week_start)),
      series: [
        {key: 'received', name: '受付', className: 'bar-received', values: weekly.map((w) => w.received)},
        {key: 'closed', name: '完了', className: 'bar-closed', values: weekly.map((w) => w.closed)},
        {key: 'withdrawn', name: '取下げ', className: 'bar-withdrawn', values: weekly.map((w) => w.withdrawn ?? 0)},
      ],
      xTitle: '週（月/日 から始まる週）', yTitle: '件数', unit: '件', testid: 'chart-weekly',
      label: `直近${weekly.length}週の受付件数・完了件数・取下げ件数`,
    }),
  ];
}

function renderDaysToRespond(d) {
  const stats = document.getElementById('respond-stats');
  const box = document.getElementById('histogram');
  if (!d || !d.count) {
    replace(stats);
    replace(box, h('p', {class: 'muted', 'data-testid': 'days-to-respond-empty'}, d ? 'この期間に回答を終えた案件はありません。' : 'データがありません。'));
    return;
  }
  const stat = (name, testid, value) => h('span', {}, `${name} `, h('b', {'data-testid': testid}, value));
  replace(stats,
    stat('回答件数', 'days-to-respond-count', formatCount(d.count)),
    stat('中央値', 'days-to-respond-median', formatDays(d.median)),
    stat('90%の案件が', 'days-to-respond-p90', `${formatDays(d.p90)}以内`),
    stat('最長', 'days-to-respond-max', formatDays(d.max)));
  const buckets = d.histogram ?? [];
  replace(box, barChart({
    categories: bucketLabels(buckets),
    series: [{key: 'count', name: '件数', className: 'bar-hist', values: buckets.map((b) => b.count)}],
    xTitle: '受付から回答までの日数', yTitle: '件数', unit: '件', testid: 'chart-days-to-respond',
    label: '受付から回答までの日数の分布',
  }));
}

// [{from_days: 0, upto_days: 7}, {from_days: 8, upto_days: 14}, {from_days: 61, upto_days: null}]
// → 〜7日, 8〜14日, 61日〜
function bucketLabels(buckets) {
  let next = 0;
  return buckets.map((b) => {
    const from = b.from_days ?? next;
    const upto = b.upto_days ?? null;
    next = upto === null ? from : upto + 1;
    if (upto === null) return `${from}日〜`;
    if (from === 0) return `〜${upto}日`;
    return from === upto ? `${from}日` : `${from}〜${upto}日`;
  });
}

// A count with a small bar beside it (SVG: no inline styles).
function barCell(n, max, testid) {
  const width = max > 0 ? Math.round((Number(n) / max) * 80) : 0;
  return h('td', {class: 'num'}, h('div', {class: 'bar-cell'},
    h('span', {class: 'n', 'data-testid': testid}, formatNumber(n ?? 0)),
    svg('svg', {class: 'bar', width: 80, height: 10, 'aria-hidden': 'true'}, svg('rect', {width, height: 10, rx: 2}))));
}

function stateTable(byState, ages) {
  const max = Math.max(0, ...Object.values(byState).map(Number));
  const hasAges = ages && typeof ages === 'object';
  return h('table', {class: 'data-table compact', 'data-testid': 'counts-by-state'},
    h('thead', {}, h('tr', {}, h('th', {}, '段階'), h('th', {class: 'num'}, '件数'),
      hasAges ? [h('th', {class: 'num', title: '受付日から今日までの日数（この段階にある案件の平均）'}, '平均'), h('th', {class: 'num'}, '最長')] : null)),
    h('tbody', {}, Object.keys(STATES).map((state) => h('tr', {'data-testid': 'state-row', 'data-state': state},
      h('td', {class: 'nowrap'}, h('a', {href: `/desk/queue?state=${state}`}, label(STATES, state))),
      barCell(byState[state] ?? 0, max, 'state-count'),
      hasAges ? [
        h('td', {class: 'num nowrap', 'data-testid': 'age-average'}, ages[state]?.count ? formatDays(ages[state].average_days) : '—'),
        h('td', {class: 'num nowrap', 'data-testid': 'age-max'}, ages[state]?.count ? formatDays(ages[state].max_days) : '—'),
      ] : null))));
}

function typeTable(byType) {
  const max = Math.max(0, ...Object.values(byType).map(Number));
  return h('table', {class: 'data-table compact', 'data-testid': 'counts-by-type'},
    h('thead', {}, h('tr', {}, h('th', {}, '種別'), h('th', {class: 'num'}, '件数'))),
    h('tbody', {}, Object.keys(TYPES).map((type) => h('tr', {'data-testid': 'type-row', 'data-type': type},
      h('td', {}, h('a', {href: `/desk/queue?type=${type}`}, label(TYPES, type))),
      barCell(byType[type] ?? 0, max, 'type-count')))));
}

function workloadTable(workload, unassigned) {
  if (!Array.isArray(workload)) return h('p', {class: 'muted', 'data-testid': 'workload-empty'}, 'データがありません。');
  const rows = workload.map((w) => ({...w, name: w.assignee}));
  if (unassigned !== undefined && unassigned !== null) {
    rows.push(typeof unassigned === 'number' ? {name: null, open: unassigned} : {...unassigned, name: null});
  }
  const cell = (n, testid, hot) => h('td', {class: `num${hot && n > 0 ? ' hot' : ''}`, 'data-testid': testid}, n === undefined ? '—' : formatNumber(n));
  return h('table', {class: 'data-table compact', 'data-testid': 'workload-table'},
    h('thead', {}, h('tr', {}, h('th', {}, '担当者'), h('th', {class: 'num'}, '未処理'), h('th', {class: 'num'}, '期限超過'), h('th', {class: 'num'}, '期限間近'))),
    h('tbody', {}, rows.map((w) => h('tr', {'data-testid': 'workload-row', 'data-assignee': w.name ?? '(unassigned)'},
      h('td', {}, w.name ? h('a', {href: `/desk/queue?assignee=${encodeURIComponent(w.name)}`}, w.name) : h('span', {class: 'muted'}, '未割当')),
      cell(w.open, 'workload-open'),
      cell(w.overdue, 'workload-overdue', true),
      cell(w.due_soon, 'workload-due-soon')))));
}
