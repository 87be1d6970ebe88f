// 一覧 (web/queue.html, /desk/queue): the requests, filtered, sorted and in
// pages, through POST /api/list {id, state, type, assignee, due: "overdue"|"soon",
// sort, order, limit, offset}. The filters live in the address
// (?id=…&state=…&mine=1&sort=due_date&order=asc&offset=50) so a reload, a link
// or 案件詳細's 一覧へ戻る keeps them: each row's link carries them as `from`
// (request.js). The name and insured number searched are personal data and
// stay out of the address and of the browser's storage: only this page keeps them.
// 受付番号 is sent as typed: the engine folds widths, case and spaces and knows
// the form (engine/core/request_id.h); what is not an id it refuses, in words
// shown here in Japanese (messages.js).
// 自分の担当のみ (mine=1): for a user the engine lists as a reviewer, assignee = that user.
// Managers (and admins) also get checkboxes and the bulk assign bar (bulk-assign.js).
//
// data-testid:
//   queue-filters, filter-id, filter-state, filter-type, filter-assignee, filter-mine (reviewers), filter-insured-number,
//   filter-name, filter-due, filter-limit, filter-reset
//   queue-table, sort-{id|type|state|assignee|received_at|due_date} (header buttons; the <th> has aria-sort)
//   queue-row (each row, data-id="R2026-000001"), row-link-{id}, select-{id} (managers), select-all
//   cell-name (masked: 山＊＊), cell-type, cell-state, cell-assignee, cell-received, cell-due, cell-days-left (inside each row;
//     the badge has data-level = ok | soon | today | overdue | stopped | closed)
//   queue-count ("全 N件中 1〜50件を表示"), queue-page, queue-prev, queue-next, queue-error, queue-empty
//   bulk-* (see bulk-assign.js)

import {call} from './api.js';
import {BulkAssign} from './bulk-assign.js';
import {h, replace} from './dom.js';
import {dueBadge} from './due-badge.js';
import {formatDate, formatNumber, stateText, typeText} from './format.js';
import {startPage} from './header.js';
import {ASSIGNING_ROLES, STATES, TYPES, mayRun} from './labels.js';
import {reviewers} from './lookups.js';
import {errorDetail, errorText, fieldMessageJa} from './messages.js';

// The queue opens on the work still to do: every state but closed and withdrawn.
const DEFAULTS = {id: '', state: 'open', type: '', assignee: '', mine: '', due: '', sort: 'due_date', order: 'asc', limit: 50, offset: 0};
const SORT_KEYS = ['id', 'type', 'state', 'assignee', 'received_at', 'due_date'];
// Search by insured number or name (blind index in the engine). Kept out of
// `query` on purpose: personal data never goes into the address bar, the
// browser history or a bookmark.
let personalSearch = {insured_number: '', name: ''};
// Which order a column starts in when first clicked.
const FIRST_ORDER = {received_at: 'desc', id: 'desc'};

const filtersForm = document.getElementById('filters');
const body = document.getElementById('queue-body');
const errorBox = document.getElementById('queue-error');
let query = readQuery();
let bulk = null;
let items = [];
let me = '';

main();

async function main() {
  const who = await startPage('queue');
  if (!who) return;
  me = who.user;
  document.getElementById('queue').hidden = false;
  fillSelect(filtersForm.elements.state, STATES);
  fillSelect(filtersForm.elements.type, TYPES);
  if (mayRun('users', who.role)) fillAssignees();  // an auditor may not list users
  if (ASSIGNING_ROLES.includes(who.role)) {
    bulk = new BulkAssign({onChange: renderRows, onDone: load});
    for (const th of document.querySelectorAll('[data-bulk-only]')) th.hidden = false;
    document.getElementById('select-all').addEventListener('change', (e) => selectAll(e.target.checked));
  }
  showQuery();
  wire();
  window.addEventListener('popstate', () => { query = readQuery(); showQuery(); load(); });
  await load();
}

function fillSelect(select, table) {
  for (const [value, text] of Object.entries(table)) select.append(h('option', {value}, text));
}

