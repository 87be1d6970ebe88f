#!/usr/bin/env node
// Not losing typed text, engine errors in Japanese, and a confirmation of
// each action (issue 18), in headless Chromium on the real engine:
// - An event dialog with nothing typed closes at once on Esc; with text typed,
//   Esc and 取消 ask 「入力した内容を破棄しますか」 first, and 入力に戻る keeps it.
// - A 409 (another clerk changed the request while the dialog was open) keeps
//   the typed text, says what changed (the new state, the event added, by
//   whom) and draws the page behind again; sent again, it is recorded, and
//   「メモを記録しました。」 is said in a role=status line (toast.js).
// - The engine's refusals reach the screen in Japanese: the state conflict in
//   the dialog, not found on 案件詳細, a validation failure on 受付; and the
//   engine's own envelopes for a refused role and command, an event not
//   allowed in the state, a stale version, invalid data, an unknown request
//   and a sign-in rate limit, fetched from the engine here, give Japanese
//   only (messages.js errorLine, what the pages show).
//
//   node tests/e2e/dialogs.e2e.mjs --bin BUILD/bin --screens BUILD/screens
//
// Prints PASS/FAIL per step and "N passed, N failed, N skipped"; exit code 0
// only if all passed. Screenshots dialogs-*.png go to --screens.

import fs from 'node:fs';
import path from 'node:path';
import {PageWatch, launchChromium} from './browser.mjs';
import {freshTempDir} from './cleanup.mjs';
import {DeskPerson} from './desk-person.mjs';
import {loadPlaywright, parseArgs, runScript, tearDown, watchedSteps} from './e2e-script.mjs';
import {EngineFixture} from './engine-fixture.mjs';
import {
  expectAttribute, expectHidden, expectText, expectThat, expectValue, expectVisible,
} from './expect.mjs';

const PASSWORD = 'window-desk-madoguchi-2026';
const CLERK = {name: 'clerk1', role: 'clerk', password: PASSWORD};
const OTHER_CLERK = {name: 'clerk2', role: 'clerk', password: PASSWORD};

const USER_NAMES = [CLERK, OTHER_CLERK].map((u) => u.name);

const REQUESTER = {name: '石田 一郎', kana: 'イシダ イチロウ', birth_date: '1961-02-03', insured_symbol: '3301', insured_number: '771201',
  postal_code: '980-0811', address: '宮城県仙台市青葉区一番町4-5-6', phone: '022-111-2233'};

