// Debian's Chromium, headless, driven by playwright-core (never a browser
// of Playwright's own: none is downloaded), in a fresh profile, as a
// Japanese desk PC would show the pages (ja-JP, Asia/Tokyo, 1366×768; in
// Japanese, date inputs included, when chromium-l10n is installed).
//
// PageWatch records what must fail the test: any uncaught error in a page
// (pageerror) and any console error — except "Failed to load resource" for
// an HTTP status the current step expects (e.g. 401 for a wrong password,
// 422 for a refused form), declared with expectHttpErrors().

import {onCleanup} from './cleanup.mjs';
import {sleep} from './expect.mjs';

// Console lines can reach us a little after the page has shown the answer.
const CONSOLE_GRACE_MS = 300;

export const CHROMIUM = '/usr/bin/chromium';

export async function launchChromium(chromium, profileDir) {
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: {width: 1366, height: 768},
    locale: 'ja-JP',
    timezoneId: 'Asia/Tokyo',
    acceptDownloads: true,
    // Date and time inputs follow the browser's own language, not `locale`:
    // with Debian's chromium-l10n (ja.pak) they then read 2026/11/26 as in Japan.
    env: {...process.env, LANG: 'ja_JP.UTF-8', LANGUAGE: 'ja'},
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  // The browser process is a child of this one: killed at exit whatever happens.
  const browserProcess = context.browser()?.process?.() ?? null;
  onCleanup(() => { if (browserProcess && browserProcess.exitCode === null) browserProcess.kill('SIGKILL'); });
  return context;
}

export class PageWatch {
  constructor(page) {
    this.problems = [];
    this.allowed = new Set();
    page.on('pageerror', (error) => {
      this.problems.push(`JavaScript error on ${page.url()}: ${error.message}`);
    });
    page.on('console', (message) => {
      if (message.type() !== 'error') return;
      const text = message.text();
      const status = text.match(/^Failed to load resource: the server responded with a status of (\d{3})/)?.[1];
      if (status && this.allowed.has(Number(status))) return;
      const where = message.location()?.url || page.url();
      this.problems.push(`console error on ${page.url()}: ${text}${where && where !== page.url() ? ` (${where})` : ''}`);
    });
  }

  // Runs body() with these HTTP error statuses expected (their console lines are not errors).
  async expectHttpErrors(statuses, body) {
    for (const s of statuses) this.allowed.add(s);
    try {
      return await body();
    } finally {
      await sleep(CONSOLE_GRACE_MS);
      for (const s of statuses) this.allowed.delete(s);
    }
  }

  // Throws if anything was recorded since the last call.
  check() {
    if (this.problems.length === 0) return;
    const problems = this.problems.splice(0);
    throw new Error(`the page reported ${problems.length} error(s):\n${problems.join('\n')}`);
  }
}
