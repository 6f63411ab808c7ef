/**
 * The users list: organization and team, filters, sorting, paging and columns, each shown
 * exactly as the store's `listUsers` answers.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { column, signedInHooks } from './browser.mjs';
import { expectedNames } from './reference.mjs';

let page;
signedInHooks({ ready: (p) => { page = p; } });

/** The column headings, without the sort marks. */
function headings() {
  return page.locator('table.users th').evaluateAll((ths) =>
    ths.map((th) => (th.querySelector('.sort')?.firstChild ?? th).textContent));
}

/** Waits for the list summary, then gives the names shown. */
async function names(summary) {
  await page.getByRole('status').getByText(summary).waitFor();
  return column(page, 'Name');
}

test('the organization list starts with the API defaults: newest id first, 10 rows', async () => {
  const shown = await names('Rows 1–10 of Organization 1, sorted by ID, descending');
  assert.deepEqual(shown, expectedNames({ organizationId: 1 }));
  assert.deepEqual(await column(page, 'ID'), ['33', '32', '31', '30', '29', '28', '27', '26', '25', '24']);
  assert.deepEqual(await headings(), ['ID', 'Name', 'Email', 'Role', 'Language', 'Time zone']);
  assert.equal(await page.locator('th[aria-sort]').innerText(), 'ID\n▼');
  assert.match(await page.locator('.request').textContent(),
    /^GET \/api\/v2\/users\?organizationId=1&cols\[\]=id&cols\[\]=name&cols\[\]=email&cols\[\]=userOrganizationRoles&cols\[\]=language&cols\[\]=timezone&pg\[sortBy\]=id&pg\[sortDir\]=desc&pg\[offset\]=0&pg\[limit\]=10$/);
});

test('sorting by name and email, both ways, in the store\'s order', async () => {
  await page.getByLabel('Sort by').selectOption('name');
  await page.getByLabel('Order').selectOption('asc');
  const ascending = await names('sorted by Name, ascending');
  assert.deepEqual(ascending.slice(0, 3), ['Aroha Ngata', 'Ayşe Yılmaz', 'Chloé Lefèvre']);
  assert.deepEqual(ascending, expectedNames({ organizationId: 1, pg: { sortBy: 'name', sortDir: 'asc' } }));

  // The column heading flips the order.
  await page.getByRole('button', { name: 'Name' }).click();
  const descending = await names('sorted by Name, descending');
  assert.deepEqual(descending, expectedNames({ organizationId: 1, pg: { sortBy: 'name', sortDir: 'desc' } }));
  assert.equal(await page.locator('th[aria-sort]').getAttribute('aria-sort'), 'descending');
  assert.equal(await page.getByLabel('Order').inputValue(), 'desc');

  await page.getByRole('button', { name: 'Email' }).click();
  await names('sorted by Email, ascending');
  const emails = await column(page, 'Email');
  assert.deepEqual(emails.slice(0, 3), ['anna.smirnova@example.com', 'aroha.ngata@example.com', 'ayse.yilmaz@example.com']);
});

test('filters by name, email and role', async () => {
  await page.getByLabel('Sort by').selectOption('name');
  await page.getByLabel('Order').selectOption('asc');
  await page.getByLabel('Name contains').fill('AR');
  await page.getByLabel('Name contains').press('Enter');
  const byName = await names(/^Rows 1–\d of Organization 1, sorted by Name, ascending$/);
  assert.deepEqual(byName, expectedNames({ organizationId: 1, name: 'AR', pg: { sortBy: 'name', sortDir: 'asc' } }));
  assert.ok(byName.length > 1 && byName.every((n) => /ar/i.test(n)), byName.join());

  await page.getByLabel('Name contains').fill('');
  await page.getByLabel('Email contains').fill('.SATO@');
  assert.deepEqual(await names('Rows 1–1 of Organization 1'), ['佐藤 花子']);

  await page.getByLabel('Email contains').fill('');
  await page.getByRole('combobox', { name: 'Role' }).selectOption({ label: 'Admin' });
  assert.deepEqual(await names('Rows 1–2 of Organization 1'), ['Jana Nováková', 'Tomáš Dvořák']);
  assert.deepEqual(await column(page, 'Role'), ['Admin', 'Admin']);

  await page.getByLabel('Name contains').fill('nobody like this');
  await page.getByText('No users match these filters.').waitFor();
  await page.getByLabel('Name contains').fill('');
  await page.getByRole('combobox', { name: 'Role' }).selectOption({ label: 'Any role' });
  await names('Rows 1–10 of Organization 1');
});

