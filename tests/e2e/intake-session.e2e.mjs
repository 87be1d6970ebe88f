#!/usr/bin/env node
// The intake form and the session, in headless Chromium on the real engine
// (issue 15, items 12 and 13):
// - Back after 受付を登録 shows an empty form with a new idempotency key,
//   never the last requester's details (autocomplete="off", cleared on load,
//   before leaving, and on pageshow from the back-forward cache); the next
//   person typed in is taken in as themself.
// - A session that ends while a clerk types (the engine forgets it: here
//   ended on the server from outside the page, which is what running out
//   of idle time does, without waiting half an hour) loses nothing: at
//   受付を登録 a dialog asks for the password, and the form is then taken in;
//   the same for an event dialog's text. Nothing is put in browser storage.
// - Typing keeps the session alive with a bounded ping, and a warning comes
//   before it runs out: the page's clock is Playwright's (page.clock), moved
//   forward by minutes, so nothing here waits for real time.
//
//   node tests/e2e/intake-session.e2e.mjs --bin BUILD/bin --screens BUILD/screens
//
// Prints PASS/FAIL per step and "N passed, N failed, N skipped"; exit code 0
// only if all passed. Screenshots session-*.png go to --screens.

import fs from 'node:fs';
import path from 'node:path';
import {PageWatch, launchChromium} from './browser.mjs';
import {freshTempDir} from './cleanup.mjs';
import {DeskPerson} from './desk-person.mjs';
import {loadPlaywright, parseArgs, runScript, tearDown, watchedSteps} from './e2e-script.mjs';
import {EngineFixture} from './engine-fixture.mjs';
import {
  expectAttribute, expectCount, expectHidden, expectText, expectThat, expectUrl, expectValue, expectVisible,
} from './expect.mjs';

const CLERK = {name: 'clerk1', role: 'clerk', password: 'window-desk-madoguchi-2026'};

const PERSON_FIELDS = ['name', 'kana', 'birth_date', 'insured_symbol', 'insured_number', 'postal_code', 'address', 'phone', 'email'];

// Three people who must never be mixed up.
const PEOPLE = {
  first: {name: '石田 一郎', kana: 'イシダ イチロウ', birth_date: '1961-02-03', insured_symbol: '3301', insured_number: '771201',
    postal_code: '980-0811', address: '宮城県仙台市青葉区一番町4-5-6', phone: '022-111-2233', email: 'ishida@example.jp'},
  second: {name: '北村 葵', kana: 'キタムラ アオイ', birth_date: '1990-07-15', insured_symbol: '5120', insured_number: '88',
    postal_code: '760-0019', address: '香川県高松市サンポート2-1', phone: '087-222-3344'},
  third: {name: '森 健太', kana: 'モリ ケンタ', birth_date: '1977-12-24', insured_symbol: '4410', insured_number: '9031',
    postal_code: '890-0053', address: '鹿児島県鹿児島市中央町10-1', phone: '099-333-4455'},
};

function intakeOf(requester) {
  return {type: 'purpose_notice', channel: 'counter', requester, categories: ['qualification']};
}

