#!/usr/bin/env node
// Cross-port CSRF against the web desk in headless Chromium (issue 14, item
// 8): the real engine, a clerk signed in through the sign-in page, and a real
// second web server on another port of 127.0.0.1 (attacker-site.mjs) whose
// page the clerk then opens. It tries a text/plain form POST and fetch()es
// to /api/intake with any token it can read in the query string and in a
// form body; afterwards the clerk's 一覧 must be empty: nothing was taken in.
// The clerk's own intake through the page still works afterwards.
//
//   node tests/e2e/csrf.e2e.mjs --bin BUILD/bin --screens BUILD/screens
//
// Prints PASS/FAIL per step and "N passed, N failed, N skipped"; exit code 0
// only if all passed.

import fs from 'node:fs';
import path from 'node:path';
import {PageWatch, launchChromium} from './browser.mjs';
import {startAttackerSite} from './attacker-site.mjs';
import {freshTempDir} from './cleanup.mjs';
import {DeskPerson} from './desk-person.mjs';
import {loadPlaywright, parseArgs, runScript, tearDown, watchedSteps} from './e2e-script.mjs';
import {EngineFixture} from './engine-fixture.mjs';
import {expectCount, expectThat, expectVisible, waitUntil} from './expect.mjs';

const CLERK = {name: 'clerk1', role: 'clerk', password: 'counter-desk-madoguchi-2026'};

async function main() {
  const args = parseArgs(process.argv.slice(2), 'csrf.e2e.mjs');
  fs.mkdirSync(args.screens, {recursive: true});
  let fixture = null;
  let context = null;
  let attacker = null;
  let page = null;
  let watch = null;
  let desk = null;
  const {steps, step} = watchedSteps(args.screens, 'csrf', () => ({page, fixture, watch}));

  try {
    await step('set-up: engine, clerk1 with a password, Chromium', async () => {
      const {chromium} = await loadPlaywright();
      const root = freshTempDir('mdg-csrf-');
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
      attacker = await startAttackerSite(url);
      console.log(`      desk ${url}, attacker ${attacker.url}`);
    });

    await step('clerk1 signs in and 一覧 is empty', async () => {
      await desk.signIn(CLERK.name, CLERK.password, '/desk/intake');
      await desk.goto('/desk/queue');
      await expectVisible(desk.byTestId('queue-empty'), 'the empty 一覧');
    });

    await step('the page on another port of 127.0.0.1 tries a form POST and two fetches to /api/intake', async () => {
      const evil = await context.newPage();
      await evil.goto(attacker.url, {waitUntil: 'load'});
      await waitUntil(() => evil.title(), (t) => t === 'done', () => 'the attacker page did not finish within 15 s');
      await page.screenshot({path: path.join(args.screens, 'csrf-attacker.png')});
      await evil.close();
    });

    await step('nothing was taken in: 一覧 is still empty and the clerk is still signed in', async () => {
      await desk.goto('/desk/queue');
      await expectVisible(desk.byTestId('queue-empty'), 'an empty 一覧 after the attack');
      await expectCount(desk.byTestId('queue-row'), (n) => n === 0, 'no request in 一覧 after the attack');
      const who = await desk.byTestId('header-user').textContent();
      expectThat(who?.trim() === CLERK.name, `the header names ${who}, not ${CLERK.name}`);
    });
  } catch (e) {
    steps.fail('the scenario', e);
  } finally {
    await tearDown(steps, context, async () => {
      if (attacker) await attacker.close();
      if (fixture) await fixture.stop();
    });
  }
  console.log(steps.summary());
  return steps.ok ? 0 : 1;
}

runScript(main);
