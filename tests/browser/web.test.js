// Opens the pages a reader and a maintainer use in headless Chromium and
// checks what they show; screenshots go to $SHOTS.
'use strict';
const assert = require('node:assert/strict');
const path = require('node:path');
const { chromium } = require('playwright-core');

const base = process.env.BASE_URL;
const shots = process.env.SHOTS;

async function shot(page, name) {
  await page.screenshot({ path: path.join(shots, name + '.png'), fullPage: true });
}

async function step(name, fn) {
  process.stdout.write(name + ' ... ');
  await fn();
  console.log('ok');
}

(async () => {
  const context = await chromium.launchPersistentContext(process.env.PROFILE, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
           '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = context.pages()[0] || await context.newPage();
  let failed = false;
  try {
    await step('project list', async () => {
      await page.goto(base + '/');
      assert.equal(await page.locator('#projects a', { hasText: 'bt' }).count(), 1);
      await shot(page, 'projects');
    });
    await step('patch list with a filter', async () => {
      await page.click('#projects a:text("bt")');
      assert.match(page.url(), /\/project\/bt\/list\/$/);
      assert.equal(await page.locator('#patchlist tr').count(), 5);  // header + 4 patches
      await page.fill('input[name=q]', 'unrelated');
      await page.click('form.filters button');
      assert.match(page.url(), /q=unrelated/);
      const rows = page.locator('#patchlist tr');
      assert.equal(await rows.count(), 2);
      assert.match(await rows.nth(1).innerText(), /other: unrelated fix/);
      await shot(page, 'list-filtered');
    });
    await step('patch page', async () => {
      await page.goto(base + '/project/bt/list/?order=id');
      await page.click('#patchlist a:has-text("bt: first change")');
      assert.match(await page.locator('#title').innerText(), /bt: first change/);
      assert.equal(await page.locator('#state').innerText(), 'New');
      assert.equal(await page.locator('#diff .add').innerText(), '+line 1\n');
      assert.match(await page.locator('.comment pre').innerText(), /Reviewed-by: Rev Iewer/);
      assert.match(await page.locator('#tags').innerText(), /Reviewed-by: 1/);
      assert.equal(await page.locator('ol.series li').count(), 3);  // cover + 2 patches
      await shot(page, 'patch');
    });
    await step('series page', async () => {
      await page.click('h2 a:has-text("browser series")');
      assert.match(page.url(), /\/series\/\d+\/$/);
      assert.equal(await page.locator('#received').innerText(), '2 of 2');
      assert.equal(await page.locator('ol.series li').count(), 3);
      await shot(page, 'series');
    });
    await step('flat thread page', async () => {
      await page.goto(base + '/archive/bt/cover@bt/T/');
      const text = await page.locator('body').innerText();
      assert.match(text, /\[flat\|nested\] 4\+ messages in thread/);
      assert.equal(await page.locator('body > pre, body > ul > li > pre').count() >= 4, true);
      assert.match(text, /Looks good\./);
      await shot(page, 'thread-flat');
    });
    await step('nested thread page', async () => {
      await page.goto(base + '/archive/bt/cover@bt/t/');
      assert.ok(await page.locator('ul ul').count() > 0, 'replies are nested lists');
      assert.match(await page.locator('body').innerText(), /4\+ messages in thread/);
      await shot(page, 'thread-nested');
    });
    await step('markup in mail is shown as text', async () => {
      await page.goto(base + '/project/bt/list/?q=script');
      const cell = page.locator('#patchlist a', { hasText: 'alert' });
      assert.equal(await cell.innerText(), '<script>alert("x")</script> & friends');
      await cell.click();
      assert.equal(await page.locator('#title').innerText(), '<script>alert("x")</script> & friends');
      assert.match(await page.locator('#content').innerText(), /<b>not bold<\/b> & "quoted"/);
      assert.equal(await page.locator('b', { hasText: 'not bold' }).count(), 0);
      await shot(page, 'markup');
    });
    await step('log in and change a state', async () => {
      await page.goto(base + '/user/login/?next=/project/bt/list/');
      await page.fill('input[name=username]', 'maint');
      await page.fill('input[name=password]', 'maint-password-1');
      await page.click('form button[type=submit]:text("Log in")');
      assert.match(page.url(), /\/project\/bt\/list\/$/);
      await page.click('#patchlist a:has-text("bt: second change")');
      await page.selectOption('#patch-form select[name=state]', 'accepted');
      await page.click('#patch-form button[value=update]');
      assert.equal(await page.locator('#state').innerText(), 'Accepted');
      await shot(page, 'state-changed');
    });
  } catch (e) {
    failed = true;
    console.log('FAILED');
    console.error(e);
    await shot(page, 'failure').catch(() => {});
  } finally {
    await context.close();
  }
  process.exit(failed ? 1 : 0);
})();
