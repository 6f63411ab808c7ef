/**
 * The package in headless Chromium (Debian's /usr/bin/chromium driven by playwright-core; no
 * browser is ever downloaded): it runs in a page, a store in OPFS survives a page reload, and
 * a snapshot taken in the page opens in Node with the same users.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { chromium } from 'playwright-core';
import { UserStore } from '../js/pkg.mjs';
import { serve } from './server.mjs';

const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
let server;
let browser;
let page;

before(async () => {
  server = await serve(new URL('../../', import.meta.url));
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  page = await browser.newPage();
  page.on('pageerror', (e) => console.error('page error:', e));
  await open();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** Loads the test page (or, with `reload`, reloads it) and waits for the package. */
async function open(reload = false) {
  if (reload) await page.reload();
  else await page.goto(`${server.url}/tests/browser/index.html`);
  await page.waitForFunction(() => document.getElementById('status').textContent === 'ready');
}

test('the package runs in the page', async () => {
  const r = await page.evaluate(() => window.userstoreTest.inMemory());
  assert.equal(r.user.email, 'jane@example.com');
  assert.deepEqual(r.error, { isClass: true, code: 'IM102', status: 400 });
  assert.deepEqual([r.status, r.userId], [200, 1]);
});

test('an OPFS store survives a page reload, and its snapshot opens in Node', async () => {
  const name = `users-${Date.now()}.db`;
  const jane = await page.evaluate(
    ([n]) => window.userstoreTest.opfsAdd(n, { name: 'Jane Doe', email: 'jane@example.com', password: 'Blue-Otter-47' }),
    [name],
  );
  const ada = await page.evaluate(
    ([n]) => window.userstoreTest.opfsAdd(n, { name: 'Ada King', email: 'ada@example.com' }),
    [name],
  );
  assert.deepEqual([jane.id, ada.id], [1, 2]);

  await open(true);
  const read = await page.evaluate(([n]) => window.userstoreTest.opfsRead(n, 2), [name]);
  assert.deepEqual(read.users, [jane, ada]);
  assert.deepEqual(read.error, { isClass: true, code: 'SC404', detail: 'User 3 not found.' });

  const store = UserStore.openSnapshot(Uint8Array.from(read.snapshot), { insecureFastHashingForTestsOnly: true });
  const user = (userId) => store.callAsSystem('getUser', { userId }).user;
  assert.deepEqual([user(1), user(2)], [jane, ada]);
  assert.equal(store.login({ email: 'jane@example.com', password: 'Blue-Otter-47' }).session.userId, 1);
  store.free();
});
