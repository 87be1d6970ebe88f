#!/usr/bin/env node
// The provision ledger's page (/desk/provision; issue 17, part 4) in headless
// Chromium on the real engine: a clerk adds a record from the form (its
// bases and record methods from the engine's meta) and sees it listed with
// its retention; a provision under a law is refused saying that it needs no
// record; a CSV file with a bad line imports nothing and names the line; the
// person's records are found by insured number.
//
//   node tests/e2e/provision.e2e.mjs --bin BUILD/bin --screens BUILD/screens
//
// Prints PASS/FAIL per step and "N passed, N failed, N skipped"; exit code 0
// only if all passed. Screenshots provision-*.png go to --screens.

import fs from 'node:fs';
import path from 'node:path';
import {PageWatch, launchChromium} from './browser.mjs';
import {freshTempDir} from './cleanup.mjs';
import {DeskPerson} from './desk-person.mjs';
import {loadPlaywright, parseArgs, runScript, tearDown, watchedSteps} from './e2e-script.mjs';
import {EngineFixture} from './engine-fixture.mjs';
import {expectCount, expectHidden, expectText, expectVisible} from './expect.mjs';

const CLERK = {name: 'clerk1', role: 'clerk', password: 'window-desk-madoguchi-2026'};

async function main() {
  const args = parseArgs(process.argv.slice(2), 'provision.e2e.mjs');
  fs.mkdirSync(args.screens, {recursive: true});
  let fixture = null;
  let context = null;
  let page = null;
  let watch = null;
  let desk = null;
  let root = null;
  const {steps, step} = watchedSteps(args.screens, 'provision', () => ({page, fixture, watch}));

  try {
    await step('set-up: engine, clerk1 with a password, Chromium', async () => {
      const {chromium} = await loadPlaywright();
      root = freshTempDir('mdg-provision-');
      fixture = new EngineFixture({bin: args.bin, data: path.join(root, 'data')});
      fixture.setUp([CLERK]);
      const url = await fixture.startEngine();
      const profile = path.join(root, 'profile');
      fs.mkdirSync(profile);
      context = await launchChromium(chromium, profile);
      context.setDefaultTimeout(15_000);
      page = context.pages()[0] ?? await context.newPage();
      watch = new PageWatch(page);
      desk = new DeskPerson(page, url);
    });

    await step('a clerk adds a record from the form and sees it listed with its retention', async () => {
      await desk.signIn(CLERK.name, CLERK.password, '/desk/intake');
      await desk.byTestId('nav-provision').click();
      await expectVisible(desk.byTestId('provision-add'), 'the form to add a record');
      await expectVisible(desk.byTestId('provision-empty'), 'an empty ledger');
      // The paper's date as written, in 和暦: an impossible one is refused naming the field, then the right one.
      await desk.byTestId('provision-provided-on').fill('平成31年5月1日');
      await desk.byTestId('provision-recipient-name').click();
      await expectText(page.locator('[data-testid="provision-provided-on-western"]'), /平成31年/, 'the era date refused beside the field');
      await desk.byTestId('provision-provided-on').fill('令和8年6月15日');
      await desk.byTestId('provision-recipient-name').click();
      await expectText(page.locator('[data-testid="provision-provided-on-western"]'), /2026年6月15日/, 'the Western date beside the field');
      await desk.byTestId('provision-recipient-name').fill('さくら損害保険株式会社');
      await desk.byTestId('provision-symbol').fill('1234');
      await desk.byTestId('provision-number').fill('56789');
      await desk.byTestId('provision-person-name').fill('山田 花子');
      await desk.byTestId('provision-items-text').fill('氏名・生年月日');
      await desk.byTestId('provision-basis').selectOption('consent');
      await desk.byTestId('provision-method').selectOption('each');
      await desk.byTestId('provision-add-submit').click();
      await expectText(desk.byTestId('provision-done'), /保存期限 令和11年6月14日/, 'the record\'s retention');
      await expectCount(desk.byTestId('provision-row'), (n) => n === 1, 'one record listed');
      await expectText(desk.byTestId('provision-items'), /さくら損害保険株式会社/, 'the recipient in the list');
      await page.screenshot({path: path.join(args.screens, 'provision-added.png'), fullPage: true});
    });

    await step('a CSV file with a bad line imports nothing and names the line', async () => {
      const csv = path.join(root, 'ledger.csv');
      fs.writeFileSync(csv, 'provided_on,recipient_name,insured_number,person_name,items,consent,basis\n'
        + '2026-05-01,東和生命保険株式会社,56789,山田 花子,氏名,あり,consent\n'
        + '2026-05-02,某税務署,56789,山田 花子,氏名,なし,law\n');
      await desk.byTestId('provision-csv').setInputFiles(csv);
      await watch.expectHttpErrors([400, 422], async () => {
        await desk.byTestId('provision-import-submit').click();
        await expectText(desk.byTestId('provision-error'), /3行目/, 'the bad line named');
      });
      await expectText(desk.byTestId('provision-error'), /記録を要しません/, 'why it needs no record');
      await expectCount(desk.byTestId('provision-row'), (n) => n === 1, 'still one record');
    });

    await step('the person\'s records are found by insured number', async () => {
      await page.locator('#provision-search input[name=insured_number]').fill('00000');
      await desk.byTestId('provision-search-submit').click();
      await expectVisible(desk.byTestId('provision-empty'), 'nobody else\'s records');
      await page.locator('#provision-search input[name=insured_number]').fill('56789');
      await desk.byTestId('provision-search-submit').click();
      await expectCount(desk.byTestId('provision-row'), (n) => n === 1, 'the person\'s record');
      await expectHidden(desk.byTestId('provision-dispose'), 'disposal, a manager\'s');
    });
  } finally {
    await tearDown(steps, context, async () => fixture?.stop());
  }
  console.log(steps.summary());
  return steps.ok ? 0 : 1;
}

runScript(main);