async function main() {
  const args = parseArgs(process.argv.slice(2), 'intake-session.e2e.mjs');
  fs.mkdirSync(args.screens, {recursive: true});
  let fixture = null;
  let context = null;
  let page = null;
  let watch = null;
  let desk = null;
  let url = null;
  const {steps, step} = watchedSteps(args.screens, 'session', () => ({page, fixture, watch}));

  // The engine forgets the page's session (POST /logout with its cookie and
  // CSRF token, sent from here): the browser keeps its cookie, as when the
  // idle time runs out.
  const endSessionOnServer = async () => {
    const cookie = (await context.cookies(url)).filter((c) => c.name === 'madoguchi_session')
      .map((c) => `${c.name}=${c.value}`).join('; ');
    expectThat(cookie !== '', 'the browser has no session cookie');
    const who = await fetch(`${url}/api/session`, {headers: {Cookie: cookie}});
    const csrf = (await who.json())?.result?.csrf;
    const out = await fetch(`${url}/logout`, {method: 'POST', headers: {Cookie: cookie, 'X-CSRF-Token': csrf}});
    expectThat(out.status === 200, `POST /logout answered ${out.status}`);
    const after = await fetch(`${url}/api/session`, {headers: {Cookie: cookie}});
    expectThat(after.status === 401, `the session still answers (${after.status}) after it ended`);
  };

  const signInAgainInPlace = async () => {
    const dialog = desk.byTestId('relogin');
    await expectVisible(dialog, 'the sign-in dialog over the page');
    await expectValue(desk.byTestId('relogin-user'), CLERK.name, 'the user name in the dialog (fixed)');
    expectThat(await desk.byTestId('relogin-user').evaluate((i) => i.readOnly), 'the user name can be changed');
    await watch.expectHttpErrors([401], async () => {
      await desk.byTestId('relogin-password').fill('not-the-password-2026');
      await desk.byTestId('relogin-submit').click();
      await expectText(desk.byTestId('relogin-error'), 'ユーザー名またはパスワードが違います。', 'the dialog\'s error');
    });
    await desk.byTestId('relogin-password').fill(CLERK.password);
    await desk.byTestId('relogin-submit').click();
    await expectHidden(dialog, 'the sign-in dialog once signed in');
  };

  const expectNothingStored = async () => {
    const stored = await page.evaluate(async () => ({
      local: localStorage.length, session: sessionStorage.length,
      databases: (await indexedDB.databases()).length,
    }));
    expectThat(stored.local === 0 && stored.session === 0 && stored.databases === 0,
      `the browser stores something: ${JSON.stringify(stored)}`);
  };

  try {
    await step('set-up: engine, clerk1 with a password, Chromium', async () => {
      const {chromium} = await loadPlaywright();
      const root = freshTempDir('mdg-session-');
      fixture = new EngineFixture({bin: args.bin, data: path.join(root, 'data')});
      fixture.setUp([CLERK]);
      url = await fixture.startEngine();
      const profile = path.join(root, 'profile');
      fs.mkdirSync(profile);
      context = await launchChromium(chromium, profile);
      context.setDefaultTimeout(15_000);
      // How each page was shown, for the log: anew, or from the back-forward cache.
      await context.addInitScript(() => {
        window.addEventListener('pageshow', (e) => { document.documentElement.dataset.shownFromCache = String(e.persisted); });
      });
      page = context.pages()[0] ?? await context.newPage();
      watch = new PageWatch(page);
      desk = new DeskPerson(page, url);
    });

    let firstId = null;
    await step('Back after 受付を登録 shows an empty form with a new key, not the last requester', async () => {
      await desk.signIn(CLERK.name, CLERK.password, '/desk/intake');
      for (const field of PERSON_FIELDS) {
        await expectAttribute(desk.byTestId(`field-requester.${field}`), 'autocomplete', 'off', `${field}: autocomplete`);
      }
      await expectAttribute(desk.byTestId('intake-form'), 'autocomplete', 'off', 'the form: autocomplete');
      const firstKey = await desk.byTestId('field-idempotency_key').inputValue();
      await desk.fillIntake(intakeOf(PEOPLE.first));
      await desk.byTestId('intake-submit').click();
      await expectUrl(page, /^\/desk\/requests\/R\d{4}-\d{6}$/, 'the first request\'s page');
      firstId = await expectText(desk.byTestId('request-id'), /^R\d{4}-\d{6}$/, 'the first request id');
      await expectText(desk.byTestId('requester-name'), PEOPLE.first.name, 'the first requester');

      await page.goBack();
      await expectUrl(page, /^\/desk\/intake$/, '受付 again after Back');
      await expectVisible(desk.byTestId('intake-form'), 'the intake form after Back');
      await expectVisible(desk.byTestId('category-qualification'), 'the data categories after Back');
      console.log(`      shown from the back-forward cache: ${await page.evaluate(() => document.documentElement.dataset.shownFromCache)}`);
      for (const field of PERSON_FIELDS) {
        await expectValue(desk.byTestId(`field-requester.${field}`), '', `requester.${field} after Back`);
      }
      await expectValue(desk.byTestId('field-free_text'), '', 'the free text after Back');
      expectThat(!(await desk.byTestId('category-qualification').isChecked()), 'a category is still checked after Back');
      const key = await expectValue(desk.byTestId('field-idempotency_key'), /^[0-9a-f-]{36}$/, 'the key after Back');
      expectThat(key !== firstKey, 'the key after Back is the first request\'s');
      await page.screenshot({path: path.join(args.screens, 'session-back.png')});

      // The next person, typed in whole, is taken in as themself.
      await desk.fillIntake(intakeOf(PEOPLE.second));
      await desk.byTestId('intake-submit').click();
      await expectUrl(page, /^\/desk\/requests\/R\d{4}-\d{6}$/, 'the second request\'s page');
      const secondId = await expectText(desk.byTestId('request-id'), /^R\d{4}-\d{6}$/, 'the second request id');
      expectThat(secondId !== firstId, `the second person got the first request ${firstId}`);
      await expectText(desk.byTestId('requester-name'), PEOPLE.second.name, 'the second requester');
      await expectText(desk.byTestId('requester-address'), PEOPLE.second.address, 'the second requester\'s address');
      await expectText(desk.byTestId('requester-phone'), PEOPLE.second.phone, 'the second requester\'s phone');
    });

    let thirdId = null;
    await step('the session ends while the form is typed: a dialog signs in again, and the form is taken in', async () => {
      await desk.goto('/desk/intake');
      await expectVisible(desk.byTestId('category-qualification'), 'the intake form');
      await desk.fillIntake(intakeOf(PEOPLE.third));
      await endSessionOnServer();
      await watch.expectHttpErrors([401], async () => {
        await desk.byTestId('intake-submit').click();
        await expectVisible(desk.byTestId('relogin'), 'the sign-in dialog at 受付を登録');
      });
      await expectUrl(page, /^\/desk\/intake$/, 'to stay on 受付 while signing in');
      await expectValue(desk.byTestId('field-requester.name'), PEOPLE.third.name, 'the name typed, behind the dialog');
      await page.screenshot({path: path.join(args.screens, 'session-relogin.png')});
      await expectNothingStored();
      await signInAgainInPlace();
      await expectUrl(page, /^\/desk\/requests\/R\d{4}-\d{6}$/, 'the new request\'s page after signing in again');
      thirdId = await expectText(desk.byTestId('request-id'), /^R\d{4}-\d{6}$/, 'the third request id');
      await expectText(desk.byTestId('requester-name'), PEOPLE.third.name, 'the third requester');
      await expectText(desk.byTestId('requester-address'), PEOPLE.third.address, 'the third requester\'s address');
      await expectNothingStored();
    });

    await step('the session ends with an event dialog open: its text is recorded after signing in again', async () => {
      const dialog = await desk.openEvent('note');
      const text = '電話で本人から照会あり。回答予定日を説明した。';
      await dialog.getByTestId('event-field-text').fill(text);
      await endSessionOnServer();
      await watch.expectHttpErrors([401], async () => {
        await dialog.getByTestId('event-submit').click();
        await expectVisible(desk.byTestId('relogin'), 'the sign-in dialog over the event dialog');
      });
      await signInAgainInPlace();
      await expectUrl(page, new RegExp(`^/desk/requests/${thirdId}$`), 'the request page after the note');
      const notes = page.locator('[data-testid="history-row"][data-event="note"]');
      await expectCount(notes, (n) => n === 1, 'one note in the history');
      await expectText(notes.getByTestId('history-content'), new RegExp(text), 'the note\'s text');
      await expectNothingStored();
    });

    await step('typing keeps the session with a bounded ping; a warning, then the dialog, when left alone', async () => {
      // The page's clock from here on is Playwright's, moved on by minutes.
      await page.clock.install();
      await desk.goto('/desk/intake');
      await expectVisible(desk.byTestId('category-qualification'), 'the intake form');
      const idle = await page.evaluate(async () => (await (await fetch('/api/session')).json()).result.idle_seconds);
      expectThat(idle === 30 * 60, `idle_seconds is ${idle}, not the default 1800`);
      let pings = 0;
      page.on('request', (r) => { if (new URL(r.url()).pathname === '/api/session') pings += 1; });
      // Twenty minutes of typing, a character every 30 s: the session would
      // end at 30 minutes without a request, and no warning comes.
      const freeText = desk.byTestId('field-free_text');
      for (let i = 0; i < 40; i += 1) {
        await page.clock.fastForward('00:30');
        await freeText.press('a');
      }
      await expectCount({count: async () => pings}, (n) => n >= 3 && n <= 4, '3 or 4 pings in 20 minutes of typing (one at most every 5)');
      await expectHidden(desk.byTestId('session-warning'), 'no warning while typing');
      // A ping at a known moment: five minutes on, one more key.
      await page.clock.fastForward('05:00');
      const pinged = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/session');
      await freeText.press('a');
      await pinged;
      // Left alone: the warning 2 minutes before the end (28 minutes after that ping), not before.
      await page.clock.fastForward('27:00');
      await expectHidden(desk.byTestId('session-warning'), 'no warning 27 minutes after the last ping');
      await page.clock.fastForward('01:30');
      await expectVisible(desk.byTestId('session-warning'), 'the warning 2 minutes before the end');
      await expectText(desk.byTestId('session-warning-text'), /あと約2分でログインの有効期限が切れます/, 'the warning');
      await page.screenshot({path: path.join(args.screens, 'session-warning.png')});
      const before = pings;
      await desk.byTestId('session-continue').click();
      await expectHidden(desk.byTestId('session-warning'), 'the warning after 作業を続ける');
      await expectCount({count: async () => pings}, (n) => n === before + 1, 'one ping for 作業を続ける');
      // Left alone to the end: the sign-in dialog hides the page; the text stays.
      await page.clock.fastForward('30:30');
      await expectVisible(desk.byTestId('relogin'), 'the sign-in dialog when the idle time has run out');
      await signInAgainInPlace();
      await expectValue(freeText, 'a'.repeat(41), 'what was typed, after signing in again');
      await expectNothingStored();
    });
  } catch (e) {
    steps.fail('the scenario', e);
  } finally {
    await tearDown(steps, context, async () => {
      if (fixture) await fixture.stop();
    });
  }
  console.log(steps.summary());
  return steps.ok ? 0 : 1;
}

runScript(main);
