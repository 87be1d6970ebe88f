// What must be undone when the test ends, however it ends: child processes
// killed, temporary folders removed. Undo actions are synchronous so they
// can also run from process 'exit' and from SIGINT/SIGTERM/SIGHUP (a ctest
// time-out, a Ctrl-C), when no promise would be awaited any more.
// Each action runs once, the last registered first.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const actions = [];
let installed = false;

export function onCleanup(action) {
  install();
  const entry = {action, done: false};
  actions.push(entry);
  return () => runOne(entry);
}

export function cleanupAll() {
  for (const entry of [...actions].reverse()) runOne(entry);
}

// A fresh folder under the system's temporary folder, removed at the end.
export function freshTempDir(prefix) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  onCleanup(() => fs.rmSync(dir, {recursive: true, force: true}));
  return dir;
}

function runOne(entry) {
  if (entry.done) return;
  entry.done = true;
  try {
    entry.action();
  } catch (e) {
    console.error(`cleanup: ${e?.message ?? e}`);
  }
}

function install() {
  if (installed) return;
  installed = true;
  process.on('exit', cleanupAll);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => {
      console.error(`desk.e2e: ${signal}: stopping the engine, the worker and the browser`);
      cleanupAll();
      process.exit(1);
    });
  }
  process.on('uncaughtException', (e) => {
    console.error(`desk.e2e: uncaught: ${e?.stack ?? e}`);
    cleanupAll();
    process.exit(1);
  });
  process.on('unhandledRejection', (e) => {
    console.error(`desk.e2e: unhandled rejection: ${e?.stack ?? e}`);
    cleanupAll();
    process.exit(1);
  });
}
