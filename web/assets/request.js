// 案件詳細 (web/request.html, /desk/requests/{id}): one request through
// POST /api/show {"id"} — its state, due date and why, the record (and the
// personal fields for the roles that may see them), the whole history, the
// letters, and a button for each event the signed-in user may fire now
// (result.allowed_events), each opening its form (event-form.js).
// The id is the last part of the address (?id= also works).
//
// data-testid:
//   request-id, request-type, request-state (data-state), request-assignee, request-outcome,
//   request-version, back-to-queue, request-error
//   actions, event-{event} (one button per allowed event, e.g. event-decide, event-verify_identity),
//   no-actions
//   deadline: see deadline-view.js; record and people: record-view.js;
//   history: history-view.js; letters: letters-view.js; event forms: event-form.js
//   access-log-panel (managers and auditors only): access-log-view.js

import {accessLogView, ACCESS_LOG_ROLES} from './access-log-view.js';
import {call} from './api.js';
import {h, replace} from './dom.js';
import {deadlineView} from './deadline-view.js';
import {hasForm, openEventForm} from './event-form.js';
import {stateText, typeText} from './format.js';
import {startPage} from './header.js';
import {historyTable} from './history-view.js';
import {EVENTS, label, outcomeLabel} from './labels.js';
import {lettersView} from './letters-view.js';
import {categories, categoryNames} from './lookups.js';
import {errorDetail, errorText} from './messages.js';
import {personPanels, requestPanel} from './record-view.js';
import {correctionItemsView, postView, relationsView} from './relations-view.js';

const DANGEROUS = ['reject_identity', 'withdraw', 'legal_hold_release'];

main();

// 一覧へ戻る: back to 一覧 with the filters it had (its query, which the row
// link carried here as `from`; queue.js). Only the query goes into the
// address: the link stays on /desk/queue whatever `from` holds.
function backToQueue() {
  const from = new URLSearchParams(window.location.search).get('from');
  const query = from ? new URLSearchParams(from).toString() : '';
  document.getElementById('back-to-queue').href = query ? `/desk/queue?${query}` : '/desk/queue';
}

function requestId() {
  const fromQuery = new URLSearchParams(window.location.search).get('id');
  if (fromQuery) return fromQuery;
  const parts = window.location.pathname.split('/').filter(Boolean);
  return decodeURIComponent(parts[parts.length - 1] ?? '');
}

async function main() {
  const session = await startPage('request');
  if (!session) return;
  backToQueue();
  const id = requestId();
  const [reply, cats] = await Promise.all([call('show', {id}), categories()]);
  document.getElementById('request-loading').hidden = true;
  if (!reply.ok) {
    const box = document.getElementById('request-error');
    replace(box, h('p', {}, reply.status === 404 ? `受付番号 ${id} の案件は見つかりません。` : `案件を表示できません。${errorText(reply.error, reply.status)}`),
      h('span', {class: 'detail'}, errorDetail(reply.error)));
    box.hidden = false;
    return;
  }
  await render(reply.result, session, categoryNames(cats));
}

// The page drawn from show's result; again when an event dialog read the
// request anew after someone changed it (event-form.js, ctx.refresh).
async function render(detail, session, names) {
  document.title = `${detail.id} — 案件詳細 — 窓口`;
  renderHead(detail);
  replace(document.getElementById('deadline'), deadlineView(detail));
  renderActions(detail, session, (fresh) => render(fresh, session, names));
  replace(document.getElementById('record'), requestPanel(detail, names));
  const people = personPanels(detail);
  replace(document.getElementById('requester'), people.requester);
  document.getElementById('agent-panel').hidden = !people.agent;
  if (people.agent) replace(document.getElementById('agent'), people.agent);
  const correction = correctionItemsView(detail);
  document.getElementById('correction-panel').hidden = !correction;
  if (correction) replace(document.getElementById('correction'), correction);
  replace(document.getElementById('links'), relationsView(detail));
  replace(document.getElementById('post'), postView(detail));
  replace(document.getElementById('history'), historyTable(detail.history ?? [], {type: detail.type, categoryNames: names, disposed: Boolean(detail.retention?.disposed_at)}));
  document.getElementById('request').hidden = false;
  replace(document.getElementById('letters'), await lettersView(detail.id));
  if (ACCESS_LOG_ROLES.includes(session.role)) {
    document.getElementById('access-log-panel').hidden = false;
    // The log is appended by the engine's writer about every 0.1 s, so this
    // page's own showing may appear only on the next visit.
    replace(document.getElementById('access-log'), await accessLogView(detail.id));
  }
}

function renderHead(detail) {
  document.getElementById('request-id').textContent = detail.id;
  document.getElementById('request-type').textContent = typeText(detail);
  const state = document.getElementById('request-state');
  state.textContent = stateText(detail);
  state.dataset.state = detail.state;
  document.getElementById('request-assignee').textContent = detail.assignee ?? '未割当';
  document.getElementById('request-version').textContent = String(detail.version);
  // Drawn again after a change (a decision returned): the outcome hidden when there is none.
  document.getElementById('request-outcome-wrap').hidden = !detail.outcome;
  if (detail.outcome) {
    document.getElementById('request-outcome').textContent = outcomeLabel(detail.outcome, detail.type);
    document.getElementById('request-outcome-label').textContent = detail.state === 'pending_approval' ? '決定（承認待ち）' : '結果';
  }
}

function renderActions(detail, session, refresh) {
  const box = document.getElementById('actions');
  const events = (detail.allowed_events ?? []).filter(hasForm);
  if (events.length === 0) {
    replace(box, h('p', {class: 'muted', 'data-testid': 'no-actions'}, 'この案件で現在あなたが行える操作はありません。'));
    return;
  }
  replace(box, events.map((event) => h('button', {
    type: 'button',
    class: `button${DANGEROUS.includes(event) ? ' danger' : event === 'note' ? ' secondary' : ''}`,
    'data-testid': `event-${event}`,
    onclick: () => openEventForm(event, {detail, session, refresh}),
  }, label(EVENTS, event))));
}