// English on screen: three Latin letters in a row, once request ids and user
// names (which staff read as they are) are taken out.
function english(text, ids = []) {
  let rest = String(text ?? '');
  for (const id of [...ids, ...USER_NAMES]) rest = rest.split(id).join('');
  return rest.match(/[A-Za-z]{3,}[A-Za-z ,.'-]*/)?.[0] ?? null;
}

// A session of another person, from here (no browser): signs in as the
// sign-in page does and posts commands as the desk's pages do.
async function apiSession(url, {name, password}) {
  const form = await fetch(`${url}/login/token`);
  const preCookie = form.headers.get('set-cookie').split(';')[0];
  const token = (await form.json()).result.csrf;
  const login = await fetch(`${url}/login`, {
    method: 'POST', headers: {'Content-Type': 'application/json', 'X-CSRF-Token': token, Cookie: preCookie},
    body: JSON.stringify({user: name, password}),
  });
  expectThat(login.status === 200, `${name} could not sign in (${login.status})`);
  const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).find((c) => /^(__Host-)?madoguchi_session=./.test(c));
  const csrf = (await login.json()).result.csrf;
  return async (command, args) => {
    const response = await fetch(`${url}/api/${command}`, {
      method: 'POST', headers: {'Content-Type': 'application/json', 'X-CSRF-Token': csrf, Cookie: cookie}, body: JSON.stringify(args),
    });
    return {...await response.json(), status: response.status};
  };
}

async function main() {
  const args = parseArgs(process.argv.slice(2), 'dialogs.e2e.mjs');
  fs.mkdirSync(args.screens, {recursive: true});
  let fixture = null;
  let context = null;
  let page = null;
  let watch = null;
  let desk = null;
  let url = null;
  let asOtherClerk = null;
  let id = null;
  const {steps, step} = watchedSteps(args.screens, 'dialogs', () => ({page, fixture, watch}));
  const shot = (name) => page.screenshot({path: path.join(args.screens, `dialogs-${name}.png`)});
  const noEnglish = async (locator, what) => {
    const text = await locator.innerText();
    const found = english(text, [id]);
    expectThat(found === null, `${what} shows English (${JSON.stringify(found)}): ${text}`);
    return text;
  };

  try {
    await step('set-up: engine, a clerk in Chromium, a request taken in by another clerk', async () => {
      const {chromium} = await loadPlaywright();
      const root = freshTempDir('mdg-dialogs-');
      fixture = new EngineFixture({bin: args.bin, data: path.join(root, 'data')});
      fixture.setUp([CLERK, OTHER_CLERK]);
      url = await fixture.startEngine();
      const profile = path.join(root, 'profile');
      fs.mkdirSync(profile);
      context = await launchChromium(chromium, profile);
      context.setDefaultTimeout(15_000);
      page = context.pages()[0] ?? await context.newPage();
      watch = new PageWatch(page);
      desk = new DeskPerson(page, url);
      asOtherClerk = await apiSession(url, OTHER_CLERK);
      const taken = await asOtherClerk('intake', {record: {type: 'purpose_notice', channel: 'counter', requester: REQUESTER, categories: ['qualification'], idempotency_key: crypto.randomUUID()}});
      expectThat(taken.ok, `intake refused: ${JSON.stringify(taken.error)}`);
      id = taken.result.id;
      await desk.signIn(CLERK.name, CLERK.password, '/desk/intake');
      await desk.goto(`/desk/requests/${id}`);
      await desk.waitForRequest(id);
    });

    await step('Esc closes an untouched dialog at once, and asks first when text was typed', async () => {
      let dialog = await desk.openEvent('note');
      await page.keyboard.press('Escape');
      await expectHidden(dialog, 'the untouched dialog after Esc');
      await expectHidden(desk.byTestId('discard-confirm'), 'no question for an untouched dialog');

      dialog = await desk.openEvent('note');
      const text = dialog.getByTestId('event-field-text');
      await text.fill('電話で本人より、回答は郵送を希望とのこと。');
      await page.keyboard.press('Escape');
      const confirm = desk.byTestId('discard-confirm');
      await expectText(confirm, /入力した内容を破棄しますか/, 'the question on Esc');
      await expectAttribute(confirm, 'role', 'alertdialog', 'the question\'s role');
      await shot('discard-confirm');
      await desk.byTestId('discard-no').click();
      await expectHidden(confirm, 'the question after 入力に戻る');
      await expectVisible(dialog, 'the dialog kept after 入力に戻る');
      await expectValue(text, '電話で本人より、回答は郵送を希望とのこと。', 'the text kept after 入力に戻る');

      await dialog.getByTestId('event-cancel').click();
      await expectVisible(confirm, 'the question on 取消');
      await page.keyboard.press('Escape');
      await expectHidden(confirm, 'the question after Esc (keeps the text)');
      await expectValue(text, '電話で本人より、回答は郵送を希望とのこと。', 'the text kept after Esc on the question');
      // Esc again, right after the question was put away with Esc: asked again.
      await page.keyboard.press('Escape');
      await expectVisible(confirm, 'the question on a second Esc');
      await expectVisible(dialog, 'the dialog on a second Esc');
      await desk.byTestId('discard-yes').click();
      await expectHidden(dialog, 'the dialog after 破棄する');
      dialog = await desk.openEvent('note');
      await dialog.getByTestId('event-field-text').fill('取消で破棄する文。');
      await dialog.getByTestId('event-cancel').click();
      await desk.byTestId('discard-yes').click();
      await expectHidden(dialog, 'the dialog after 破棄する');
    });

    await step('a 409 keeps the typed text and says what changed, then the note is recorded and confirmed', async () => {
      const dialog = await desk.openEvent('note');
      const typed = '本人から電話あり。受付番号を伝えた。\n折り返し不要。';
      await dialog.getByTestId('event-field-text').fill(typed);
      // Meanwhile, another clerk asks the requester for a document: the request moves on.
      const shown = await asOtherClerk('show', {id});
      const moved = await asOtherClerk('advance', {id, event: 'request_documents', version: shown.result.version, data: {missing: ['健康保険証の写し']}});
      expectThat(moved.ok, `request_documents refused: ${JSON.stringify(moved.error)}`);
      await watch.expectHttpErrors([409], async () => {
        await dialog.getByTestId('event-submit').click();
        await expectVisible(dialog.getByTestId('event-changed'), 'what changed, in the dialog');
      });
      const changed = await dialog.getByTestId('event-changed').innerText();
      expectThat(/状態：受付済 → 請求者対応待ち/.test(changed) && changed.includes('書類等の提出依頼') && changed.includes(OTHER_CLERK.name),
        `what changed does not name the state, the event and who: ${changed}`);
      await noEnglish(dialog.getByTestId('event-error'), 'the 409 in the dialog');
      await expectValue(dialog.getByTestId('event-field-text'), typed, 'the typed text after the 409');
      await expectAttribute(desk.byTestId('request-state'), 'data-state', moved.result.state, 'the page behind drawn again');
      await shot('conflict');
      await dialog.getByTestId('event-submit').click();
      await expectHidden(dialog, 'the dialog after sending again', {timeout: 15_000});
      const toast = desk.byTestId('toast');
      await expectText(toast, 'メモを記録しました。', 'the confirmation after the reload');
      await expectAttribute(toast, 'role', 'status', 'the confirmation\'s role');
      await expectAttribute(toast, 'aria-live', 'polite', 'the confirmation\'s aria-live');
      await expectVisible(page.locator('[data-testid="history-row"][data-event="note"]'), 'the note in the history');
      await desk.lettersDrawn();
      const notes = await page.locator('[data-testid="history-row"][data-event="note"]').count();
      expectThat(notes === 1, `${notes} notes in the history, not 1`);
      await shot('toast');
      // Every event has its sentence (labels.js EVENT_DONE).
      const missing = await page.evaluate(async () => {
        const {EVENTS, EVENT_DONE} = await import('/assets/labels.js');
        return Object.keys(EVENTS).filter((e) => !EVENT_DONE[e]);
      });
      expectThat(missing.length === 0, `events without a confirmation: ${missing.join(', ')}`);
    });

    await step('not found and a validation failure reach the screen in Japanese', async () => {
      await watch.expectHttpErrors([404], async () => {
        await desk.goto('/desk/requests/R2020-999999');
        await expectVisible(desk.byTestId('request-error'), 'the error of an unknown request');
      });
      const notFound = await noEnglish(desk.byTestId('request-error'), 'an unknown request');
      expectThat(notFound.includes('R2020-999999'), `the unknown id is not named: ${notFound}`);

      // The engine's own check of a record (the page's checks turned off, as desk.e2e does).
      await desk.byTestId('nav-intake').click();
      await expectVisible(desk.byTestId('intake-form'), '受付');
      await desk.byTestId('intake-form').evaluate((form) => { form.dataset.clientChecks = 'off'; });
      await desk.fillIntake({type: 'purpose_notice', channel: 'counter', categories: ['qualification'],
        requester: {name: REQUESTER.name, kana: 'Ishida Ichiro'}});
      await watch.expectHttpErrors([422], async () => {
        await desk.byTestId('intake-submit').click();
        await expectVisible(desk.byTestId('form-error'), 'the engine\'s refusal on 受付');
      });
      await noEnglish(page.locator('main'), '受付 after the engine refused the record');
      await shot('intake-refused');
    });

    await step('the engine\'s refusals (role, state, stale version, validation, not found, rate limit) read in Japanese', async () => {
      const version = (await asOtherClerk('show', {id})).result.version;
      const replies = {
        'a role that may not': await asOtherClerk('advance', {id, event: 'legal_hold', version, data: {reason: '訴訟の可能性'}}),
        'a stale version': await asOtherClerk('advance', {id, event: 'note', version: 1, data: {text: 'x'}}),
        'not in this state': await asOtherClerk('advance', {id, event: 'assign', version, data: {to: 'reviewer1'}}),
        'invalid data': await asOtherClerk('advance', {id, event: 'note', version, data: {text: ''}}),
        'a command of another role': await asOtherClerk('disposal_list', {}),
        'an unknown request': await asOtherClerk('show', {id: 'R2020-999999'}),
      };
      // Five wrong passwords cost nothing; the sixth makes the next try wait (429).
      let limited = null;
      for (let i = 0; i < 8 && !limited; i += 1) {
        const form = await fetch(`${url}/login/token`);
        const token = (await form.json()).result.csrf;
        const answer = await fetch(`${url}/login`, {method: 'POST', body: JSON.stringify({user: OTHER_CLERK.name, password: `wrong-password-${i}-2026`}),
          headers: {'Content-Type': 'application/json', 'X-CSRF-Token': token, Cookie: form.headers.get('set-cookie').split(';')[0]}});
        if (answer.status === 429) limited = {...await answer.json(), status: 429};
      }
      expectThat(limited !== null, 'no 429 after eight wrong passwords');
      replies['a sign-in rate limit'] = limited;
      for (const [what, reply] of Object.entries(replies)) expectThat(!reply.ok, `${what}: the engine did not refuse`);
      const shownTexts = await page.evaluate(async (list) => {
        const {errorLine} = await import('/assets/messages.js');
        return list.map(([what, reply]) => [what, reply.error.message, errorLine(reply.error, reply.status)]);
      }, Object.entries(replies));
      for (const [what, message, shown] of shownTexts) {
        const found = english(shown, [id, 'R2020-999999']);
        expectThat(found === null, `${what}: "${message}" is shown with English (${found}): ${shown}`);
        expectThat(shown !== '', `${what}: nothing is shown`);
        console.log(`      ${what}: ${shown}`);
      }
    });
  } finally {
    await tearDown(steps, context, async () => fixture?.stop());
  }
  console.log(steps.summary());
  return steps.ok ? 0 : 1;
}

runScript(main);
