// The scenario's steps: each runs in turn and prints PASS or FAIL with its
// time; after the first failure the rest are not run (each builds on the one
// before) and print SKIP. The closing line is "N passed, N failed, N skipped".

export class Steps {
  constructor({onFailure = null} = {}) {
    this.results = [];
    this.failed = false;
    this.onFailure = onFailure;  // async (title, error) → called once, at the first failure
  }

  async run(title, body) {
    if (this.failed) {
      this.results.push({title, status: 'SKIP'});
      console.log(`SKIP  ${title}`);
      return;
    }
    const started = Date.now();
    try {
      await body();
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      this.results.push({title, status: 'PASS'});
      console.log(`PASS  ${title} (${seconds} s)`);
    } catch (error) {
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      this.failed = true;
      this.results.push({title, status: 'FAIL'});
      console.log(`FAIL  ${title} (${seconds} s)`);
      console.log(indent(error?.message ?? String(error)));
      if (process.env.E2E_STACK && error?.stack) console.log(indent(error.stack));
      if (this.onFailure) {
        try {
          await this.onFailure(title, error);
        } catch (e) {
          console.log(indent(`(while recording the failure: ${e?.message ?? e})`));
        }
      }
    }
  }

  // Records a failure that happened outside any step (set-up, tear-down).
  fail(title, error) {
    this.failed = true;
    this.results.push({title, status: 'FAIL'});
    console.log(`FAIL  ${title}`);
    console.log(indent(error?.message ?? String(error)));
  }

  summary() {
    const count = (s) => this.results.filter((r) => r.status === s).length;
    return `${count('PASS')} passed, ${count('FAIL')} failed, ${count('SKIP')} skipped`;
  }

  get ok() {
    return !this.failed && this.results.length > 0;
  }
}

function indent(text) {
  return String(text).split('\n').map((line) => `      ${line}`).join('\n');
}
