#!/usr/bin/env node
// 受付・処理簿 (/desk/report; issue 18, "The ledger") in headless Chromium on
// the real engine: two disclosures received on each side of 1 April (the
// last 31 March and 1 April that have passed), both decided in part, one
// approved and one still 承認待ち. The manager's ledger opens on the fiscal
// year (年度) and switches to the calendar year; the totals and the list
// follow the choice; dates are in the Japanese era (令和8年4月1日); the decision
// awaiting approval is 承認待ち, not 一部開示, and is not counted as decided;
// the approved one says 一部開示 as its letter does; the table grows with the
// page (its container has no fixed height and no overflow: the page scrolls).
//
//   node tests/e2e/ledger.e2e.mjs --bin BUILD/bin --screens BUILD/screens
//
// The requests are set up through the desk's own /api (api.js, as the pages
// call it), not typed: what is tested is the ledger. Prints PASS/FAIL per
// step and "N passed, N failed, N skipped"; exit code 0 only if all passed.
// Screenshots ledger-*.png go to --screens.

import fs from 'node:fs';
import path from 'node:path';
import {PageWatch, launchChromium} from './browser.mjs';
import {freshTempDir} from './cleanup.mjs';
import {DeskPerson} from './desk-person.mjs';
import {loadPlaywright, parseArgs, runScript, tearDown, watchedSteps} from './e2e-script.mjs';
import {EngineFixture} from './engine-fixture.mjs';
import {expectCount, expectText, expectThat, expectValue} from './expect.mjs';

const PASSWORD = 'window-desk-madoguchi-2026';
const USERS = [
  {name: 'clerk1', role: 'clerk', password: PASSWORD},
  {name: 'reviewer1', role: 'reviewer', password: PASSWORD},
  {name: 'manager1', role: 'manager', password: PASSWORD},
];
const HOME = {clerk1: '/desk/intake', reviewer1: '/desk/queue', manager1: '/desk/dashboard'};

// The last 1 April that has passed (JST) and the day before it.
function boundary() {
  const today = new Date(Date.now() + 9 * 3600 * 1000).toISOString().slice(0, 10);
  const year = Number(today.slice(0, 4)) - (today.slice(5) < '04-01' ? 1 : 0);
  return {year, march: `${year}-03-31`, april: `${year}-04-01`};
}

function record(key, receivedAt) {
  return {
    type: 'disclosure',
    requester: {name: '山田 花子', kana: 'ヤマダ ハナコ', birth_date: '1980-04-12', insured_symbol: '1234',
      insured_number: '56789', postal_code: '104-0031', address: '東京都中央区京橋1-1-1', phone: '03-1234-5678'},
    categories: ['qualification'], channel: 'counter', disclosure_method: 'paper', received_at: receivedAt,
    idempotency_key: key,
  };
}

