// Assigning several requests to one reviewer at once (the queue, for
// managers): the selection, the bar (reviewer + button) and the report.
// Each selected request gets its own POST /api/advance
// {"id", "event": "assign", "version": the version listed, "data": {"to": reviewer}},
// one after the other; the report says, per request, whether it worked.
//
// data-testid (in queue.html): bulk-bar, bulk-count, bulk-reviewer, bulk-assign, bulk-clear,
//   bulk-results; each report line bulk-result-{id} with data-status="ok" | "failed".

import {call} from './api.js';
import {h, replace} from './dom.js';
import {reviewers} from './lookups.js';
import {errorDetail, errorText} from './messages.js';
import {showToast} from './toast.js';

export class BulkAssign {
  constructor({onChange, onDone}) {
    this.selected = new Map();  // id → version
    this.onChange = onChange;
    this.onDone = onDone;
    this.bar = document.getElementById('bulk-bar');
    this.count = document.getElementById('bulk-count');
    this.reviewer = document.getElementById('bulk-reviewer');
    this.button = document.getElementById('bulk-assign');
    this.results = document.getElementById('bulk-results');
    this.bar.hidden = false;
    this.reviewer.addEventListener('change', () => this.update());
    this.button.addEventListener('click', () => this.run());
    document.getElementById('bulk-clear').addEventListener('click', () => this.clear());
    this.loadReviewers();
    this.update();
  }

  async loadReviewers() {
    const reply = await reviewers();
    if (!reply.ok) {
      replace(this.reviewer, h('option', {value: ''}, '担当者の一覧を取得できません'));
      return;
    }
    replace(this.reviewer, h('option', {value: ''}, '選択してください'),
      reply.result.items.map((u) => h('option', {value: u.name}, u.name)));
  }

  isSelected(id) {
    return this.selected.has(id);
  }

  toggle(item, on) {
    if (on) this.selected.set(item.id, item.version);
    else this.selected.delete(item.id);
    this.update();
  }

  clear() {
    this.selected.clear();
    this.update();
    this.onChange?.();
  }

  update() {
    this.count.textContent = String(this.selected.size);
    this.button.disabled = this.selected.size === 0 || !this.reviewer.value;
  }

  async run() {
    const to = this.reviewer.value;
    if (!to || this.selected.size === 0) return;
    this.button.disabled = true;
    const jobs = [...this.selected.entries()];
    const lines = [];
    replace(this.results, h('p', {}, `${jobs.length}件を ${to} に割り当てています…`));
    this.results.className = 'notice';
    this.results.hidden = false;
    let done = 0;
    for (const [id, version] of jobs) {
      const reply = await call('advance', {id, event: 'assign', version, data: {to}});
      if (reply.ok) {
        done += 1;
        this.selected.delete(id);
        lines.push(h('li', {class: 'ok', 'data-testid': `bulk-result-${id}`, 'data-status': 'ok'}, `${id}：${to} に割り当てました。`));
      } else {
        lines.push(h('li', {class: 'failed', 'data-testid': `bulk-result-${id}`, 'data-status': 'failed'},
          `${id}：割り当てできませんでした。${errorText(reply.error, reply.status)}`,
          h('span', {class: 'detail'}, errorDetail(reply.error))));
      }
    }
    const failed = jobs.length - done;
    this.results.className = `notice ${failed ? (done ? 'warn' : 'error') : 'success'}`;
    const summary = failed
      ? `${jobs.length}件中 ${done}件を割り当て、${failed}件は割り当てできませんでした。`
      : `${done}件を ${to} に割り当てました。`;
    replace(this.results, h('p', {'data-testid': 'bulk-summary'}, summary), h('ul', {class: 'results-list'}, lines));
    showToast(summary);
    this.update();
    this.onDone?.();
  }
}
