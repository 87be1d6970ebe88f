// The real back end for the browser: a fresh data folder made by
// `madoguchi-engine init`, its configuration set for a quick test (sockets in
// the folder, any free web port, short leases and timers), the desk's users
// with passwords, `madoguchi-engine run` and `madoguchi-letter-worker` as
// child processes. Everything listens on 127.0.0.1 or on ipc:// sockets in
// the data folder. stop() ends both children (SIGTERM, then SIGKILL); the
// cleanup module does the same at exit, whatever happened.

import {execFileSync, spawn} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {onCleanup} from './cleanup.mjs';
import {sleep} from './expect.mjs';

const WEB_URL_WAIT_MS = 30_000;

export class EngineFixture {
  // bin: folder of madoguchi-engine and madoguchi-letter-worker; data: a folder path that does not exist yet.
  constructor({bin, data}) {
    this.bin = bin;
    this.data = data;
    this.engine = null;
    this.worker = null;
    this.url = null;
  }

  program(name) {
    const file = path.join(this.bin, name);
    try {
      fs.accessSync(file, fs.constants.X_OK);
    } catch {
      throw new Error(`${file} is missing or not executable: build it first ` +
        '(cmake --build BUILD --target madoguchi-engine madoguchi-letter-worker)');
    }
    return file;
  }

  // `madoguchi-engine init`, the configuration, then each {name, role, password, kinds}
  // (a worker's outbox kinds, e.g. 'letter'; required for workers).
  setUp(users) {
    this.engineCli(['init', '--data', this.data]);
    const configFile = path.join(this.data, 'madoguchi.json');
    const config = JSON.parse(fs.readFileSync(configFile, 'utf8'));
    config.endpoints = {...config.endpoints,
      commands: `ipc://${path.join(this.data, 'commands.sock')}`,
      workers: `ipc://${path.join(this.data, 'workers.sock')}`};
    config.web = {...config.web, port: 0};
    config.workers = {...config.workers, lease_seconds: 2, timer_interval_seconds: 0.2};
    fs.writeFileSync(configFile, `${JSON.stringify(config, null, 2)}\n`);
    for (const {name, role, password, kinds} of users) {
      this.engineCli(['user', 'add', name, '--role', role, ...(kinds ? ['--kinds', kinds] : []), '--data', this.data]);
      if (password) this.engineCli(['user', 'passwd', name, '--data', this.data], `${password}\n`);
    }
  }

  engineCli(args, input = '') {
    try {
      return execFileSync(this.program('madoguchi-engine'), args, {input, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'], timeout: 30_000});
    } catch (e) {
      throw new Error(`madoguchi-engine ${args.join(' ')} failed (${e.status ?? e.signal ?? e.code}):\n${e.stdout ?? ''}${e.stderr ?? ''}`);
    }
  }

  // Starts the engine and waits for DATA/web.url; answers the desk's address.
  async startEngine() {
    // CI runs the tests as root; the engine refuses root unless told.
    const asRoot = process.getuid && process.getuid() === 0 ? ['--allow-root'] : [];
    this.engine = this.spawnChild('madoguchi-engine', ['run', '--data', this.data, ...asRoot], 'engine.out');
    const urlFile = path.join(this.data, 'web.url');
    const deadline = Date.now() + WEB_URL_WAIT_MS;
    while (Date.now() < deadline) {
      if (this.engine.exited) {
        throw new Error(`madoguchi-engine run exited (${this.engine.exited}) before it served the web desk:\n${this.engineLog()}`);
      }
      const text = fs.existsSync(urlFile) ? fs.readFileSync(urlFile, 'utf8').trim() : '';
      if (text) {
        const url = new URL(text);
        if (url.hostname !== '127.0.0.1') throw new Error(`the engine serves on ${text}, not on 127.0.0.1`);
        this.url = text.replace(/\/$/, '');
        return this.url;
      }
      await sleep(100);
    }
    throw new Error(`no ${urlFile} after ${WEB_URL_WAIT_MS / 1000} s:\n${this.engineLog()}`);
  }

  startLetterWorker(user) {
    this.worker = this.spawnChild('madoguchi-letter-worker',
      ['--key', path.join(this.data, 'keys', `${user}.key`), '--engine', `ipc://${path.join(this.data, 'workers.sock')}`],
      'letter-worker.out');
  }

  // A child with stdout and stderr in DATA/<log>; killed at exit whatever happens.
  spawnChild(name, args, log) {
    const logFile = path.join(this.data, log);
    const fd = fs.openSync(logFile, 'a');
    const child = spawn(this.program(name), args, {stdio: ['ignore', fd, fd], cwd: this.data});
    fs.closeSync(fd);
    const handle = {name, child, logFile, exited: null};
    child.on('exit', (code, signal) => { handle.exited = signal ?? `exit code ${code}`; });
    child.on('error', (e) => { handle.exited = `could not start: ${e.message}`; });
    handle.killNow = onCleanup(() => {
      if (handle.exited === null && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    });
    return handle;
  }

  // Ends the worker, then the engine: SIGTERM, SIGKILL after 5 s.
  async stop() {
    for (const handle of [this.worker, this.engine]) {
      if (!handle || handle.exited !== null) continue;
      handle.child.kill('SIGTERM');
      const deadline = Date.now() + 5_000;
      while (handle.exited === null && Date.now() < deadline) await sleep(50);
      if (handle.exited === null) {
        console.log(`      ${handle.name} did not stop on SIGTERM within 5 s: killed`);
        handle.killNow();
        while (handle.exited === null) await sleep(20);
      }
    }
  }

  // What went wrong, for a failure's message: whether each child still runs, and their logs' ends.
  diagnostics() {
    const parts = [];
    for (const handle of [this.engine, this.worker]) {
      if (!handle) continue;
      parts.push(`${handle.name}: ${handle.exited === null ? 'running' : `exited (${handle.exited})`}`);
      parts.push(tail(handle.logFile, 25));
    }
    // The engine's log file repeats its standard output: shown when that is empty.
    if (!this.engine || !fs.existsSync(this.engine.logFile) || fs.statSync(this.engine.logFile).size === 0) {
      parts.push(tail(path.join(this.data, 'logs', 'engine.log'), 25));
    }
    return parts.filter(Boolean).join('\n');
  }

  engineLog() {
    return [tail(this.engine?.logFile, 40), tail(path.join(this.data, 'logs', 'engine.log'), 40)].filter(Boolean).join('\n');
  }
}

function tail(file, lines) {
  if (!file || !fs.existsSync(file)) return '';
  const text = fs.readFileSync(file, 'utf8').trimEnd();
  if (!text) return `--- ${file}: empty`;
  return `--- ${file} (last ${lines} lines):\n${text.split('\n').slice(-lines).join('\n')}`;
}