test('a team list with a team role filter', async () => {
  await page.getByLabel('List', { exact: true }).selectOption({ label: 'Team 2 (you: Team admin)' });
  const roleOptions = await page.getByRole('combobox', { name: 'Role' }).locator('option').allInnerTexts();
  assert.deepEqual(roleOptions, ['Any role', 'Team admin', 'Team member', 'Team monitoring', 'Team operator', 'Team restricted member']);
  const team = await names('of Team 2, sorted by Name, ascending');
  assert.deepEqual(team, expectedNames({ teamId: 2, pg: { sortBy: 'name', sortDir: 'asc' } }));

  await page.getByRole('combobox', { name: 'Role' }).selectOption({ label: 'Team monitoring' });
  await page.locator('.request').getByText('teamRoleId=3').waitFor({ state: 'attached' });
  const monitoring = await names(/Rows 1–\d+ of Team 2/);
  assert.deepEqual(monitoring, expectedNames({ teamId: 2, teamRoleId: 3, pg: { sortBy: 'name', sortDir: 'asc' } }));
  assert.ok(monitoring.length > 0);
  assert.deepEqual(new Set(await column(page, 'Role')), new Set(['Team monitoring']));
  await page.getByLabel('List', { exact: true }).selectOption({ label: 'Organization 1 (you: Owner)' });
  assert.equal(await page.getByRole('combobox', { name: 'Role' }).inputValue(), '', 'the role filter starts over');
});

test('paging with offset and limit', async () => {
  await page.getByLabel('Rows per page').selectOption('5');
  const first = await names('Rows 1–5 of Organization 1, sorted by Name, ascending');
  assert.ok(await page.getByRole('button', { name: '← Previous' }).isDisabled());
  await page.getByRole('button', { name: 'Next →' }).click();
  const second = await names('Rows 6–10 of Organization 1');
  assert.deepEqual(second, expectedNames({ organizationId: 1, pg: { sortBy: 'name', sortDir: 'asc', offset: 5, limit: 5 } }));
  await page.getByRole('button', { name: '← Previous' }).click();
  assert.deepEqual(await names('Rows 1–5 of Organization 1'), first);

  // The last page: 33 people, 25 a page.
  await page.getByLabel('Rows per page').selectOption('25');
  await page.getByRole('button', { name: 'Next →' }).click();
  await names('Rows 26–33 of Organization 1');
  assert.ok(await page.getByRole('button', { name: 'Next →' }).isDisabled());
});

test('a page asked for while a search box waits for typing to pause stays shown', async () => {
  await page.getByLabel('Sort by').selectOption('name');
  await page.getByLabel('Order').selectOption('asc');
  await page.getByLabel('Rows per page').selectOption('5');
  await names('Rows 1–5 of Organization 1, sorted by Name, ascending');
  // Type, then go to the next page at once: that request carries the typed filter, and the
  // reload that typing scheduled must not take the list back to page 1 afterwards.
  await page.getByLabel('Name contains').fill('a');
  await page.getByRole('button', { name: 'Next →' }).click();
  const second = await names('Rows 6–10 of Organization 1');
  assert.deepEqual(second, expectedNames({ organizationId: 1, name: 'a', pg: { sortBy: 'name', sortDir: 'asc', offset: 5, limit: 5 } }));
  await page.waitForTimeout(1000); // the typing pause is 300 ms
  assert.match(await page.getByRole('status').filter({ hasText: 'Rows' }).innerText(), /^Rows 6–10 of Organization 1/);
  assert.deepEqual(await column(page, 'Name'), second);
  await page.getByLabel('Name contains').fill('');
  await page.getByLabel('Name contains').press('Enter');
  await names('Rows 1–5 of Organization 1');
});

test('column choices ask the store for those columns', async () => {
  await page.getByText('Columns', { exact: true }).click();
  await page.getByRole('checkbox', { name: 'Language' }).uncheck();
  await page.getByRole('checkbox', { name: 'Country' }).check();
  await page.getByRole('checkbox', { name: 'Last sign-in' }).check();
  await page.locator('.request').getByText('cols[]=countryId').waitFor({ state: 'attached' });
  await page.getByText('Columns', { exact: true }).click();
  await page.getByLabel('Sort by').selectOption('id');
  await page.getByLabel('Order').selectOption('asc');
  await page.getByLabel('Rows per page').selectOption('5');
  await names('Rows 1–5 of Organization 1, sorted by ID, ascending');
  assert.deepEqual(await headings(), ['ID', 'Name', 'Email', 'Role', 'Time zone', 'Country', 'Last sign-in']);
  assert.deepEqual((await column(page, 'Country')).slice(1, 3), ['Czechia', 'Czechia']);
  const lastSignIn = await column(page, 'Last sign-in');
  assert.notEqual(lastSignIn[0], '—', 'the demo user has signed in');
  assert.equal(lastSignIn[1], '—', 'the others never have');
  assert.equal(await page.locator('table.users td[data-label="Language"]').count(), 0);
});
