#!/usr/bin/env node
// 管理 for a manager's day (issue 18, "Managers") in headless Chromium on the
// real engine: two requests are brought to where a manager must act (one
// decision waiting for approval, past its due date; one verified request
// nobody is assigned to) through the JSON API with the clerk's and the
// reviewer's bearer tokens; then in the browser the manager lands on 管理 and
// sees, on the first screen at 1366x768 without scrolling, both counts and
// lists, each reviewer's load, and the late request with who holds it and the
// step it waits for; opens the decision from the list, reads the decision and
// the letter it will produce in the 承認 dialog, and approves; the reviewer's
// 回答の送付 dialog shows the letter before it is issued.
//
//   node tests/e2e/manager.e2e.mjs --bin BUILD/bin --screens BUILD/screens
//
// Prints PASS/FAIL per step and "N passed, N failed, N skipped"; exit code 0
// only if all passed. Screenshots manager-*.png go to --screens.

import fs from 'node:fs';
import path from 'node:path';
import {PageWatch, launchChromium} from './browser.mjs';
import {freshTempDir} from './cleanup.mjs';
import {DeskPerson} from './desk-person.mjs';
import {loadPlaywright, parseArgs, runScript, tearDown, watchedSteps} from './e2e-script.mjs';
import {EngineFixture} from './engine-fixture.mjs';
import {expectAttribute, expectCount, expectText, expectThat, expectUrl, expectVisible} from './expect.mjs';

const PASSWORD = 'window-desk-madoguchi-2026';
const USERS = [
  {name: 'clerk1', role: 'clerk'},
  {name: 'reviewer1', role: 'reviewer', password: PASSWORD},
  {name: 'manager1', role: 'manager', password: PASSWORD},
];
const DAY_MS = 24 * 60 * 60 * 1000;
const REASON = '調査の結果、登録されている氏名の表記が事実でないとは認められないため';
const ITEM_REASON = '住民票の写しの記載と一致しているため';

// A correction as the examples have it, received `daysAgo` days ago (JST).
function correction(key, daysAgo) {
  const at = new Date(Date.now() - daysAgo * DAY_MS + 9 * 60 * 60 * 1000).toISOString().slice(0, 19);
  return {
    type: 'correction', channel: 'counter', idempotency_key: key, received_at: `${at}+09:00`,
    requester: {name: '髙橋 和也', kana: 'タカハシ カズヤ', birth_date: '1990-04-09', insured_symbol: '3105',
      insured_number: '1184', postal_code: '980-0811', address: '宮城県仙台市青葉区一番町4丁目1番25号', phone: '090-0000-3302'},
    categories: ['qualification'],
    free_text: '登録の氏名の字を訂正してください。',
    correction_items: [{item: '被保険者の氏名', current: '高橋 和也', requested: '髙橋 和也'}],
  };
}