async function fillAssignees() {
  const reply = await reviewers();
  if (!reply.ok) return;
  replace(document.getElementById('assignee-list'), reply.result.items.map((u) => h('option', {value: u.name})));
  // 自分の担当のみ for whoever the engine lists as a reviewer (one who can be assigned).
  document.getElementById('filter-mine-wrap').hidden = !reply.result.items.some((u) => u.name === me);
}

function readQuery() {
  const p = new URLSearchParams(window.location.search);
  const q = {...DEFAULTS};
  for (const key of ['id', 'state', 'type', 'assignee', 'due']) q[key] = (p.get(key) ?? DEFAULTS[key]).slice(0, 100);
  q.mine = p.get('mine') === '1' ? '1' : '';
  if (SORT_KEYS.includes(p.get('sort'))) q.sort = p.get('sort');
  if (['asc', 'desc'].includes(p.get('order'))) q.order = p.get('order');
  const limit = Number(p.get('limit'));
  if ([25, 50, 100].includes(limit)) q.limit = limit;
  q.offset = Math.max(0, Number(p.get('offset')) || 0);
  return q;
}

function writeQuery() {
  const p = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== '' && value !== DEFAULTS[key]) p.set(key, String(value));
  const search = p.toString();
  window.history.pushState(null, '', search ? `?${search}` : window.location.pathname);
}

function showQuery() {
  for (const key of ['id', 'state', 'type', 'assignee', 'due', 'limit']) filtersForm.elements[key].value = String(query[key]);
  filtersForm.elements.mine.checked = query.mine === '1';
  // Mine: the assignee is the signed-in user, the box shows it.
  if (query.mine) filtersForm.elements.assignee.value = me;
  filtersForm.elements.assignee.disabled = Boolean(query.mine);
  for (const th of document.querySelectorAll('th[data-sort]')) {
    th.setAttribute('aria-sort', th.dataset.sort === query.sort ? (query.order === 'asc' ? 'ascending' : 'descending') : 'none');
  }
}

function wire() {
  filtersForm.addEventListener('change', () => {
    for (const key of ['state', 'type', 'due']) query[key] = filtersForm.elements[key].value;
    query.id = filtersForm.elements.id.value.trim();
    // While mine was on, the assignee box showed the user's own name: not a filter of its own.
    const wasMine = query.mine;
    query.mine = filtersForm.elements.mine.checked ? '1' : '';
    query.assignee = query.mine || wasMine ? '' : filtersForm.elements.assignee.value.trim();
    for (const key of ['insured_number', 'name']) personalSearch[key] = filtersForm.elements[key].value.trim();
    query.limit = Number(filtersForm.elements.limit.value);
    query.offset = 0;
    writeQuery();
    showQuery();
    load();
  });
  // Enter in a search box (受付番号, 氏名): search now, as a change would.
  filtersForm.addEventListener('submit', (e) => {
    e.preventDefault();
    filtersForm.dispatchEvent(new Event('change'));
  });
  filtersForm.addEventListener('reset', () => {
    setTimeout(() => { query = {...DEFAULTS}; personalSearch = {insured_number: '', name: ''}; writeQuery(); showQuery(); load(); });
  });
  for (const th of document.querySelectorAll('th[data-sort]')) {
    th.querySelector('button').addEventListener('click', () => {
      const key = th.dataset.sort;
      if (query.sort === key) query.order = query.order === 'asc' ? 'desc' : 'asc';
      else { query.sort = key; query.order = FIRST_ORDER[key] ?? 'asc'; }
      query.offset = 0;
      writeQuery();
      showQuery();
      load();
    });
  }
  document.getElementById('queue-prev').addEventListener('click', () => page(-1));
  document.getElementById('queue-next').addEventListener('click', () => page(1));
}

function page(step) {
  query.offset = Math.max(0, query.offset + step * query.limit);
  writeQuery();
  load();
}

function listArgs() {
  const args = {sort: query.sort, order: query.order, limit: query.limit, offset: query.offset};
  for (const key of ['id', 'type', 'assignee', 'due']) if (query[key]) args[key] = query[key];
  if (query.mine) args.assignee = me;
  for (const [key, value] of Object.entries(personalSearch)) if (value) args[key] = value;
  if (query.state === 'open') args.open = true;
  else if (query.state) args.state = query.state;
  return args;
}

