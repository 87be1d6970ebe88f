#!/usr/bin/env node
// Entering a paper form (issue 18) in headless Chromium on the real engine:
// a birth date typed in 和暦 (「S48.3.21」, 「H1.1.8」) or chosen by 元号・年・月・日,
// the Western date beside it, impossible era dates (平成31年5月1日, 昭和64年1月8日,
// 令和1年4月30日) refused in Japanese; receipt months in 和暦 (「令和7年4月」「R7.4」)
// and errors naming their line; the engine's format errors naming their
// field; 郵便番号・電話・記号番号 typed full-width and sent with Enter stay on
// the page normalised, and go to the engine so; correction items as numbered
// rows with a label for each box; 入力をクリア and leaving the typed form ask
// first, and a saved form does not; a dialog's date typed in 和暦 too.
//
//   node tests/e2e/entry.e2e.mjs --bin BUILD/bin --screens BUILD/screens
//
// Prints PASS/FAIL per step and "N passed, N failed, N skipped"; exit code 0
// only if all passed. Screenshots entry-*.png go to --screens.

import fs from 'node:fs';
import path from 'node:path';
import {PageWatch, launchChromium} from './browser.mjs';
import {freshTempDir} from './cleanup.mjs';
import {DeskPerson} from './desk-person.mjs';
import {loadPlaywright, parseArgs, runScript, tearDown, watchedSteps} from './e2e-script.mjs';
import {EngineFixture} from './engine-fixture.mjs';
import {expectCount, expectText, expectThat, expectUrl, expectValue, expectVisible} from './expect.mjs';

const CLERK = {name: 'clerk1', role: 'clerk', password: 'window-desk-madoguchi-2026'};

