// Follows a mailed email-confirmation link in headless Chromium, by keyboard: the page
// takes the token out of the address bar and puts the focus on its button; Enter confirms.
// Prints what the status line says and the address the page was left at.
//
//     node confirm_page.mjs LINK
import { chromium } from 'playwright-core';

const [link] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(link);
  await page.waitForFunction(() => document.getElementById('status').textContent === 'Confirm your new email address.');
  const address = page.url();
  if (address.includes('token')) throw new Error(`the address still holds the token: ${address}`);
  // A reload before the click keeps the page working (the token is kept for this tab).
  await page.reload();
  await page.waitForFunction(() => document.getElementById('status').textContent === 'Confirm your new email address.');
  const focused = await page.evaluate(() => document.activeElement.tagName);
  if (focused !== 'BUTTON') throw new Error(`focus is on ${focused}`);
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.getElementById('status').classList.contains('done'));
  console.log(JSON.stringify({ status: await page.locator('#status').textContent(), address }));
} finally {
  await browser.close();
}
