/**
 * Runs the shared scenarios of tests/scenarios/*.json against the JS package: `call` steps
 * through `UserStore.call`, `request` steps through `UserStore.handle(new Request(...))`.
 * The semantics are those of the Rust runner tests/scenarios.rs (format in
 * tests/scenarios/README.md); keep the two in step.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { testStore, UserStoreError } from './pkg.mjs';

const dir = new URL('../scenarios/', import.meta.url);

/** Replaces `{{name}}` in every string; a string that is exactly `{{name}}` takes the value. */
function fill(v, vars) {
  if (typeof v === 'string') {
    const m = /^\{\{(.*)\}\}$/s.exec(v);
    if (m && vars.has(m[1])) return structuredClone(vars.get(m[1]));
    let out = v;
    for (const [k, val] of vars) {
      out = out.replaceAll(`{{${k}}}`, typeof val === 'string' ? val : JSON.stringify(val));
    }
    return out;
  }
  if (Array.isArray(v)) return v.map((x) => fill(x, vars));
  if (v !== null && typeof v === 'object') {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, fill(x, vars)]));
  }
  return v;
}

/** `actual` equals `expected`, where the string `"<any>"` matches anything. */
function matches(expected, actual) {
  if (expected === '<any>') return true;
  if (Array.isArray(expected)) {
    return (
      Array.isArray(actual) &&
      expected.length === actual.length &&
      expected.every((x, i) => matches(x, actual[i]))
    );
  }
  if (expected !== null && typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return false;
    const keys = Object.keys(expected);
    return (
      keys.length === Object.keys(actual).length &&
      keys.every((k) => Object.hasOwn(actual, k) && matches(expected[k], actual[k]))
    );
  }
  return expected === actual;
}

/** A dotted path into a JSON value; negative array indexes count from the end. */
function atPath(v, path) {
  let cur = v;
  for (const part of path.split('.').filter((p) => p !== '')) {
    if (Array.isArray(cur)) {
      if (!/^-?\d+$/.test(part)) return undefined;
      const i = Number(part);
      cur = cur[i < 0 ? cur.length + i : i];
    } else if (cur !== null && typeof cur === 'object') {
      cur = Object.hasOwn(cur, part) ? cur[part] : undefined;
    } else {
      return undefined;
    }
    if (cur === undefined) return undefined;
  }
  return cur;
}

/** The value a `save` source names. */
function extract(source, body, headers) {
  if (typeof source === 'string') {
    const v = atPath(body, source);
    assert.notEqual(v, undefined, `nothing at ${source}`);
    return v;
  }
  let base;
  if (typeof source.header === 'string') {
    const found = headers.find(([k]) => k === source.header);
    assert.ok(found, `no header ${source.header}`);
    base = found[1];
  } else {
    base = atPath(body, source.path);
    assert.notEqual(base, undefined, `nothing at ${source.path}`);
  }
  let text = typeof base === 'string' ? base : JSON.stringify(base);
  if (typeof source.after === 'string') {
    const i = text.indexOf(source.after);
    assert.ok(i >= 0, `'${source.after}' not in ${text}`);
    text = text.slice(i + source.after.length);
  }
  if (typeof source.until === 'string') {
    const i = text.indexOf(source.until);
    if (i >= 0) text = text.slice(0, i);
  }
  return text;
}

/** Runs a `call` step: 200 and the result, or the error's status and body. */
function call(store, step) {
  try {
    // Without "auth" a step is the host's own call, made as the system actor by name.
    const result = step.auth
      ? store.call(step.call, step.args ?? null, step.auth)
      : store.callAsSystem(step.call, step.args ?? null);
    return [200, [], result];
  } catch (e) {
    if (!(e instanceof UserStoreError)) throw e;
    return [e.status, [], e.body];
  }
}

/** The URL of a `request` step: its path (without any `?…`) and its `query`. */
function stepUrl(r) {
  const query = r.query ?? '';
  return `http://userstore.test${r.path.split('?')[0]}${query ? `?${query}` : ''}`;
}

/**
 * True when the WHATWG URL parser rewrites the step's path (it resolves `.`/`..` segments,
 * also as `%2e`): such a path cannot reach `handle` inside a fetch `Request` at all, on any
 * runtime, so the step is reported and skipped rather than run against another route.
 */
function unreachableByFetch(r) {
  return new URL(stepUrl(r)).pathname !== r.path.split('?')[0];
}

/** Runs a `request` step through `handle(new Request(...))`. */
async function request(store, r) {
  const headers = new Headers(r.headers ?? {});
  let body;
  if (Object.hasOwn(r, 'body')) {
    body = JSON.stringify(r.body);
    if (!headers.has('content-type')) headers.set('content-type', 'application/json');
  } else if (typeof r.rawBody === 'string') {
    body = r.rawBody;
  }
  const res = await store.handle(new Request(stepUrl(r), { method: r.method, headers, body }));
  const text = await res.text();
  let json = null;
  try {
    json = JSON.parse(text);
  } catch {
    // not JSON: compared as null, like the Rust runner
  }
  return [res.status, [...res.headers], json];
}

async function run(t, file) {
  const scenario = JSON.parse(readFileSync(new URL(file, dir), 'utf8'));
  const store = testStore(scenario.config ?? {});
  const vars = new Map();
  try {
    for (const [i, raw] of scenario.steps.entries()) {
      const step = fill(raw, vars);
      const at = `${file} step ${i + 1}`;
      if (Object.hasOwn(step, 'advance')) {
        store.advanceClock(step.advance);
        continue;
      }
      if (Object.hasOwn(step, 'request') && unreachableByFetch(step.request)) {
        t.diagnostic(`${at}: skipped, fetch's URL parser rewrites the path ${step.request.path}`);
        continue;
      }
      const [status, headers, body] = Object.hasOwn(step, 'call')
        ? call(store, step)
        : await request(store, step.request);
      const expect = step.expect ?? {};
      if (Object.hasOwn(expect, 'status')) {
        assert.equal(status, expect.status, `${at}: status; body ${JSON.stringify(body)}`);
      }
      if (Object.hasOwn(expect, 'body')) {
        assert.ok(
          matches(expect.body, body),
          `${at}: body\n expected ${JSON.stringify(expect.body)}\n   actual ${JSON.stringify(body)}`,
        );
      }
      for (const [k, v] of Object.entries(expect.headers ?? {})) {
        const actual = headers.find(([h]) => h === k)?.[1];
        const ok = v === null ? actual === undefined : actual !== undefined && matches(v, actual);
        assert.ok(ok, `${at}: header ${k}: expected ${JSON.stringify(v)}, got ${actual}`);
      }
      for (const [k, source] of Object.entries(step.save ?? {})) {
        vars.set(k, extract(source, body, headers));
      }
    }
  } finally {
    store.free();
  }
}

const files = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort();

test('the shared scenarios exist', () => {
  assert.ok(files.length >= 5, `expected at least 5 scenario files, found ${files.length}`);
});

for (const file of files) {
  test(`scenario ${file}`, (t) => run(t, file));
}
