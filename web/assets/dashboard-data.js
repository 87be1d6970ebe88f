// The management page's figures: POST /api/dashboard
// {"soon_business_days": N, "weeks": W} (schemas/api/dashboard.reply.schema.json).
// While an engine does not know that command yet (unknown_command), the
// figures stats and overdue give are used instead, marked `partial`: no
// weekly counts, ages, workload or days to respond.
//
// Answers {ok, result, partial} or {ok: false, error, status}.

import {call} from './api.js';

export async function loadDashboard(soonBusinessDays, weeks) {
  const reply = await call('dashboard', {soon_business_days: soonBusinessDays, weeks});
  if (reply.ok || reply.error?.code !== 'unknown_command') return {...reply, partial: false};
  return fromStatsAndOverdue(soonBusinessDays);
}

async function fromStatsAndOverdue(soonBusinessDays) {
  const [stats, overdue] = await Promise.all([call('stats', {}), call('overdue', {days: soonBusinessDays})]);
  if (!stats.ok) return stats;
  const o = overdue.ok ? overdue.result : {overdue: [], due_soon: []};
  return {
    ok: true,
    partial: true,
    result: {
      today: o.today,
      soon_until: o.due_soon_until,
      overdue: o.overdue,
      overdue_total: overdue.ok ? o.overdue.length : stats.result.overdue,
      due_soon: o.due_soon,
      due_soon_total: overdue.ok ? o.due_soon.length : stats.result.due_soon,
      counts: {...stats.result, due_soon: overdue.ok ? o.due_soon.length : stats.result.due_soon},
      dead_outbox: stats.result.dead_outbox,
      returned_letters: stats.result.returned_letters,
      flagged_duplicates: stats.result.flagged_duplicates,
    },
  };
}
