// Assertions that wait, in the manner of Playwright Test's expect (which
// playwright-core does not ship): each polls until it holds or its time is
// up, then throws an Error that says what was expected and what was seen.

const DEFAULT_TIMEOUT_MS = 10_000;
const POLL_MS = 100;

export class ExpectationError extends Error {}

// Polls probe() until check(value) is true; answers the last value.
export async function waitUntil(probe, check, describe, {timeout = DEFAULT_TIMEOUT_MS} = {}) {
  const deadline = Date.now() + timeout;
  let last;
  let lastError = null;
  for (;;) {
    try {
      last = await probe();
      lastError = null;
      if (check(last)) return last;
    } catch (e) {
      lastError = e;
    }
    if (Date.now() >= deadline) break;
    await sleep(POLL_MS);
  }
  const seen = lastError ? `error: ${firstLine(lastError.message)}` : `saw ${show(last)}`;
  throw new ExpectationError(`${describe(last)} — ${seen} after ${(timeout / 1000).toFixed(1)} s`);
}

export async function expectVisible(locator, what, options) {
  await waitUntil(() => locator.first().isVisible(), Boolean, () => `expected ${what} to be visible`, options);
}

export async function expectHidden(locator, what, options) {
  await waitUntil(async () => !(await locator.first().isVisible()), Boolean, () => `expected ${what} to be hidden`, options);
}

export async function expectCount(locator, predicate, what, options) {
  return waitUntil(() => locator.count(), predicate, () => `expected ${what}`, options);
}

// text: a string (the element's whole trimmed text) or a RegExp.
export async function expectText(locator, text, what, options) {
  return waitUntil(
    async () => (await locator.first().textContent({timeout: 1000}))?.trim() ?? null,
    (t) => t !== null && (text instanceof RegExp ? text.test(t) : t === text),
    () => `expected ${what} to ${text instanceof RegExp ? `match ${text}` : `read ${show(text)}`}`,
    options);
}

export async function expectAttribute(locator, name, value, what, options) {
  return waitUntil(
    () => locator.first().getAttribute(name, {timeout: 1000}),
    (v) => (value instanceof RegExp ? value.test(v ?? '') : v === value),
    () => `expected ${what} to have ${name}=${show(value)}`,
    options);
}

export async function expectValue(locator, value, what, options) {
  return waitUntil(
    () => locator.first().inputValue({timeout: 1000}),
    (v) => (value instanceof RegExp ? value.test(v) : v === value),
    () => `expected ${what} to have the value ${show(value)}`,
    options);
}

export async function expectUrl(page, pattern, what, options) {
  return waitUntil(() => page.url(), (u) => pattern.test(new URL(u).pathname),
    () => `expected ${what} (address matching ${pattern})`, options);
}

export function expectThat(condition, message) {
  if (!condition) throw new ExpectationError(message);
}

export function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function show(v) {
  if (v === undefined) return 'nothing';
  if (v instanceof RegExp) return String(v);
  const text = JSON.stringify(v);
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

function firstLine(text) {
  return String(text ?? '').split('\n')[0];
}