async function main() {
  const args = parseArgs(process.argv.slice(2), 'ledger.e2e.mjs');
  fs.mkdirSync(args.screens, {recursive: true});
  let fixture = null;
  let context = null;
  let page = null;
  let watch = null;
  let desk = null;
  const {steps, step} = watchedSteps(args.screens, 'ledger', () => ({page, fixture, watch}));

  // A command through the desk's api.js as the signed-in user; its result.
  const api = async (command, commandArgs) => {
    const reply = await page.evaluate(async ([c, a]) => (await import('/assets/api.js')).call(c, a), [command, commandArgs]);
    if (!reply.ok) throw new Error(`${command} refused: ${JSON.stringify(reply.error)}`);
    return reply.result;
  };
  const advance = async (id, event, data) => {
    const {version} = await api('show', {id});
    return api('advance', {id, event, version, data});
  };
  const as = async (user, body) => {
    await desk.signIn(user, PASSWORD, HOME[user]);
    await body();
    await desk.signOut();
  };

  const {year, march, april} = boundary();
  const ids = {};
  try {
    await step('set-up: engine, clerk1, reviewer1 and manager1, Chromium; two disclosures either side of 1 April', async () => {
      const {chromium} = await loadPlaywright();
      const root = freshTempDir('mdg-ledger-');
      fixture = new EngineFixture({bin: args.bin, data: path.join(root, 'data')});
      fixture.setUp(USERS);
      const url = await fixture.startEngine();
      const profile = path.join(root, 'profile');
      fs.mkdirSync(profile);
      context = await launchChromium(chromium, profile);
      context.setDefaultTimeout(15_000);
      page = context.pages()[0] ?? await context.newPage();
      watch = new PageWatch(page);
      desk = new DeskPerson(page, url);
      const passport = {method: 'counter', documents: [{kind: 'passport', issued: '2022-05-01'}]};
      await as('clerk1', async () => {
        ids.march = (await api('intake', {record: record('ledger-e2e-march', `${march}T23:30:00+09:00`)})).id;
        ids.april = (await api('intake', {record: record('ledger-e2e-april', `${april}T00:10:00+09:00`)})).id;
        for (const id of [ids.march, ids.april]) await advance(id, 'verify_identity', passport);
      });
      await as('manager1', async () => {
        for (const id of [ids.march, ids.april]) await advance(id, 'assign', {to: 'reviewer1'});
      });
      await as('reviewer1', async () => {
        for (const id of [ids.march, ids.april]) {
          await advance(id, 'decide', {outcome: 'partial', grounds: ['harm'], reason: '第三者の情報が含まれる部分があるため。'});
        }
      });
      await desk.signIn('manager1', PASSWORD, HOME.manager1);
      await advance(ids.april, 'approve', {});
    });

    await step('the ledger opens on the fiscal year; 令和 dates; 一部開示 once approved', async () => {
      await desk.byTestId('nav-report').click();
      await expectValue(desk.byTestId('report-period'), 'fiscal', 'the fiscal year chosen by default');
      await expectValue(desk.byTestId('report-year'), String(year), `the fiscal year ${year} (the one running)`);
      await expectText(desk.byTestId('report-title'), /^令和\d+年度 開示等請求 受付・処理簿/, 'a 年度 title');
      await expectText(desk.byTestId('report-scope'), /^令和\d+年4月1日〜令和\d+年3月31日/, 'the fiscal year\'s days, in 令和');
      const row = page.locator(`[data-testid="report-row"][data-id="${ids.april}"]`);
      await expectCount(row, (n) => n === 1, 'the request of 1 April in this fiscal year');
      await expectCount(page.locator(`[data-testid="report-row"][data-id="${ids.march}"]`), (n) => n === 0,
        'not the request of 31 March');
      const reiwa = year - 2018;
      await expectText(row.getByTestId('report-received'), `令和${reiwa === 1 ? '元' : reiwa}年4月1日`, 'the day of receipt in 令和');
      await expectText(row.getByTestId('report-outcome'), '一部開示', 'the outcome in the letter\'s words');
      await expectText(desk.byTestId('report-decided'), '1件', 'one decided');
      await expectText(desk.byTestId('report-pending'), '0件', 'none awaiting approval');
      const iso = await page.locator('[data-testid="report-items"]').evaluate((t) => /\d{4}-\d{2}-\d{2}/.test(t.textContent));
      expectThat(!iso, 'no ISO date in the ledger table');
      expectThat(!(await page.locator('main').textContent()).includes('応諾'), 'no 一部応諾 anywhere on the page');
      // The page scrolls, not a box: the table's container has no fixed height and no overflow.
      const box = await page.locator('#report-items').evaluate((e) => {
        const s = getComputedStyle(e);
        return {maxHeight: s.maxHeight, height: e.style.height, overflowY: s.overflowY, overflowX: s.overflowX,
          clipped: e.scrollHeight > e.clientHeight + 1};
      });
      expectThat(box.maxHeight === 'none' && !box.height && box.overflowY === 'visible' && box.overflowX === 'visible' && !box.clipped,
        `the ledger's container is not a scroll box: ${JSON.stringify(box)}`);
      expectThat((await page.getAttribute('[data-testid="report-pdf"]', 'href')) === `/api/report/fy${year}.pdf`,
        'the PDF link is the fiscal year\'s');
      await page.screenshot({path: path.join(args.screens, 'ledger-fiscal.png'), fullPage: true});
    });

    await step('the previous fiscal year: the decision awaiting approval is 承認待ち, not decided', async () => {
      await desk.byTestId('report-year').selectOption(String(year - 1));
      const row = page.locator(`[data-testid="report-row"][data-id="${ids.march}"]`);
      await expectCount(row, (n) => n === 1, 'the request of 31 March');
      await expectText(row.getByTestId('report-outcome'), '承認待ち', 'awaiting approval, not the outcome');
      await expectText(row.getByTestId('report-received'), /^令和\d+年3月31日$/, 'received on 31 March, in 令和');
      await expectText(desk.byTestId('report-decided'), '0件', 'not counted as decided');
      await expectText(desk.byTestId('report-pending'), '1件', 'counted as awaiting approval');
      const outcomes = await page.locator('[data-testid="report-outcome-row"]').evaluateAll(
        (rows) => rows.map((r) => `${r.dataset.outcome}:${r.textContent}`));
      expectThat(outcomes.length === 1 && outcomes[0].startsWith('pending_approval:') && outcomes[0].includes('承認待ち'),
        `the totals by outcome: ${outcomes.join(', ')}`);
      expectThat(new URL(page.url()).search === `?period=fiscal&year=${year - 1}`, `the choice in the address: ${page.url()}`);
    });

    await step('the calendar year holds both, and its totals follow', async () => {
      await desk.byTestId('report-period').selectOption('calendar');
      await desk.byTestId('report-year').selectOption(String(year));
      await expectText(desk.byTestId('report-title'), /^令和\d+年 開示等請求/, 'a calendar year title');
      await expectCount(desk.byTestId('report-row'), (n) => n === 2, 'both requests in the calendar year');
      await expectText(desk.byTestId('report-total-count'), '2', 'two received');
      await expectText(desk.byTestId('report-decided'), '1件', 'one decided');
      await expectText(desk.byTestId('report-pending'), '1件', 'one awaiting approval');
      expectThat((await page.getAttribute('[data-testid="report-csv"]', 'href')) === `/api/report/${year}.csv`,
        'the CSV link is the calendar year\'s');
      await page.screenshot({path: path.join(args.screens, 'ledger-calendar.png'), fullPage: true});
    });
  } finally {
    await tearDown(steps, context, async () => fixture?.stop());
  }
  console.log(steps.summary());
  return steps.ok ? 0 : 1;
}

runScript(main);
