import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { uploadFile, type PhotoCloudClient } from '@photocloud/sdk';
import { signInOnPage, signUpWithApi, startE2eStack, waitUntilProcessed, type E2eStack } from './helpers/stack.ts';
import { generatePhotos } from './helpers/photos.ts';
import { DESKTOP, launchChromium, PHONE, Screens, waitForCount } from './helpers/browser.ts';

const EMAIL = 'lin@example.test';
const PASSWORD = 'correct horse battery staple';
const ACTIONS = ['Clear selection', 'Add to album', 'Share', 'Add to favorites', 'Move to trash'];

let e2e: E2eStack;
let browser: Browser;
let base: string;
let owner: PhotoCloudClient;
let albumId: string;
const screens = new Screens('web-selection');

/** Where the first photo of the grid is on screen: it must not move when the selection bar appears. */
const firstTileTop = (page: Page) => page.locator('.tile').first().evaluate((el) => el.getBoundingClientRect().top);
const box = async (page: Page, selector: string) => (await page.locator(selector).first().boundingBox())!;

/** The selection bar covers the top bar exactly: same place, same height, and it is what is drawn there. */
async function assertOverTopBar(page: Page, count: number, selected = 'selected', upload = 'Upload'): Promise<void> {
  const bar = page.getByRole('toolbar', { name: `${count} ${selected}` });
  await bar.waitFor();
  assert.equal(await bar.getByText(`${count} ${selected}`, { exact: true }).isVisible(), true);
  const [b, top] = [(await bar.boundingBox())!, await box(page, 'header.topbar')];
  assert.ok(Math.abs(b.y - top.y) <= 1 && b.height >= top.height - 2 && b.height <= top.height, `bar ${JSON.stringify(b)} over top bar ${JSON.stringify(top)}`);
  assert.ok(Math.abs(b.x - top.x) <= 1 && Math.abs(b.width - top.width) <= 1, 'the bar spans the whole top bar');
  const onTop = await page.evaluate(([x, y]) => !!document.elementFromPoint(x!, y!)?.closest('.selection-bar'), [b.x + b.width / 2, b.y + b.height / 2]);
  assert.ok(onTop, 'the bar is what shows in the middle of the top bar');
  // The top bar's own Upload button and avatar give way to it.
  assert.equal(await page.locator('header .topbar-actions').count(), 1, 'the top bar’s actions are still in the page, under the bar');
  assert.equal(await page.getByRole('button', { name: upload, exact: true }).isVisible(), false);
  assert.equal(await page.locator('header .avatar').isVisible(), false);
}

async function assertTopBarBack(page: Page, upload = 'Upload'): Promise<void> {
  await page.locator('.selection-bar').waitFor({ state: 'detached' });
  await page.getByRole('button', { name: upload, exact: true }).waitFor();
  assert.equal(await page.locator('header .avatar').isVisible(), true);
}

