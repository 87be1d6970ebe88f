// How much time a request has left, as a coloured badge, from a summary's
// days_left (calendar days to the due date, negative when overdue) and
// business_days_left (request_views.cc SummaryJson):
//   ok       green   more than N business days left
//   soon     amber   1–N business days left (N: meta's due_soon_business_days,
//                    the engine's 期限間近, as on 管理)
//   today    red     due today
//   overdue  dark red "超過 N日" (N calendar days past the due date)
//   stopped  grey    the clock is stopped (waiting on the requester)
//   ended    grey    closed or withdrawn: no deadline any more

import {h} from './dom.js';
import {META, OPEN_STATES} from './labels.js';

const SOON = META.due_soon_business_days;

export function dueLevel(item) {
  if (!OPEN_STATES.includes(item.state)) return 'ended';
  if (item.clock_stopped) return 'stopped';
  const business = item.business_days_left ?? item.days_left;
  if (item.days_left < 0 || business < 0) return 'overdue';
  if (item.days_left === 0 || business === 0) return 'today';
  if (business <= SOON) return 'soon';
  return 'ok';
}

export function dueText(item) {
  const level = dueLevel(item);
  const business = item.business_days_left;
  switch (level) {
    case 'ended': return '—';
    case 'stopped': return '停止中';
    case 'overdue': return `超過 ${Math.abs(item.days_left)}日`;
    case 'today': return '本日期限';
    default: return business === undefined || business === null
      ? `あと${item.days_left}日`
      : `あと${item.days_left}日（${business}営業日）`;
  }
}

const TITLES = {
  ok: `残り${SOON}営業日超`,
  soon: `残り1〜${SOON}営業日`,
  today: '本日が回答期限です',
  overdue: '回答期限を過ぎています',
  stopped: '請求者の対応待ちのため期限の計算を停止中（表示の期限は本日再開した場合）',
  ended: '完了・取下げ済み',
};

export function dueBadge(item, testid = null) {
  const level = dueLevel(item);
  return h('span', {class: `due-badge due-${level}`, 'data-level': level, title: TITLES[level], 'data-testid': testid}, dueText(item));
}