async function main() {
  const args = parseArgs(process.argv.slice(2), 'manager.e2e.mjs');
  fs.mkdirSync(args.screens, {recursive: true});
  let fixture = null;
  let context = null;
  let page = null;
  let watch = null;
  let desk = null;
  const tokens = {};
  const ids = {};
  const {steps, step} = watchedSteps(args.screens, 'manager', () => ({page, fixture, watch}));
  const shot = (name) => page.screenshot({path: path.join(args.screens, name)});
  // A command as a script sends it (Authorization: Bearer); the result, or a thrown error.
  const api = async (user, command, body) => {
    const res = await fetch(`${fixture.url}/api/${command}`, {
      method: 'POST',
      headers: {'Content-Type': 'application/json', Authorization: `Bearer ${tokens[user]}`},
      body: JSON.stringify(body),
    });
    const reply = await res.json();
    if (!reply.ok) throw new Error(`${user} ${command}: ${res.status} ${JSON.stringify(reply.error)}`);
    return reply.result;
  };
  const advance = async (user, id, event, data) => {
    const {version} = await api(user, 'show', {id});
    return api(user, 'advance', {id, event, version, data});
  };

  try {
    await step('set-up: engine, clerk1 and reviewer1 with tokens, manager1, Chromium', async () => {
      const {chromium} = await loadPlaywright();
      const root = freshTempDir('mdg-manager-');
      fixture = new EngineFixture({bin: args.bin, data: path.join(root, 'data')});
      fixture.setUp(USERS);
      for (const user of ['clerk1', 'reviewer1']) {
        tokens[user] = fixture.engineCli(['user', 'token', user, '--data', fixture.data]).trim();
      }
      await fixture.startEngine();
      const profile = path.join(root, 'profile');
      fs.mkdirSync(profile);
      context = await launchChromium(chromium, profile);
      context.setDefaultTimeout(15_000);
      page = context.pages()[0] ?? await context.newPage();
      watch = new PageWatch(page);
      desk = new DeskPerson(page, fixture.url);
    });

    await step('the API brings one late decision to approval and one request to assignment', async () => {
      const verify = {method: 'counter', documents: [{kind: 'passport', issued: '2022-05-01'}]};
      ids.late = (await api('clerk1', 'intake', {record: correction('mgr-late', 40)})).id;
      await advance('clerk1', ids.late, 'verify_identity', verify);
      await advance('reviewer1', ids.late, 'assign', {to: 'reviewer1'});
      const decided = await advance('reviewer1', ids.late, 'decide', {
        outcome: 'refused', grounds: ['not_untrue'], reason: REASON,
        items: [{n: 1, corrected: false, reason: ITEM_REASON}],
      });
      expectThat(decided.state === 'pending_approval', `the refusal went to ${decided.state}, not pending_approval`);
      ids.toAssign = (await api('clerk1', 'intake', {record: correction('mgr-assign', 1)})).id;
      await advance('clerk1', ids.toAssign, 'verify_identity', verify);
      console.log(`      to approve: ${ids.late} (received 40 days ago); to assign: ${ids.toAssign}`);
    });

    await step('管理: approvals, requests to assign and each reviewer\'s load on the first screen', async () => {
      await desk.signIn('manager1', PASSWORD, '/desk/dashboard');
      await expectText(desk.byTestId('pending-approval-count'), '1', '承認待ち count');
      await expectText(desk.byTestId('awaiting-assignment-count'), '1', '割当待ち count');
      const pending = desk.byTestId('pending-approval-list').locator(`[data-testid="todo-row"][data-id="${ids.late}"]`);
      await expectVisible(pending, `${ids.late} in 承認待ち`);
      await expectText(pending, /訂正等を行わない/, 'the decision\'s outcome in the list');
      await expectText(pending, /超過 \d+日/, 'its days past the due date');
      await expectVisible(desk.byTestId('awaiting-assignment-list').locator(`[data-testid="todo-row"][data-id="${ids.toAssign}"]`),
        `${ids.toAssign} in 割当待ち`);
      const load = page.locator('[data-testid="workload-row"][data-assignee="reviewer1"]');
      await expectText(load.getByTestId('workload-open'), '1', 'reviewer1 holds one open request');
      await expectText(load.getByTestId('workload-overdue'), '1', 'reviewer1 holds one overdue request');
      const late = page.locator(`[data-testid="dashboard-row"][data-id="${ids.late}"]`);
      await expectText(late.getByTestId('overdue-holder'), 'reviewer1', 'who holds the late request');
      await expectText(late.getByTestId('overdue-step'), /承認待ち（管理者）/, 'the step it is blocked at, and whose');
      await expectAttribute(late.getByTestId('overdue-step'), 'data-step', 'approval', 'the step\'s code');
      // The first screen, without scrolling: both lists and the load end above 768 px.
      for (const testid of ['todo-pending-approval', 'todo-awaiting-assignment', 'workload-table']) {
        const box = await desk.byTestId(testid).boundingBox();
        expectThat(box && box.y + box.height <= 768, `${testid} ends at ${box && Math.round(box.y + box.height)} px, below the first screen (768)`);
      }
      const scrolled = await page.evaluate(() => window.scrollY);
      expectThat(scrolled === 0, `the page opened scrolled to ${scrolled}`);
      await shot('manager-dashboard-first-screen.png');
      await page.setViewportSize({width: 800, height: 768});
      await shot('manager-dashboard-800.png');
      await page.setViewportSize({width: 1366, height: 768});
    });

    await step('承認: the dialog shows the decision and the letter it will produce; approved', async () => {
      await desk.byTestId('pending-approval-list').getByTestId(`row-link-${ids.late}`).click();
      await desk.waitForRequest(ids.late);
      const dialog = await desk.openEvent('approve');
      const summary = dialog.getByTestId('decision-summary');
      await expectText(summary.getByTestId('decision-outcome'), '訂正等を行わない', 'the outcome being approved');
      await expectText(summary.getByTestId('decision-grounds'), /事実でないとは認められない/, 'the grounds, in words');
      await expectText(summary.getByTestId('decision-reason'), REASON, 'the reason the letter prints');
      await expectText(summary.getByTestId('decision-item').first(), `被保険者の氏名：訂正しない（理由：${ITEM_REASON}）`, 'the item decided');
      await expectText(summary.getByTestId('decision-by'), /^reviewer1/, 'who decided');
      const letter = dialog.getByTestId('letter-preview-text');
      await expectAttribute(letter, 'data-kind', 'correction_decision', 'the letter approve leads to');
      await expectText(letter, new RegExp(`${ids.late.slice(1)}[\\s\\S]*${REASON.slice(0, 12)}`), 'the letter with the id and the reason');
      await expectText(dialog.getByTestId('letter-preview-title'), /訂正等決定通知書/, 'the letter\'s title');
      await expectCount(dialog.getByTestId('event-preview'), (n) => n === 0, 'no second preview button');
      await shot('manager-approve-dialog.png');
      await desk.submitEvent('approve', 'decided');
    });

    await step('回答の送付: the reviewer sees the letter before it is issued', async () => {
      await desk.signOut();
      await desk.signIn('reviewer1', PASSWORD, '/desk/queue');
      await desk.goto(`/desk/requests/${ids.late}`);
      await desk.waitForRequest(ids.late);
      const dialog = await desk.openEvent('respond');
      const letter = dialog.getByTestId('letter-preview-text');
      await expectAttribute(letter, 'data-kind', 'correction_decision', 'the decision letter respond issues');
      await expectText(letter, /訂正等を行わない|訂正等を行わないこと/, 'the decision in the letter');
      await shot('manager-respond-dialog.png');
      await dialog.getByTestId('event-cancel').click();
      await expectUrl(page, new RegExp(`^/desk/requests/${ids.late}$`), 'still on the request');
    });
  } finally {
    await tearDown(steps, context, async () => fixture?.stop());
  }
  console.log(steps.summary());
  return steps.ok ? 0 : 1;
}

runScript(main);
