#!/usr/bin/env node
// Finding work on 一覧 (issue 18) in headless Chromium on the real engine:
// a clerk finds a request by its 受付番号 typed full-width and in lower case,
// is told in Japanese when what was typed is no 受付番号, and finds a
// requester by surname typed in hiragana (the reading is stored in katakana)
// — never another person whose given name reads the same; a reviewer
// narrows the list to their own requests with one click (自分の担当のみ),
// opens one, and 一覧へ戻る brings back the list with the filters it had.
//
//   node tests/e2e/search.e2e.mjs --bin BUILD/bin --screens BUILD/screens
//
// Prints PASS/FAIL per step and "N passed, N failed, N skipped"; exit code 0
// only if all passed. Screenshots search-*.png go to --screens.

import fs from 'node:fs';
import path from 'node:path';
import {PageWatch, launchChromium} from './browser.mjs';
import {freshTempDir} from './cleanup.mjs';
import {DeskPerson} from './desk-person.mjs';
import {loadPlaywright, parseArgs, runScript, tearDown, watchedSteps} from './e2e-script.mjs';
import {EngineFixture} from './engine-fixture.mjs';
import {expectCount, expectHidden, expectText, expectThat, expectUrl, expectVisible} from './expect.mjs';

const CLERK = {name: 'clerk1', role: 'clerk', password: 'window-desk-madoguchi-2026'};
const MANAGER = {name: 'manager1', role: 'manager'};
const REVIEWER = {name: 'reviewer1', role: 'reviewer', password: 'review-desk-madoguchi-2026'};

// 和泉 (イズミ) is a surname; 泉 (イズミ) is another person's given name.
const PEOPLE = [
  {name: '和泉 健', kana: 'イズミ ケン', number: '70001'},
  {name: '佐藤 泉', kana: 'サトウ イズミ', number: '70002'},
  {name: '山田 さくら', kana: 'ヤマダ サクラ', number: '70003'},
];

function record(person, i) {
  return {
    type: 'purpose_notice',
    requester: {name: person.name, kana: person.kana, birth_date: '1980-04-12', insured_symbol: '3141',
      insured_number: person.number, postal_code: '104-0031', address: '東京都中央区京橋1-1-1', phone: '03-1234-5678'},
    categories: ['qualification'], channel: 'counter', idempotency_key: `search-e2e-${i}`,
  };
}

// "ｒ２０２６－０００００１": an id as a phone call and an IME give it.
function fullWidthLower(id) {
  return [...id.toLowerCase()].map((c) => String.fromCharCode(c.charCodeAt(0) - 0x21 + 0xFF01)).join('');
}

