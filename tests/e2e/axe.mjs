// axe-core (npm, pinned in package-lock.json) in a page of the desk: its
// axe.min.js is put into the page with page.addScriptTag, as a script of the
// desk's own origin whose content Playwright answers from the file
// (page.route: the request never reaches the engine). An inline script tag
// would be refused by the desk's Content-Security-Policy (script-src 'self'),
// which this way stays on as in production. Then axe.run() checks the page
// as it is drawn now, dialogs included. expectNoAxeViolations fails listing
// each violation: its rule id, impact, what axe says, and the target of each
// node (CSS selectors), so that a failure says what to fix and where.
//
// The rules are axe's WCAG 2.x A and AA tags plus its best practices; none is
// turned off.

import fs from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const AXE_FILE = path.join(HERE, 'node_modules', 'axe-core', 'axe.min.js');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

let axeSource = null;

function source() {
  if (axeSource === null) {
    if (!fs.existsSync(AXE_FILE)) {
      throw new Error(`${AXE_FILE} is missing: run scripts/setup, or npm ci in tests/e2e (axe-core is in package-lock.json)`);
    }
    axeSource = fs.readFileSync(AXE_FILE, 'utf8');
  }
  return axeSource;
}

const AXE_PATH = '/__e2e/axe-core/axe.min.js';
const routed = new WeakSet();

// axe's results for the page as it is now: {violations}.
export async function axeRun(page, {include = null} = {}) {
  if (!routed.has(page)) {
    await page.route(`**${AXE_PATH}`, (route) => route.fulfill({status: 200, contentType: 'text/javascript; charset=utf-8', body: source()}));
    routed.add(page);
  }
  const present = await page.evaluate(() => typeof window.axe === 'object');
  if (!present) await page.addScriptTag({url: AXE_PATH});
  return page.evaluate(async ({tags, include}) => {
    const results = await window.axe.run(include ?? document, {
      runOnly: {type: 'tag', values: tags},
      resultTypes: ['violations'],
    });
    return {
      violations: results.violations.map((v) => ({
        id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.map((n) => ({target: n.target.map(String).join(' '), summary: n.failureSummary})),
      })),
    };
  }, {tags: TAGS, include});
}

// One line per violation and node: "id (impact): help — target".
export function describeViolations(violations) {
  const lines = [];
  for (const v of violations) {
    for (const n of v.nodes) lines.push(`${v.id} (${v.impact}): ${v.help} — ${n.target}${n.summary ? `\n    ${n.summary.replace(/\n/g, '\n    ')}` : ''}`);
  }
  return lines.join('\n');
}

// Throws listing every violation; `where` names the screen (and dialog) checked.
// Answers the number of screens checked so far (for the script's summary line).
let checked = 0;
export async function expectNoAxeViolations(page, where) {
  const {violations} = await axeRun(page);
  checked += 1;
  if (violations.length > 0) {
    const count = violations.reduce((n, v) => n + v.nodes.length, 0);
    throw new Error(`axe-core: ${violations.length} rule(s) violated on ${where} (${count} node(s)):\n${describeViolations(violations)}`);
  }
  return checked;
}
