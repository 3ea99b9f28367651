#!/usr/bin/env node
// tests/bench/serve-latency.mjs: how long a save takes to reach the page
// in `pamphlet serve`.
//
//   node tests/bench/serve-latency.mjs PAMPHLET CONTENT TEMPLATES OUT
//
// (or the environment variables PAMPHLET, CONTENT, TEMPLATES and OUT).
// CONTENT is an existing content folder, such as the synthetic one of
// tests/bench/gen.mjs.  Starts `PAMPHLET serve --port 0` on it, waits for
// its first build, then 5 times: writes the first exercise file that has
// a `frequency: "..."` line with a new, unique frequency, and times from
// fs.writeFileSync() returning until GET /exercises/SLUG/ (polled every
// 2 ms) holds the new value.  The exercise file is put back as it was at
// the end, and the server stopped with SIGTERM.  Before each save it
// waits PAUSE_MS (default 300; 0 for saves back to back): a person does
// not save again within milliseconds of the page reloading, and a server
// may still be tidying up after serving the last build (saving its
// cache), which is not the time from a save to the page.
//
// After each save it also times until GET /schedule/ (the table of every
// exercise's dose: a page of the whole site, made after the edited one)
// holds the new value: the rebuild of the whole site served (fetched
// again each time the preview's long poll says a build was published).
// Prints one line of JSON: {"median_ms":M,"runs":[R1,...,R5],
// "whole_median_ms":W,"whole":[...]} (ms).
// Measures and reports; fails (exit 1) only when something does not work
// (the server does not start, an edit never shows, a non-zero exit).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

const [bin, content, templates, out] = [0, 1, 2, 3].map((i) =>
  process.argv[2 + i] || process.env[['PAMPHLET', 'CONTENT', 'TEMPLATES', 'OUT'][i]]);
const RUNS = 5;
const PAUSE_MS = Number(process.env.PAUSE_MS ?? 300);
const START_TIMEOUT = 600000; // the first build of a big site takes a while
const EDIT_TIMEOUT = 60000;

function die(msg) {
  process.stderr.write(`serve-latency: ${msg}\n`);
  process.exit(1);
}
if (!bin || !content || !templates || !out)
  die('usage: node serve-latency.mjs PAMPHLET CONTENT TEMPLATES OUT');

// The exercise to edit, and its page's address (the file name as a slug).
const exDir = path.join(content, 'exercises');
const file = fs.readdirSync(exDir).filter((n) => n.endsWith('.md')).sort()
  .map((n) => path.join(exDir, n))
  .find((f) => /^frequency: ".*"$/m.test(fs.readFileSync(f, 'utf8')));
if (!file) die(`no exercise in ${exDir} has a frequency line`);
const original = fs.readFileSync(file, 'utf8');
const slug = path.basename(file, '.md').normalize('NFKD').replace(/[\u0300-\u036f]/g, '')
  .toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

const server = spawn(path.resolve(bin), ['serve', '--port', '0', '--quiet', '--content', content,
  '--templates', templates, '--out', out], { stdio: ['ignore', 'ignore', 'pipe'] });
let err = '';
let exited = null;
server.stderr.on('data', (d) => { err += d; });
const gone = new Promise((res) => server.on('exit', (code, signal) => { exited = { code, signal }; res(exited); }));
process.on('exit', () => { if (exited === null) server.kill('SIGKILL'); });

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
function get(port, p) {
  return new Promise((res) => {
    const req = http.get({ host: '127.0.0.1', port, path: p, agent }, (r) => {
      let body = '';
      r.setEncoding('utf8');
      r.on('data', (d) => { body += d; });
      r.on('end', () => res({ status: r.statusCode, body }));
    });
    req.on('error', () => res({ status: 0, body: '' }));
  });
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function main() {
  let port = 0;
  for (const end = Date.now() + START_TIMEOUT; !port; await sleep(10)) {
    const m = /serving \S+ at http:\/\/127\.0\.0\.1:(\d+)\//.exec(err);
    if (m) port = Number(m[1]);
    else if (exited !== null || Date.now() > end) die(`the server did not start: ${err}`);
  }
  const page = `/exercises/${slug}/`;
  const first = await get(port, page);
  if (first.status !== 200) die(`GET ${page}: ${first.status} ${err}`);

  const runs = [], whole = [];
  for (let i = 1; i <= RUNS; i++) {
    await sleep(PAUSE_MS);
    const value = `Latency run ${i} ${process.pid}-${Date.now()}`;
    fs.writeFileSync(file, original.replace(/^frequency: ".*"$/m, `frequency: "${value}"`));
    const t0 = performance.now();
    for (;;) {
      const r = await get(port, page);
      if (r.body.includes(value)) break;
      if (performance.now() - t0 > EDIT_TIMEOUT) die(`run ${i}: the edit never reached ${page}: ${err}`);
      await sleep(2);
    }
    runs.push(Math.round((performance.now() - t0) * 10) / 10);
    // Then the whole site: the schedule lists every exercise's dose.
    // (A page of 2 MB at 10,000: fetched again only when the build
    // generation changes, as the reload script would, so that fetching
    // it does not slow the build it waits for.)
    for (;;) {
      const r = await get(port, '/schedule/');
      if (r.body.includes(value)) break;
      if (performance.now() - t0 > EDIT_TIMEOUT) die(`run ${i}: the edit never reached /schedule/: ${err}`);
      const gen = (/data-gen="(\d+)"/.exec(r.body) || [])[1];
      if (gen) await get(port, `/__pamphlet/wait?gen=${gen}&page=%2Fschedule%2F`);
      else await sleep(2);
    }
    whole.push(Math.round((performance.now() - t0) * 10) / 10);
  }

  fs.writeFileSync(file, original);
  agent.destroy();
  server.kill('SIGTERM');
  const end = await Promise.race([gone, sleep(EDIT_TIMEOUT).then(() => null)]);
  if (!end || end.code !== 0) die(`the server did not stop cleanly: ${JSON.stringify(end)} ${err}`);
  const median = (v) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
  process.stdout.write(JSON.stringify({ median_ms: median(runs), runs,
    whole_median_ms: median(whole), whole }) + '\n');
  process.exit(0);
}
main().catch((e) => die(e.stack));