async function load() {
  const reply = await call('list', listArgs());
  if (!reply.ok) {
    errorBox.textContent = `一覧を取得できませんでした。${errorText(reply.error, reply.status)}`;
    errorBox.append(h('span', {class: 'detail'}, errorDetail(reply.error) || fieldMessageJa(reply.error?.message ?? '')));
    errorBox.hidden = false;
    items = [];
    replace(body);
    document.getElementById('queue-count').textContent = '';
    return;
  }
  errorBox.hidden = true;
  items = reply.result.items;
  renderRows();
  renderCount(reply.result.total);
}

function renderCount(total) {
  const from = total === 0 ? 0 : query.offset + 1;
  const to = Math.min(query.offset + items.length, total);
  document.getElementById('queue-count').textContent = `全 ${formatNumber(total)}件中 ${formatNumber(from)}〜${formatNumber(to)}件を表示`;
  const pages = Math.max(1, Math.ceil(total / query.limit));
  const current = Math.floor(query.offset / query.limit) + 1;
  document.getElementById('queue-page').textContent = `${current} / ${pages}ページ`;
  document.getElementById('queue-prev').disabled = query.offset === 0;
  document.getElementById('queue-next').disabled = query.offset + query.limit >= total;
}

function renderRows() {
  const columns = bulk ? 9 : 8;
  if (items.length === 0) {
    replace(body, h('tr', {}, h('td', {colspan: columns, class: 'empty', 'data-testid': 'queue-empty'}, '該当する案件はありません。')));
    return;
  }
  replace(body, items.map((item) => h('tr', {'data-testid': 'queue-row', 'data-id': item.id, 'data-state': item.state},
    bulk ? h('td', {class: 'check'}, selectBox(item)) : null,
    h('td', {class: 'nowrap'}, h('a', {href: requestHref(item.id), 'data-testid': `row-link-${item.id}`}, item.id)),
    // Masked (山＊＊): the list never carries a full name unless asked for (issue 7).
    h('td', {'data-testid': 'cell-name', title: item.requester?.kana ?? ''}, item.requester?.name ?? ''),
    h('td', {'data-testid': 'cell-type'}, typeText(item)),
    h('td', {'data-testid': 'cell-state'}, h('span', {class: 'state-badge', 'data-state': item.state}, stateText(item))),
    h('td', {'data-testid': 'cell-assignee'}, item.assignee ?? h('span', {class: 'muted'}, '未割当')),
    h('td', {class: 'nowrap', 'data-testid': 'cell-received'}, formatDate(item.received_at)),
    h('td', {class: 'nowrap', 'data-testid': 'cell-due'}, formatDate(item.due_date)),
    h('td', {class: 'nowrap', 'data-testid': 'cell-days-left'}, dueBadge(item)))));
  syncSelectAll();
}

// 案件詳細 of `id`, carrying this list's filters (its address's query) for 一覧へ戻る.
function requestHref(id) {
  const path = `/desk/requests/${encodeURIComponent(id)}`;
  return window.location.search ? `${path}?from=${encodeURIComponent(window.location.search.slice(1))}` : path;
}

// Only a verified request can be assigned (docs/workflow.md: verified --assign--> in_review).
function assignable(item) {
  return item.state === 'verified';
}

function selectBox(item) {
  return h('input', {
    type: 'checkbox', 'data-testid': `select-${item.id}`, 'aria-label': `${item.id} を選択`,
    checked: bulk.isSelected(item.id), disabled: !assignable(item),
    title: assignable(item) ? null : '本人確認済の案件のみ割り当てできます',
    onchange: (e) => { bulk.toggle(item, e.target.checked); syncSelectAll(); },
  });
}

function selectAll(on) {
  for (const item of items.filter(assignable)) bulk.toggle(item, on);
  renderRows();
}

function syncSelectAll() {
  if (!bulk) return;
  const candidates = items.filter(assignable);
  const box = document.getElementById('select-all');
  box.disabled = candidates.length === 0;
  box.checked = candidates.length > 0 && candidates.every((i) => bulk.isSelected(i.id));
}
