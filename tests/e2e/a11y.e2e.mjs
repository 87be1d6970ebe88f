#!/usr/bin/env node
// The desk's details for a day's work (issue 18, "Details"), in headless
// Chromium on the real engine and letter worker:
// - axe-core (tests/e2e/axe.mjs) finds no violation on any screen: sign-in,
//   受付, 一覧, 案件詳細 with each of its event dialogs open in turn (as a clerk,
//   a reviewer and a manager), 管理, 受付・処理簿, 保存期間, the provision ledger;
//   an auditor's 案件詳細 too;
// - focus rings of checkboxes, radios and the navy buttons (the header's
//   too) are drawn at 3:1 or more against what surrounds them; the radio
//   groups of the event dialogs are fieldsets with a legend;
// - an 800 px window shows the whole header (user name and ログアウト) without
//   sideways scrolling;
// - 案件詳細 prints on A4 without navigation, buttons or dialogs, with the
//   record, the history and the letters (Chromium's PDF, read with pdftotext);
// - 関連付けの解除 and 郵送・返戻の記録 are offered only once there is a link or a
//   letter; an auditor without personal-data access is shown no letter PDF
//   link (it would answer 403), a clerk is.
//
//   node tests/e2e/a11y.e2e.mjs --bin BUILD/bin --screens BUILD/screens
//
// Prints PASS/FAIL per step and "N passed, N failed, N skipped"; exit code 0
// only if all passed. Screenshots a11y-*.png go to --screens.

import {execFile, execFileSync} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {promisify} from 'node:util';
import {expectNoAxeViolations} from './axe.mjs';
import {PageWatch, launchChromium} from './browser.mjs';
import {freshTempDir} from './cleanup.mjs';
import {DeskPerson} from './desk-person.mjs';
import {loadPlaywright, parseArgs, runScript, tearDown, watchedSteps} from './e2e-script.mjs';
import {EngineFixture} from './engine-fixture.mjs';
import {expectCount, expectHidden, expectThat, expectUrl, expectVisible, sleep} from './expect.mjs';

const USERS = [
  {name: 'clerk1', role: 'clerk', password: 'kiku-madoguchi-2026'},
  {name: 'reviewer1', role: 'reviewer', password: 'matsu-madoguchi-2026'},
  {name: 'manager1', role: 'manager', password: 'take-madoguchi-2026'},
  {name: 'auditor1', role: 'auditor', password: 'kaede-madoguchi-2026'},
  {name: 'letters1', role: 'worker', kinds: 'letter'},
];
const PASSWORD = Object.fromEntries(USERS.map((u) => [u.name, u.password]));
const HOME = {clerk: '/desk/intake', reviewer: '/desk/queue', manager: '/desk/dashboard', auditor: '/desk/dashboard'};
const EXAMPLES = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..', 'examples', 'requests');
const LETTER_WAIT_MS = 30_000;
const execFileAsync = promisify(execFile);

