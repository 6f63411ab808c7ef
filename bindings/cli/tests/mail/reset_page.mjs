// Follows a mailed reset link in headless Chromium, as a person on a phone would with a
// keyboard: the page opens the reset session, the new password is typed into the focused
// field, Tab moves to the second one, Enter submits. Prints what the status line says.
//
//     node reset_page.mjs LINK NEW_PASSWORD
import { chromium } from 'playwright-core';

const [link, password] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
try {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  await page.goto(link);
  const status = page.locator('#status');
  await page.waitForFunction(() => document.getElementById('status').textContent === 'Choose your new password.');
  // The secret left the address bar before anything else happened.
  const address = page.url();
  if (address.includes('hash')) throw new Error(`the address still holds the hash: ${address}`);
  // The first field has the focus: type, Tab, type, Enter.
  const focused = await page.evaluate(() => document.activeElement.id);
  if (focused !== 'password1') throw new Error(`focus is on ${focused}`);
  await page.keyboard.type(password);
  await page.keyboard.press('Tab');
  await page.keyboard.type(password);
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.getElementById('status').classList.contains('done'));
  console.log(JSON.stringify({ status: await status.textContent(), address }));
} finally {
  await browser.close();
}
