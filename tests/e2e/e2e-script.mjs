// What every e2e script of the web desk shares: its command line (--bin DIR
// --screens DIR); playwright-core with Debian's Chromium and the tools the
// scripts use, each missing one named with how to get it; and its ending
// (Chromium closed, the servers stopped, the summary line, the exit code).

import {execFileSync} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {CHROMIUM} from './browser.mjs';
import {cleanupAll} from './cleanup.mjs';
import {Steps} from './steps.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));

// `script`: the script's file name, for the usage message.
export function parseArgs(argv, script) {
  const usage = (message) => {
    console.error(`${script}: ${message}\nusage: node tests/e2e/${script} --bin DIR --screens DIR`);
    process.exit(2);
  };
  const args = {};
  for (let i = 0; i < argv.length; i += 1) {
    const name = argv[i];
    if ((name === '--bin' || name === '--screens') && argv[i + 1]) args[name.slice(2)] = path.resolve(argv[++i]);
    else usage(`unknown or incomplete argument: ${name}`);
  }
  if (!args.bin || !args.screens) usage('both --bin and --screens are needed');
  return args;
}

// playwright-core, loaded only once we know it is there (a clear message otherwise).
export async function loadPlaywright() {
  const missing = [];
  if (!fs.existsSync(CHROMIUM)) missing.push(`${CHROMIUM} (Debian package chromium)`);
  if (!fs.existsSync(path.join(HERE, 'node_modules', 'playwright-core', 'package.json'))) {
    missing.push(`${path.join(HERE, 'node_modules', 'playwright-core')} (npm ci in tests/e2e)`);
  }
  try {
    execFileSync('pdftotext', ['-v'], {stdio: 'ignore'});
  } catch {
    missing.push('pdftotext (Debian package poppler-utils)');
  }
  if (missing.length) {
    throw new Error(`the web desk e2e test cannot run: missing ${missing.join('; ')}.\n` +
      'Run scripts/setup (as root), or by hand: apt-get install -y chromium poppler-utils nodejs npm && (cd tests/e2e && npm ci)');
  }
  return import('playwright-core');
}

// The end of a run, however it went: Chromium closed, then `stopServers`
// (async; each failure recorded as a failed tear-down), then everything
// cleanupAll undoes.
export async function tearDown(steps, context, stopServers) {
  try {
    if (context) await context.close();
  } catch (e) {
    console.log(`      closing Chromium: ${e?.message ?? e}`);
  }
  try {
    await stopServers();
  } catch (e) {
    steps.fail('tear-down', e);
  }
  cleanupAll();
}

// Runs `main` (which answers the exit code) and sets the process's exit code;
// an exception escaping it is printed and fails the run.
export function runScript(main) {
  main().then((code) => {
    process.exitCode = code;
  }, (e) => {
    console.error(e?.stack ?? e);
    cleanupAll();
    process.exitCode = 1;
  });
}

// A script's steps: on a failure, a screenshot of the page (fail-NAME.png in
// --screens), its address and the servers' diagnostics; after each step the
// PageWatch's check (no JavaScript error, no unexpected HTTP error).
// `current()` answers the script's {page, fixture, watch} as they are then:
// the set-up step makes them.
export function watchedSteps(screens, name, current) {
  const steps = new Steps({
    onFailure: async () => {
      const {page, fixture} = current();
      if (page) {
        await page.screenshot({path: path.join(screens, `fail-${name}.png`), fullPage: true, timeout: 5_000});
        console.log(`      page: ${page.url()}`);
      }
      if (fixture) console.log(fixture.diagnostics().split('\n').map((l) => `      ${l}`).join('\n'));
    },
  });
  const step = (title, body) => steps.run(title, async () => {
    await body();
    current().watch?.check();
  });
  return {steps, step};
}