describe('web app: the selection bar takes the top bar’s place and moves nothing, in Chromium against the whole stack', { timeout: 300_000 }, () => {
  let context: BrowserContext;
  let page: Page;
  const errors: string[] = [];

  before(async () => {
    e2e = await startE2eStack({ name: 'web-selection', privateWebCopy: true });
    base = e2e.base;
    // Account, photos and an album through the API: what is under test here is the selection on screen.
    owner = await signUpWithApi(e2e, { email: EMAIL, password: PASSWORD, firstName: 'Lin' });
    const ids: string[] = [];
    for (const p of await generatePhotos()) ids.push((await uploadFile(owner.http, new Blob([new Uint8Array(p.buffer)], { type: p.mimeType }), p.name)).media.id);
    await waitUntilProcessed(owner, ids.length);
    const album = await owner.albums.create({ name: 'Holidays' });
    await owner.albums.addMedia(album.id, ids);
    albumId = album.id;

    browser = await launchChromium();
    context = await browser.newContext({ viewport: DESKTOP, locale: 'en-US', serviceWorkers: 'block' });
    page = await context.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    await signInOnPage(page, base, { email: EMAIL, password: PASSWORD });
    await waitForCount(page.locator('.tile img'), 5);
  });

  after(async () => {
    await context?.close();
    await browser?.close();
    await e2e?.close();
  });

  it('on the timeline, selecting draws the bar over the top bar without moving the photos; Escape clears', async () => {
    await page.getByRole('button', { name: 'Upload' }).waitFor();
    const before = await firstTileTop(page);
    await page.locator('.tile-check').first().click();
    await assertOverTopBar(page, 1);
    assert.equal(await firstTileTop(page), before, 'the first photo stayed where it was');
    for (const name of ACTIONS) assert.equal(await page.getByRole('button', { name, exact: true }).isVisible(), true, `${name} is offered`);

    await page.locator('.tile-check').nth(2).click({ modifiers: ['Shift'] });
    await assertOverTopBar(page, 3);
    assert.equal(await firstTileTop(page), before);
    await screens.shoot(page, '01-timeline-selection');
    await assertOverTopBar(page, 3);

    // An open dialog keeps Escape for itself: it closes, the selection stays.
    await page.getByRole('button', { name: 'Add to album' }).click();
    const picker = page.getByRole('dialog');
    await picker.waitFor();
    await page.keyboard.press('Escape');
    await picker.waitFor({ state: 'detached' });
    await assertOverTopBar(page, 3);

    await page.keyboard.press('Escape');
    await assertTopBarBack(page);
    assert.equal(await page.locator('.tile.selected').count(), 0);
    assert.equal(await firstTileTop(page), before);
  });

  it('a mouse rectangle selects what it crosses while the photos stay under the pointer', async () => {
    const canvasTop = () => page.locator('.tl-canvas').evaluate((el) => el.getBoundingClientRect().top);
    const top = await canvasTop();
    // From the empty space left of the first photo to the middle of the third (the next day's second).
    const [first, third] = [await box(page, '[data-index="0"]'), await box(page, '[data-index="2"]')];
    const rect = { x1: first.x - 8, y1: first.y - 8, x2: third.x + third.width / 2, y2: third.y + third.height / 2 };
    const crossed = await page.locator('.tile').evaluateAll(
      (tiles, r) =>
        tiles.filter((t) => {
          const b = t.getBoundingClientRect();
          return b.left <= r.x2 && b.right >= r.x1 && b.top <= r.y2 && b.bottom >= r.y1;
        }).length,
      rect,
    );
    assert.ok(crossed >= 2, `the rectangle crosses several photos (${crossed})`);
    await page.mouse.move(rect.x1, rect.y1);
    await page.mouse.down();
    await page.mouse.move(rect.x2, rect.y2, { steps: 10 });
    await page.locator('.tl-lasso').waitFor();
    await page.getByText(`${crossed} selected`, { exact: true }).waitFor();
    assert.equal(await canvasTop(), top, 'nothing moved while dragging');
    await page.mouse.up();
    await assertOverTopBar(page, crossed);
    assert.equal(await canvasTop(), top);
    await page.getByRole('button', { name: 'Clear selection' }).click();
    await assertTopBarBack(page);
  });

  it('the bar’s actions are reachable with the keyboard, first after the skip link', async () => {
    await page.locator('.tile-check').first().focus();
    await page.keyboard.press('Enter');
    await assertOverTopBar(page, 1);
    await page.locator('a.skip').focus();
    await page.keyboard.press('Tab');
    const focused = () => page.evaluate(() => document.activeElement?.getAttribute('aria-label'));
    assert.equal(await focused(), 'Clear selection');
    const names: string[] = [];
    for (let i = 0; i < 4; i++) {
      await page.keyboard.press('Tab');
      names.push((await focused())!);
    }
    assert.deepEqual(names, ['Add to album', 'Share', 'Add to favorites', 'Move to trash']);
    // Back to Add to favorites, and use it.
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Enter');
    await assertTopBarBack(page);
    const [{ items: favorites }, { items: all }] = await Promise.all([owner.media.timeline({ favorite: true }), owner.media.timeline()]);
    assert.deepEqual(
      favorites.map((m) => m.id),
      [all[0]!.id],
      'the first photo, and only it, became a favorite',
    );
  });

  it('on the favorites and album pages too', async () => {
    await page.getByRole('link', { name: 'Favorites' }).first().click();
    await waitForCount(page.locator('.tile img'), 1);
    let before = await firstTileTop(page);
    await page.locator('.tile-check').first().click();
    await assertOverTopBar(page, 1);
    assert.equal(await firstTileTop(page), before);
    await page.keyboard.press('Escape');
    await assertTopBarBack(page);

    await page.goto(`${base}/albums/${albumId}`);
    await page.getByRole('heading', { name: 'Holidays' }).waitFor();
    await waitForCount(page.locator('.tile img'), 5);
    before = await firstTileTop(page);
    await page.locator('.tile-check').first().click();
    await page.locator('.tile-check').nth(1).click();
    await assertOverTopBar(page, 2);
    assert.equal(await firstTileTop(page), before);
    // The album's own header stays; the bar offers what applies inside an album.
    await page.getByRole('heading', { name: 'Holidays' }).waitFor();
    const bar = page.getByRole('toolbar', { name: '2 selected' });
    for (const name of ['Clear selection', 'Share', 'Add to favorites', 'Remove from album', 'Move to trash']) assert.equal(await bar.getByRole('button', { name, exact: true }).isVisible(), true, `${name} is offered`);
    assert.equal(await bar.getByRole('button', { name: 'Add to album' }).count(), 0);
    await screens.shoot(page, '02-album-selection');
    // Removing from the album keeps the photos in the library (Move to trash would not).
    await bar.getByRole('button', { name: 'Remove from album', exact: true }).click();
    await assertTopBarBack(page);
    await waitForCount(page.locator('.tile img'), 3);
    await page.getByText('3 items').waitFor();
    await page.getByRole('link', { name: 'Photos' }).first().click();
    await waitForCount(page.locator('.tile img'), 5);
  });

  it('at phone width, the bar fits the top bar with every action on screen', async () => {
    await page.setViewportSize(PHONE);
    await page.goto(base + '/');
    await waitForCount(page.locator('.tile img'), 5);
    const before = await firstTileTop(page);
    await page.locator('.tile-check').first().click();
    await page.locator('.tile-check').nth(3).click({ modifiers: ['Shift'] });
    await assertOverTopBar(page, 4);
    assert.equal(await firstTileTop(page), before);
    for (const name of ACTIONS) {
      const b = (await page.getByRole('button', { name, exact: true }).boundingBox())!;
      assert.ok(b.x >= 0 && b.x + b.width <= PHONE.width && b.width >= 40 && b.height >= 40, `${name} is on screen and big enough to tap (${JSON.stringify(b)})`);
    }
    await page.screenshot({ path: join(import.meta.dirname, '..', '..', 'test-artifacts', 'web-selection', '03-timeline-selection-phone.png') });
    await page.keyboard.press('Escape');
    await assertTopBarBack(page);
    assert.equal(await firstTileTop(page), before);
    await page.setViewportSize(DESKTOP);

    // In French, the longer count still fits beside every action, even in the thousands.
    const fr = await browser.newContext({ viewport: PHONE, locale: 'fr-FR', serviceWorkers: 'block', storageState: await context.storageState() });
    const fp = await fr.newPage();
    fp.on('pageerror', (e) => errors.push(e.message));
    await fp.goto(base + '/');
    await waitForCount(fp.locator('.tile img'), 5);
    await fp.locator('.tile-check').first().click();
    await assertOverTopBar(fp, 1, 'sélectionné(s)', 'Importer');
    const buttons = await fp.locator('.selection-bar button').evaluateAll((els) => els.map((e) => ({ label: e.getAttribute('aria-label'), right: e.getBoundingClientRect().right })));
    assert.equal(buttons.length, 5);
    for (const b of buttons) assert.ok(b.label && b.right <= PHONE.width, `${b.label} has a name and is on screen`);
    const longCountFits = await fp.locator('.selection-count').evaluate((el: HTMLElement) => {
      const probe = el.cloneNode() as HTMLElement;
      probe.textContent = '1250 sélectionné(s)';
      el.style.display = 'none';
      el.after(probe);
      const fits = probe.scrollWidth <= probe.clientWidth;
      probe.remove();
      el.style.display = '';
      return fits;
    });
    assert.ok(longCountFits, '"1250 sélectionné(s)" is not cut');
    await fp.screenshot({ path: join(import.meta.dirname, '..', '..', 'test-artifacts', 'web-selection', '04-timeline-selection-phone-fr.png') });
    await fp.keyboard.press('Escape');
    await assertTopBarBack(fp, 'Importer');
    await fr.close();
    assert.deepEqual(screens.problems, []);
    assert.deepEqual(errors, []);
  });
});
