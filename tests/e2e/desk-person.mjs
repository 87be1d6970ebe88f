// What a person does on the desk's pages, through the data-testid attributes
// each page's module documents (web/assets/*.js): sign in and out, find a
// request in 一覧, fire an event through its dialog on 案件詳細.
// Everything is clicked and typed; nothing is posted behind the pages' back.

import {
  expectAttribute, expectHidden, expectText, expectUrl, expectValue, expectVisible,
} from './expect.mjs';

export class DeskPerson {
  constructor(page, baseUrl) {
    this.page = page;
    this.baseUrl = baseUrl;
  }

  byTestId(id) {
    return this.page.getByTestId(id);
  }

  async goto(pathname) {
    await this.page.goto(`${this.baseUrl}${pathname}`, {waitUntil: 'load'});
  }

  // The sign-in page, filled and sent. Does not wait for the outcome.
  async submitLogin(user, password) {
    if (!/\/login$/.test(new URL(this.page.url()).pathname)) await this.goto('/login');
    await expectVisible(this.byTestId('login-form'), 'the sign-in form');
    await this.byTestId('login-user').fill(user);
    await this.byTestId('login-password').fill(password);
    await this.byTestId('login-submit').click();
  }

  // Signs in and waits for the role's home page and its header naming the user.
  async signIn(user, password, home) {
    await this.submitLogin(user, password);
    await expectUrl(this.page, new RegExp(`^${home}$`), `${user} to land on ${home}`);
    await expectText(this.byTestId('header-user'), user, 'the header\'s user name');
  }

  async signOut() {
    await this.byTestId('logout').click();
    await expectUrl(this.page, /^\/login$/, 'the sign-in page after ログアウト');
    await expectVisible(this.byTestId('login-form'), 'the sign-in form');
  }

  // 一覧 from the header, then the request's row link → 案件詳細.
  async openRequestFromQueue(id) {
    await this.byTestId('nav-queue').click();
    await expectUrl(this.page, /^\/desk\/queue$/, '一覧 (/desk/queue)');
    const link = this.byTestId(`row-link-${id}`);
    await expectVisible(link, `the row of ${id} in 一覧`);
    await link.click();
    await this.waitForRequest(id);
  }

  // 案件詳細 of `id` drawn (head, actions and letters).
  async waitForRequest(id) {
    await expectUrl(this.page, new RegExp(`^/desk/requests/${id}$`), `案件詳細 of ${id}`);
    await expectText(this.byTestId('request-id'), id, 'the request id in the page head');
    await expectVisible(this.byTestId('actions'), 'the 操作 panel');
    await this.lettersDrawn();
  }

  async lettersDrawn() {
    const letters = this.page.locator('#letters');
    await expectHidden(letters.locator('.loading'), 'the letters panel still loading (読み込み中…)', {timeout: 15_000});
  }

  // Opens the event's dialog from its button on 案件詳細; answers the dialog.
  async openEvent(event) {
    const button = this.byTestId(`event-${event}`);
    await expectVisible(button, `the ${event} button on 案件詳細 (allowed_events)`);
    await button.click();
    const dialog = this.byTestId(`event-form-${event}`);
    await expectVisible(dialog, `the ${event} dialog`);
    return dialog;
  }

  // Sends the open dialog and waits for the page to reload with the request in `state`.
  async submitEvent(event, state) {
    const dialog = this.byTestId(`event-form-${event}`);
    await dialog.getByTestId('event-submit').click();
    const error = dialog.getByTestId('event-error');
    try {
      await expectAttribute(this.byTestId('request-state'), 'data-state', state, `the request's state after ${event}`, {timeout: 15_000});
    } catch (e) {
      if (await error.isVisible().catch(() => false)) {
        throw new Error(`${event} was refused in its dialog: ${(await error.textContent())?.trim()}`);
      }
      throw e;
    }
    await expectHidden(dialog, `the ${event} dialog after the reload`);
    await this.lettersDrawn();
  }

  // 受付's form filled as a clerk does: each requester field typed and left
  // (Tab: the page normalises it then, katakana and NFKC).
  async fillIntake({type, channel, method, receivedAt, requester, categories, freeText}) {
    await this.byTestId('field-type').selectOption(type);
    await this.byTestId('field-channel').selectOption(channel);
    if (receivedAt) await this.byTestId('field-received_at').fill(receivedAt);
    if (method) {
      await expectVisible(this.byTestId('field-disclosure_method'), '開示の方法 (shown for a disclosure)');
      await this.byTestId(`field-disclosure_method-${method}`).check();
    }
    for (const [field, value] of Object.entries(requester)) {
      const input = this.byTestId(`field-requester.${field}`);
      await input.fill(value);
      await input.press('Tab');
    }
    for (const id of categories) await this.byTestId(`category-${id}`).check();
    if (freeText) await this.byTestId('field-free_text').fill(freeText);
  }

  async expectField(testid, value, what) {
    await expectValue(this.byTestId(testid), value, what);
  }
}