async function main() {
  const args = parseArgs(process.argv.slice(2), 'search.e2e.mjs');
  fs.mkdirSync(args.screens, {recursive: true});
  let fixture = null;
  let context = null;
  let page = null;
  let watch = null;
  let desk = null;
  let root = null;
  let url = null;
  const ids = [];
  const {steps, step} = watchedSteps(args.screens, 'search', () => ({page, fixture, watch}));
  const shot = (name) => page.screenshot({path: path.join(args.screens, `search-${name}.png`), fullPage: true});

  // A command as a script sends it (bearer token), for the set-up only.
  async function api(token, command, body) {
    const answer = await fetch(`${url}/api/${command}`, {
      method: 'POST', headers: {'Authorization': `Bearer ${token}`, 'Content-Type': 'application/json'}, body: JSON.stringify(body)});
    const reply = await answer.json();
    if (!reply.ok) throw new Error(`${command}: ${JSON.stringify(reply.error)}`);
    return reply.result;
  }

  try {
    await step('set-up: engine, three requests (one assigned to reviewer1), Chromium', async () => {
      const {chromium} = await loadPlaywright();
      root = freshTempDir('mdg-search-');
      fixture = new EngineFixture({bin: args.bin, data: path.join(root, 'data')});
      fixture.setUp([CLERK, MANAGER, REVIEWER]);
      const token = (user) => fixture.engineCli(['user', 'token', user, '--data', fixture.data]).trim().split(/\s+/).pop();
      const clerkToken = token(CLERK.name);
      const managerToken = token(MANAGER.name);
      url = await fixture.startEngine();
      for (const [i, person] of PEOPLE.entries()) {
        const made = await api(clerkToken, 'intake', {record: record(person, i)});
        const verified = await api(clerkToken, 'advance', {id: made.id, event: 'verify_identity', version: made.version,
          data: {method: 'counter', documents: [{kind: 'passport', issued: '2022-05-01'}]}});
        if (i === 0) await api(managerToken, 'advance', {id: made.id, event: 'assign', version: verified.version, data: {to: REVIEWER.name}});
        ids.push(made.id);
      }
      const profile = path.join(root, 'profile');
      fs.mkdirSync(profile);
      context = await launchChromium(chromium, profile);
      context.setDefaultTimeout(15_000);
      page = context.pages()[0] ?? await context.newPage();
      watch = new PageWatch(page);
      desk = new DeskPerson(page, url);
    });

    await step('a clerk finds a request by its 受付番号 typed full-width in lower case, and is told when it is none', async () => {
      await desk.signIn(CLERK.name, CLERK.password, '/desk/intake');
      await desk.byTestId('nav-queue').click();
      await expectCount(desk.byTestId('queue-row'), (n) => n === 3, 'all three requests');
      const box = desk.byTestId('filter-id');
      await box.fill(` ${fullWidthLower(ids[1])} `);
      await box.press('Enter');
      await expectCount(desk.byTestId('queue-row'), (n) => n === 1, 'one request for the id');
      await expectVisible(desk.byTestId(`row-link-${ids[1]}`), `the row of ${ids[1]}`);
      await expectUrl(page, /^\/desk\/queue$/, '一覧');
      expectThat(new URL(page.url()).searchParams.get('id')?.includes('２') ?? false, `the id typed kept in the address (${page.url()})`);
      await shot('id');
      await watch.expectHttpErrors([422], async () => {
        await box.fill('R2026-12');
        await box.press('Enter');
        await expectText(desk.byTestId('queue-error'), /受付番号として読めません（R2026-12）/, 'the refusal in Japanese');
      });
      await shot('id-refused');
      await box.fill('');
      await box.press('Enter');
      await expectCount(desk.byTestId('queue-row'), (n) => n === 3, 'all three again');
    });

    await step('a clerk finds a requester by surname in hiragana, not another person whose given name reads the same', async () => {
      const name = desk.byTestId('filter-name');
      await name.fill('いずみ');
      await name.press('Enter');
      await expectCount(desk.byTestId('queue-row'), (n) => n === 1, 'one requester whose surname reads イズミ');
      await expectVisible(desk.byTestId(`row-link-${ids[0]}`), `和泉's request ${ids[0]}`);
      expectThat(!page.url().includes(encodeURIComponent('いずみ')) && !page.url().includes('name='), `no name in the address (${page.url()})`);
      await shot('surname');
      await name.fill('山田　サクラ');
      await name.press('Enter');
      await expectCount(desk.byTestId('queue-row'), (n) => n === 1, 'the name written in hiragana, found in katakana');
      await expectVisible(desk.byTestId(`row-link-${ids[2]}`), `山田's request ${ids[2]}`);
      await desk.signOut();
    });

    await step('a reviewer sees only their own requests with one click, and 一覧へ戻る keeps the filters', async () => {
      await desk.signIn(REVIEWER.name, REVIEWER.password, '/desk/queue');
      await expectCount(desk.byTestId('queue-row'), (n) => n >= 1, 'the reviewer\'s list');
      await desk.byTestId('filter-mine').check();
      await expectCount(desk.byTestId('queue-row'), (n) => n === 1, 'only the request assigned to reviewer1');
      await expectText(desk.byTestId('cell-assignee'), REVIEWER.name, 'assigned to reviewer1');
      expectThat(new URL(page.url()).searchParams.get('mine') === '1', `自分の担当のみ in the address (${page.url()})`);
      await desk.byTestId('sort-id').click();
      await expectUrl(page, /^\/desk\/queue$/, '一覧 sorted by id');
      await shot('mine');
      await desk.byTestId(`row-link-${ids[0]}`).click();
      await desk.waitForRequest(ids[0]);
      await desk.byTestId('back-to-queue').click();
      await expectUrl(page, /^\/desk\/queue$/, '一覧 again');
      const back = new URL(page.url()).searchParams;
      expectThat(back.get('mine') === '1' && back.get('sort') === 'id', `the filters and the order back in the address (${page.url()})`);
      await expectCount(desk.byTestId('queue-row'), (n) => n === 1, 'still only the reviewer\'s own');
      expectThat(await desk.byTestId('filter-mine').isChecked(), '自分の担当のみ still ticked');
      await desk.byTestId('filter-mine').uncheck();
      await expectCount(desk.byTestId('queue-row'), (n) => n === 3, 'every request again');
      await expectHidden(desk.byTestId('queue-error'), 'no error');
    });
  } finally {
    await tearDown(steps, context, async () => fixture?.stop());
  }
  console.log(steps.summary());
  return steps.ok ? 0 : 1;
}

runScript(main);