async function main() {
  const args = parseArgs(process.argv.slice(2), 'entry.e2e.mjs');
  fs.mkdirSync(args.screens, {recursive: true});
  let fixture = null;
  let context = null;
  let page = null;
  let watch = null;
  let desk = null;
  const dialogs = [];  // every dialog the page opened: {type, message}
  let answer = 'dismiss';
  const {steps, step} = watchedSteps(args.screens, 'entry', () => ({page, fixture, watch}));
  const shot = (name) => page.screenshot({path: path.join(args.screens, `entry-${name}.png`), fullPage: true});
  const field = (name) => desk.byTestId(`field-${name}`);

  try {
    await step('set-up: engine, clerk1 with a password, Chromium', async () => {
      const {chromium} = await loadPlaywright();
      const root = freshTempDir('mdg-entry-');
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
      page.on('dialog', async (d) => {
        dialogs.push({type: d.type(), message: d.message()});
        await (answer === 'accept' ? d.accept() : d.dismiss());
      });
      await desk.signIn(CLERK.name, CLERK.password, '/desk/intake');
      await expectVisible(desk.byTestId('category-receipts'), 'the intake form');
    });

    await step('和暦: typed, or by 元号・年・月・日, with the Western date beside; impossible era dates refused', async () => {
      const birth = field('requester.birth_date');
      const western = desk.byTestId('field-requester.birth_date-western');
      await birth.fill('S48.3.21');
      await birth.press('Tab');
      await expectValue(birth, '昭和48年3月21日', 'S48.3.21 written as the letters write it');
      await expectText(western, '＝ 西暦1973年3月21日', 'the Western date beside the field');
      await expectValue(desk.byTestId('field-requester.birth_date-era'), '昭和', 'the 元号 select follows');
      await expectValue(desk.byTestId('field-requester.birth_date-year'), '48', 'the year box follows');
      for (const [typed, western1] of [['H1.1.8', '1989年1月8日'], ['昭和48年3月21日', '1973年3月21日'], ['ｒ７．４．１', '2025年4月1日']]) {
        await birth.fill(typed);
        await birth.press('Tab');
        await expectText(western, `＝ 西暦${western1}`, `${typed} read`);
      }
      await expectValue(birth, '令和7年4月1日', 'full-width ｒ７．４．１ read as 令和7年4月1日');
      for (const [typed, said] of [['平成31年5月1日', /^平成31年5月1日はありません（平成は.*平成31年4月30日まで）/],
        ['昭和64年1月8日', /^昭和64年1月8日はありません/], ['令和1年4月30日', /^令和元年4月30日はありません（令和は令和元年5月1日から）/]]) {
        await birth.fill(typed);
        await birth.press('Tab');
        await expectText(western, said, `${typed} refused beside the field`);
      }
      // By the boxes, as a paper form's boxes are copied: 平成 / 31 / 5 / 1 is refused, 4 / 30 taken.
      await birth.fill('');
      await desk.byTestId('field-requester.birth_date-era').selectOption('平成');
      await desk.byTestId('field-requester.birth_date-year').fill('31');
      await desk.byTestId('field-requester.birth_date-month').fill('5');
      await desk.byTestId('field-requester.birth_date-day').fill('1');
      await expectText(western, /^平成31年5月1日はありません/, 'the boxes\' 平成31年5月1日 refused');
      await shot('era-refused');
      await desk.byTestId('field-requester.birth_date-month').fill('4');
      await desk.byTestId('field-requester.birth_date-day').fill('30');
      await expectValue(birth, '平成31年4月30日', 'the boxes write the text');
      await expectText(western, '＝ 西暦2019年4月30日', 'the boxes\' date in the Western calendar');
      await birth.fill('S48.3.21');
      await birth.press('Tab');
    });

    let sent = null;
    page?.on('request', (r) => {
      if (new URL(r.url()).pathname === '/api/intake') sent = JSON.parse(r.postData() ?? '{}').record;
    });

    await step('each error names its field and line: receipt months by line, the engine\'s format errors by field', async () => {
      await field('type').selectOption('disclosure');
      await desk.byTestId('field-disclosure_method-paper').check();
      await desk.byTestId('category-receipts').check();
      for (const [f, v] of [['name', '青木 実'], ['kana', 'あおき みのる'], ['address', '東京都江東区富岡1-2-3']]) {
        await field(`requester.${f}`).fill(v);
      }
      await field('receipts').fill('京橋クリニック: R7.13\n佃病院: 令和1年4月\n月島医院: 2025-04, 令和7年かな');
      await field('requester.postal_code').fill('12-34');
      await field('requester.phone').fill('03-1234-5678');
      await field('requester.insured_symbol').fill('12');
      await field('requester.insured_number').fill('34');
      await desk.byTestId('intake-submit').click();
      const summary = desk.byTestId('form-error');
      await expectText(summary, /レセプト（医療機関・診療月）：1行目：令和7年13月の月が正しくありません/, 'line 1\'s month');
      await expectText(summary, /2行目：令和元年4月はありません/, 'line 2\'s month');
      await expectText(summary, /3行目：「令和7年かな」は月として読めません/, 'line 3\'s month');
      await expectText(summary, /郵便番号：郵便番号は 123-4567 の形/, 'the postal code');
      expectThat(sent === null, 'the form was sent with its problems');
      await shot('errors-by-line');

      // Without the page's checks, the engine's refusals: each names its field, each month its line.
      await field('receipts').fill('京橋クリニック: R7.4\n佃病院: 2025-13');
      await field('requester.phone').fill('03-1234-56789012345678');
      await desk.byTestId('intake-form').evaluate((form) => { form.dataset.clientChecks = 'off'; });
      await watch.expectHttpErrors([422], async () => {
        await desk.byTestId('intake-submit').click();
        await expectText(desk.byTestId('error-requester.postal_code'), '郵便番号の形式が正しくありません。', 'the postal code\'s error names it');
      });
      await expectText(desk.byTestId('error-requester.phone'), '電話番号の形式が正しくありません。', 'the phone\'s error names it');
      await expectText(desk.byTestId('form-error'), /2行目の診療月「2025-13」：形式が正しくありません。/, 'the engine\'s month error by line');
      await desk.byTestId('intake-form').evaluate((form) => { delete form.dataset.clientChecks; });
      await shot('engine-errors');
    });

    await step('correction items: numbered rows, each box labelled; an empty item named by its row', async () => {
      await field('type').selectOption('correction');
      await expectText(desk.byTestId('correction-item-number[0]'), '1', 'the first row\'s number');
      await desk.byTestId('add-correction-item').click();
      await expectText(desk.byTestId('correction-item-number[1]'), '2', 'the second row\'s number');
      await page.getByLabel('訂正を求める項目1の項目', {exact: true}).fill('氏名');
      await page.getByLabel('訂正を求める項目1の現在の内容（訂正前）', {exact: true}).fill('青木 実');
      await page.getByLabel('訂正を求める項目1の訂正後の内容', {exact: true}).fill('青木 稔');
      await page.getByLabel('訂正を求める項目2の訂正後の内容', {exact: true}).fill('東京都江東区富岡1-2-3');
      await expectValue(field('correction_items[1].requested'), '東京都江東区富岡1-2-3', 'row 2\'s box found by its label');
      await desk.byTestId('intake-submit').click();
      await expectText(desk.byTestId('summary-error-correction_items[1].item'), '訂正を求める項目2の項目：入力してください。', 'the empty item named by its row');
      await page.locator('#correction-items-field').screenshot({path: path.join(args.screens, 'entry-correction-rows.png')});
      await page.getByLabel('訂正を求める項目2の項目', {exact: true}).fill('住所');
      await field('type').selectOption('disclosure');
    });

    await step('入力をクリア asks first; leaving the typed form asks first', async () => {
      dialogs.length = 0;
      answer = 'dismiss';
      await desk.byTestId('intake-reset').click();
      await expectCount({count: async () => dialogs.length}, (n) => n === 1, 'a confirm at 入力をクリア');
      expectThat(dialogs[0].type === 'confirm' && /入力した内容をすべて消去します/.test(dialogs[0].message), `the dialog: ${JSON.stringify(dialogs[0])}`);
      await expectValue(field('requester.name'), '青木 実', 'the form kept when the clerk says no');
      await desk.byTestId('nav-queue').click();
      await expectCount({count: async () => dialogs.length}, (n) => n === 2, 'a question on leaving');
      expectThat(dialogs[1].type === 'beforeunload', `the dialog on leaving: ${JSON.stringify(dialogs[1])}`);
      await expectUrl(page, /^\/desk\/intake$/, 'still on 受付 when the clerk stays');
      await expectValue(field('requester.name'), '青木 実', 'the form kept');
    });

    let id = null;
    await step('郵便番号・電話・記号番号 normalised when Enter is pressed, Enter sends nothing; the saved form leaves without asking', async () => {
      sent = null;  // the engine's 422 above was a send
      await field('receipts').fill('京橋クリニック: 令和7年4月, R7.5\n佃病院: 2025年3月');
      await expectText(desk.byTestId('receipts-months'), '1行目 京橋クリニック：2025年4月、2025年5月／2行目 佃病院：2025年3月', 'the months read, by line');
      for (const [f, typed, kept] of [['postal_code', '〒１３５ー００６１', '135-0061'], ['phone', '０３－１２３４ー５６７８', '03-1234-5678'],
        ['insured_symbol', '１２ ３４', '1234'], ['insured_number', '５６７８９', '56789']]) {
        await field(`requester.${f}`).fill(typed);
        await field(`requester.${f}`).press('Enter');
        await expectValue(field(`requester.${f}`), kept, `${f} after Enter`);
      }
      await field('requester.name').press('Enter');
      await expectUrl(page, /^\/desk\/intake$/, 'Enter sent nothing');
      expectThat(sent === null, 'Enter sent the form');
      await shot('form-typed');
      dialogs.length = 0;
      await desk.byTestId('intake-submit').click();
      await expectUrl(page, /^\/desk\/requests\/R\d{4}-\d{6}$/, 'the new request\'s page');
      id = await expectText(desk.byTestId('request-id'), /^R\d{4}-\d{6}$/, 'the request id');
      expectThat(dialogs.length === 0, `the saved form asked on leaving: ${JSON.stringify(dialogs)}`);
      const p = sent.requester;
      expectThat(p.birth_date === '1973-03-21' && p.postal_code === '135-0061' && p.phone === '03-1234-5678'
        && p.insured_symbol === '1234' && p.insured_number === '56789' && p.kana === 'アオキ ミノル', `the requester sent: ${JSON.stringify(p)}`);
      expectThat(JSON.stringify(sent.receipts) === JSON.stringify([{institution: '京橋クリニック', months: ['2025-04', '2025-05']},
        {institution: '佃病院', months: ['2025-03']}]), `the receipts sent: ${JSON.stringify(sent.receipts)}`);
    });

    await step('a dialog\'s date in 和暦: the identity document\'s issue date', async () => {
      await desk.waitForRequest(id);
      const dialog = await desk.openEvent('verify_identity');
      const issued = dialog.getByTestId('event-field-documents[0].issued');
      await issued.fill('H31.5.1');
      await issued.press('Tab');
      await expectText(dialog.locator('.era-preview.date-error'), /^平成31年5月1日はありません/, 'the impossible date refused beside the field');
      await dialog.getByTestId('event-submit').click();
      await expectText(dialog.getByTestId('event-error'), /平成31年5月1日はありません/, 'and named in the dialog\'s summary');
      await issued.fill('R6.4.1');
      await issued.press('Tab');
      await expectText(dialog.locator('[data-field="documents[0].issued"] .era-preview'), '＝ 西暦2024年4月1日', 'R6.4.1 read');
      await shot('dialog-date');
      await dialog.getByTestId('event-cancel').click();
    });
  } finally {
    await tearDown(steps, context, async () => fixture?.stop());
  }
  console.log(steps.summary());
  return steps.ok ? 0 : 1;
}

runScript(main);