async function main() {
  const args = parseArgs(process.argv.slice(2), 'a11y.e2e.mjs');
  fs.mkdirSync(args.screens, {recursive: true});
  const started = Date.now();
  let fixture = null;
  let context = null;
  let page = null;
  let watch = null;
  let desk = null;
  let root = null;
  let screens = 0;
  const {steps, step} = watchedSteps(args.screens, 'a11y', () => ({page, fixture, watch}));
  const shot = async (name) => {
    await page.evaluate(() => document.fonts.ready);
    await page.screenshot({path: path.join(args.screens, `a11y-${name}.png`)});
  };
  let axeMs = 0;
  const axe = async (where) => {
    const t0 = Date.now();
    screens = await expectNoAxeViolations(page, where);
    axeMs += Date.now() - t0;
  };

  // The command-line client as `user` (its key file from `user add`); answers its output.
  const cli = async (user, cliArgs) => {
    try {
      const {stdout} = await execFileAsync(path.join(args.bin, 'madoguchi'),
        [...cliArgs, '--key', path.join(fixture.data, 'keys', `${user}.key`)], {encoding: 'utf8', timeout: 30_000});
      return stdout;
    } catch (e) {
      throw new Error(`madoguchi ${cliArgs.join(' ')} as ${user} failed (${e.code ?? e.signal}):\n${e.stdout ?? ''}${e.stderr ?? ''}`);
    }
  };
  const intake = async (example) => (await cli('clerk1', ['intake', path.join(EXAMPLES, example)])).match(/R\d{4}-\d{6}(?=\s*$)/)[0];

  // 案件詳細 of `id`, then each event dialog in turn: opened, checked by axe,
  // closed. A dialog already checked for another role is not opened again
  // (the same form). Answers every event offered.
  const dialogsChecked = new Set();
  const everyDialog = async (id, who) => {
    await desk.goto(`/desk/requests/${id}`);
    await desk.waitForRequest(id);
    await axe(`案件詳細 ${id} as ${who}`);
    const events = await page.locator('#actions [data-testid^="event-"]').evaluateAll(
      (buttons) => buttons.map((b) => b.dataset.testid.slice('event-'.length)));
    for (const event of events.filter((e) => !dialogsChecked.has(e))) {
      dialogsChecked.add(event);
      const dialog = await desk.openEvent(event);
      await axe(`the ${event} dialog on ${id} as ${who}`);
      // Every radio of a dialog sits in a fieldset whose legend names the group.
      const loose = await dialog.locator('input[type=radio]').evaluateAll((radios) => radios
        .filter((r) => !r.closest('fieldset')?.querySelector(':scope > legend')?.textContent.trim())
        .map((r) => r.dataset.testid ?? r.name));
      expectThat(loose.length === 0, `radios outside a fieldset with a legend in the ${event} dialog: ${loose.join(', ')}`);
      await dialog.getByTestId('event-cancel').click();
      await expectHidden(dialog, `the ${event} dialog after 取消`);
    }
    return events;
  };

  // Each page in an 800×600 window: the header's user name and ログアウト inside
  // it, and neither the header nor the page wider than the window.
  const narrow = async (pages) => {
    const wide = page.viewportSize();
    try {
      await page.setViewportSize({width: 800, height: 600});
      for (const [pathname, name, ready] of pages) {
        await desk.goto(pathname);
        await expectVisible(ready, `${pathname} drawn`);
        const fit = await page.evaluate(() => {
          const box = (id) => document.querySelector(`[data-testid="${id}"]`)?.getBoundingClientRect();
          const header = document.getElementById('app-header');
          return {
            page: document.documentElement.scrollWidth, view: document.documentElement.clientWidth,
            header: header.scrollWidth, headerBox: header.getBoundingClientRect().width,
            user: box('header-user')?.right ?? null, logout: box('logout')?.right ?? null,
          };
        });
        expectThat(fit.user !== null && fit.user <= fit.view && fit.logout !== null && fit.logout <= fit.view,
          `${pathname} at 800 px: the user name ends at ${fit.user} px, ログアウト at ${fit.logout} px, the window is ${fit.view} px`);
        expectThat(fit.header <= fit.view && fit.headerBox <= fit.view,
          `${pathname} at 800 px: the header is ${fit.header} px wide, the window ${fit.view} px`);
        expectThat(fit.page <= fit.view, `${pathname} at 800 px scrolls sideways: ${fit.page} px in a ${fit.view} px window`);
        await shot(`800-${name}`);
      }
    } finally {
      await page.setViewportSize(wide);
    }
  };

  let first = null;   // a disclosure by post: its letters, links, the print
  let second = null;  // a correction, assigned to reviewer1

  try {
    await step('set-up: engine, users, two requests taken in by the command-line client (no letter worker yet), Chromium', async () => {
      const {chromium} = await loadPlaywright();
      root = freshTempDir('mdg-a11y-');
      // Chromium starts while the engine is set up and the requests taken in.
      const profile = path.join(root, 'profile');
      fs.mkdirSync(profile);
      const browser = launchChromium(chromium, profile);
      fixture = new EngineFixture({bin: args.bin, data: path.join(root, 'data')});
      fixture.setUp(USERS);
      const url = await fixture.startEngine();
      first = await intake('01-disclosure-receipts-post.json');
      second = await intake('10-correction-dependent-counter.json');
      await cli('clerk1', ['advance', second, 'verify_identity', '--data',
        JSON.stringify({method: 'counter', documents: [{kind: 'drivers_license', issued: '2022-06-01', of: 'requester'}]})]);
      await cli('manager1', ['advance', second, 'assign', '--data', JSON.stringify({to: 'reviewer1'})]);
      context = await browser;
      context.setDefaultTimeout(15_000);
      page = context.pages()[0] ?? await context.newPage();
      watch = new PageWatch(page);
      desk = new DeskPerson(page, url);
      console.log(`      requests ${first} (disclosure), ${second} (correction, in review)`);
    });

    await step('sign-in page: no axe violation', async () => {
      await desk.goto('/login');
      await expectVisible(desk.byTestId('login-form'), 'the sign-in form');
      await axe('the sign-in page');
      await shot('login');
    });

    await step('clerk: 受付 (disclosure method and agent shown), 第三者提供記録, 一覧: no axe violation', async () => {
      await desk.signIn('clerk1', PASSWORD.clerk1, HOME.clerk);
      await expectVisible(desk.byTestId('category-receipts'), 'the data categories');
      await desk.byTestId('field-type').selectOption('disclosure');
      await expectVisible(desk.byTestId('field-disclosure_method'), '開示の方法');
      await desk.byTestId('field-has_agent').check();
      await axe('受付 (disclosure, with an agent)');
      const loose = await page.locator('#intake-form input[type=radio]').evaluateAll((radios) => radios
        .filter((r) => !r.closest('fieldset')?.querySelector(':scope > legend')?.textContent.trim()).map((r) => r.name));
      expectThat(loose.length === 0, `radios of 受付 outside a fieldset with a legend: ${[...new Set(loose)].join(', ')}`);
      await shot('intake');
      await desk.byTestId('nav-provision').click();
      await expectVisible(desk.byTestId('provision-add'), 'the form to add a provision record');
      await axe('第三者提供記録');
      await desk.byTestId('nav-queue').click();
      await expectVisible(desk.byTestId(`row-link-${first}`), `${first} in 一覧`);
      await axe('一覧 as a clerk');
      await shot('queue');
    });

    await step('案件詳細 without links or letters: no 関連付けの解除, 郵送の記録 or 返戻の記録', async () => {
      await desk.openRequestFromQueue(first);
      await expectVisible(desk.byTestId('letters-empty'), 'no letter yet (the worker is not running)');
      await expectVisible(desk.byTestId('event-link'), '関連付け (always offered)');
      for (const event of ['unlink', 'letter_posted', 'letter_returned']) {
        await expectCount(desk.byTestId(`event-${event}`), (n) => n === 0, `no ${event} button without anything to act on`);
      }
    });

    await step('with a link and a letter: the buttons appear; every dialog of the clerk passes axe, its radios in fieldsets', async () => {
      cli('clerk1', ['advance', first, 'link', '--data', JSON.stringify({to: second, kind: 'related', reason: '同じ方の別の請求'})]);
      fixture.startLetterWorker('letters1');
      const deadline = Date.now() + LETTER_WAIT_MS;
      for (;;) {
        await desk.goto(`/desk/requests/${first}`);
        await desk.waitForRequest(first);
        if (await page.locator('[data-testid="letter-row"]').count() > 0) break;
        if (Date.now() > deadline) throw new Error(`no letter for ${first} after ${LETTER_WAIT_MS / 1000} s`);
        await sleep(500);
      }
      await expectVisible(desk.byTestId('letter-pdf-1'), 'the clerk\'s PDF link');
      const events = await everyDialog(first, 'clerk1');
      for (const event of ['unlink', 'letter_posted', 'letter_returned']) {
        expectThat(events.includes(event), `no ${event} button with a link and a letter (buttons: ${events.join(', ')})`);
      }
      console.log(`      clerk's dialogs: ${events.join(', ')}`);
      await shot('request-clerk');
    });

    await step('focus rings: a checkbox, a radio, a navy button and ログアウト on the navy header, each at 3:1 or more', async () => {
      const rings = [];
      const ring = async (locator, what) => {
        await locator.focus();
        await page.keyboard.press('Shift+Tab');
        await page.keyboard.press('Tab');
        const r = await locator.evaluate((el) => {
          const parse = (c) => (c.match(/[\d.]+/g) ?? []).map(Number);
          const lum = ([r, g, b]) => {
            const f = (v) => { const s = v / 255; return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4; };
            return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
          };
          const contrast = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
          // What the ring is drawn on: the first opaque background around the element.
          let node = el.parentElement;
          let bg = [255, 255, 255];
          while (node) {
            const c = parse(getComputedStyle(node).backgroundColor);
            if (c.length >= 3 && (c.length < 4 || c[3] === 1)) { bg = c.slice(0, 3); break; }
            node = node.parentElement;
          }
          const s = getComputedStyle(el);
          const color = parse(s.outlineColor).slice(0, 3);
          const own = parse(s.backgroundColor);
          return {
            focusVisible: el.matches(':focus-visible'), style: s.outlineStyle, width: parseFloat(s.outlineWidth),
            offset: parseFloat(s.outlineOffset), color: s.outlineColor,
            onBackground: contrast(color, bg),
            onElement: own.length >= 3 && (own.length < 4 || own[3] === 1) ? contrast(color, own.slice(0, 3)) : null,
          };
        });
        rings.push(`${what}: ${r.width}px ${r.style} ${r.color}, ${r.onBackground.toFixed(2)}:1 on its background` +
          (r.onElement ? `, ${r.onElement.toFixed(2)}:1 on itself` : ''));
        expectThat(r.focusVisible, `${what} is not :focus-visible after Tab`);
        expectThat(r.style !== 'none' && r.width >= 2, `${what}: focus ring ${r.width}px ${r.style}, not a 2 px ring or more`);
        expectThat(r.onBackground >= 3, `${what}: focus ring ${r.color} at ${r.onBackground.toFixed(2)}:1 on its background, below 3:1`);
        // On a navy button the ring stands off the button (outline-offset), or contrasts with it.
        expectThat(r.offset >= 2 || r.onElement === null || r.onElement >= 3,
          `${what}: focus ring ${r.color} touches the button at ${r.onElement?.toFixed(2)}:1`);
      };
      const dialog = await desk.openEvent('letter_posted');
      await ring(dialog.locator('input[type=radio]').first(), 'a radio in the letter_posted dialog');
      await ring(dialog.getByTestId('event-submit'), 'the dialog\'s navy submit button');
      await dialog.getByTestId('event-cancel').click();
      await expectHidden(dialog, 'the letter_posted dialog after 取消');
      await ring(page.locator('#actions .button:not(.secondary):not(.danger)').first(), 'a navy event button');
      await ring(desk.byTestId('logout'), 'ログアウト on the navy header');
      await desk.byTestId('nav-intake').click();
      await expectVisible(desk.byTestId('category-receipts'), 'the data categories');
      await ring(desk.byTestId('category-receipts'), 'a category checkbox of 受付');
      for (const line of rings) console.log(`      ${line}`);
    });

    await step('an 800 px window shows the clerk\'s whole header (user name, ログアウト) and pages without sideways scrolling', async () => {
      await narrow([
        [`/desk/requests/${first}`, 'request', desk.byTestId('actions')],
        ['/desk/queue', 'queue', desk.byTestId(`row-link-${first}`)],
        ['/desk/intake', 'intake', desk.byTestId('category-receipts')],
      ]);
    });

    await step('案件詳細 prints on A4: the record, history and letters, without navigation, buttons or dialogs', async () => {
      await desk.goto(`/desk/requests/${first}`);
      await desk.waitForRequest(first);
      await page.emulateMedia({media: 'print'});
      try {
        const hidden = await page.evaluate(() => ['#app-header', '#actions', '[data-testid="back-to-queue"]', '[data-testid="letter-pdf-1"]']
          .filter((s) => { const el = document.querySelector(s); return el && getComputedStyle(el).display !== 'none' && el.getClientRects().length > 0; }));
        expectThat(hidden.length === 0, `shown in print: ${hidden.join(', ')}`);
        const file = path.join(args.screens, 'a11y-print.pdf');
        // The page's own @page rule decides the paper (preferCSSPageSize); Letter otherwise.
        await page.pdf({path: file, format: 'Letter', preferCSSPageSize: true});
        const text = execFileSync('pdftotext', ['-layout', file, '-'], {encoding: 'utf8'});
        const info = execFileSync('pdfinfo', [file], {encoding: 'utf8'});
        expectThat(/Page size:.*\(A4\)/.test(info), `the print is not on A4: ${info.match(/Page size:.*/)?.[0]}`);
        for (const must of [first.slice(1), '請求の内容', '履歴', '通知書', '受付', '佐藤', '関連する請求']) {
          expectThat(text.includes(must), `the printed 案件詳細 lacks ${must}:\n${text.slice(0, 1500)}`);
        }
        for (const never of ['ログアウト', '一覧へ戻る', 'PDFをダウンロード', '個人情報の開示等請求 受付管理']) {
          expectThat(!text.includes(never), `the printed 案件詳細 shows ${never}`);
        }
        const pages = Number(info.match(/Pages:\s+(\d+)/)?.[1]);
        console.log(`      print: ${pages} A4 page(s), ${fs.statSync(file).size} bytes`);
      } finally {
        await page.emulateMedia({media: null});
      }
    });

    await step('reviewer: 一覧 and the assigned correction with each dialog (the decision\'s items as radio groups)', async () => {
      await desk.signOut();
      await desk.signIn('reviewer1', PASSWORD.reviewer1, HOME.reviewer);
      await expectVisible(desk.byTestId(`row-link-${second}`), `${second} in 一覧`);
      await axe('一覧 as a reviewer');
      const events = await everyDialog(second, 'reviewer1');
      expectThat(events.includes('decide'), `no decide for the assigned reviewer (buttons: ${events.join(', ')})`);
      expectThat(!events.includes('letter_posted'), 'a reviewer is offered letter_posted');
      const dialog = await desk.openEvent('decide');
      await dialog.getByTestId('event-field-outcome-partial').check();
      await expectVisible(dialog.getByTestId('event-field-items[0].corrected-no'), 'the first item\'s 訂正しない');
      await dialog.getByTestId('event-field-items[0].corrected-no').check();
      await axe('the decide dialog of a correction with an item refused');
      await shot('decide');
      // Something was chosen: 取消 asks before throwing it away (the question passes axe too).
      await dialog.getByTestId('event-cancel').click();
      await expectVisible(desk.byTestId('discard-confirm'), 'the question before the choices are thrown away');
      await axe('the question before a typed dialog is discarded');
      await desk.byTestId('discard-yes').click();
      await expectHidden(dialog, 'the decide dialog after 破棄する');
    });

    await step('manager: 管理, 受付・処理簿, 保存期間, 第三者提供記録, and the request with each of the manager\'s dialogs', async () => {
      await desk.signOut();
      await desk.signIn('manager1', PASSWORD.manager1, HOME.manager);
      await expectVisible(desk.byTestId('overdue-count'), '管理\'s overdue count');
      await axe('管理');
      await shot('dashboard');
      await desk.byTestId('nav-report').click();
      await expectVisible(desk.byTestId('report-total-count'), 'the year\'s count');
      await axe('受付・処理簿');
      await desk.byTestId('nav-retention').click();
      await expectVisible(desk.byTestId('retention-count'), 'the retention count');
      await axe('保存期間');
      await desk.byTestId('nav-provision').click();
      await expectVisible(desk.byTestId('provision-add'), 'the provision form');
      await axe('第三者提供記録 as a manager');
      const events = await everyDialog(first, 'manager1');
      console.log(`      manager's dialogs: ${events.join(', ')}`);
      // The longest header: five pages' links.
      await narrow([['/desk/dashboard', 'dashboard', desk.byTestId('overdue-count')],
                    ['/desk/report', 'report', desk.byTestId('report-total-count')]]);
    });

    await step('auditor (no personal-data access): the letters listed without PDF links; 管理, 案件詳細 and 一覧 pass axe (no request for the users list it may not have)', async () => {
      await desk.signOut();
      await desk.signIn('auditor1', PASSWORD.auditor1, HOME.auditor);
      await axe('管理 as an auditor');
      await desk.goto(`/desk/requests/${first}`);
      await desk.waitForRequest(first);
      await expectCount(desk.byTestId('letter-row'), (n) => n >= 1, 'the letters listed to the auditor');
      await expectCount(page.locator('[data-testid^="letter-pdf-"]'), (n) => n === 0, 'no PDF link (it would answer 403)');
      await expectVisible(desk.byTestId('letters-pdf-withheld'), 'why there is no PDF link');
      await axe(`案件詳細 ${first} as an auditor`);
      await desk.byTestId('letters-pdf-withheld').scrollIntoViewIfNeeded();
      await shot('request-auditor');
      await desk.byTestId('nav-queue').click();
      await expectUrl(page, /^\/desk\/queue$/, '一覧');
      await expectVisible(desk.byTestId(`row-link-${first}`), `${first} in 一覧`);
      await axe('一覧 as an auditor');
      console.log(`      axe-core: ${screens} screens and dialogs, no violation (${(axeMs / 1000).toFixed(1)} s in axe)`);
    });
  } finally {
    await tearDown(steps, context, async () => fixture?.stop());
  }
  console.log(`time: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  console.log(steps.summary());
  return steps.ok ? 0 : 1;
}

runScript(main);
