import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import sharp from 'sharp';
import type { PhotoCloudClient } from '@photocloud/sdk';
import { signInOnPage, signUpWithApi, startE2eStack, waitUntilProcessed, type E2eStack } from './helpers/stack.ts';
import { DESKTOP, launchChromium, PHONE, Screens, waitForCount } from './helpers/browser.ts';
import { sceneJpeg as scene } from '../../services/gallery/test/helpers/images.ts';

const EMAIL = 'grace@example.test';
const PASSWORD = 'correct horse battery staple';

let e2e: E2eStack;
let browser: Browser;
let base: string;
/** The same user through the SDK, to know when uploads are processed. */
let owner: PhotoCloudClient;
const screens = new Screens('web-similar');
const shoot = (page: Page, name: string) => screens.shoot(page, name);
/** Screenshots taken mid-gesture (the Screens helper resizes the page, which would end the drag). */
const SHOTS = join(import.meta.dirname, '..', '..', 'test-artifacts', 'web-similar');

/** The same picture as other bytes: smaller, a touch brighter, saved again at a lower quality. */
const nearCopy = (b: Buffer) => sharp(b).resize(480).modulate({ brightness: 1.06 }).jpeg({ quality: 70 }).toBuffer();

const jpeg = (name: string, buffer: Buffer) => ({ name, mimeType: 'image/jpeg', buffer });

/** Uploads through the app's picker, then waits until the library holds `expected` processed photos and the grid shows them. */
async function upload(page: Page, files: Array<ReturnType<typeof jpeg>>, expected: number): Promise<void> {
  await page.goto(base + '/');
  await page.getByLabel('Choose photos').setInputFiles(files);
  await waitUntilProcessed(owner, expected);
  // The grid only holds the rows near the viewport: each of those shows its thumbnail.
  await page.waitForFunction(() => {
    const tiles = document.querySelectorAll('.tile');
    return tiles.length > 0 && document.querySelectorAll('.tile img').length === tiles.length;
  }, undefined, { timeout: 30_000 });
  const close = page.locator('.upload-panel').getByRole('button', { name: 'Close' });
  if (await close.isVisible()) await close.click();
}

describe('web app: similar photos and drag selection, in Chromium against the whole stack', { timeout: 300_000 }, () => {
  let context: BrowserContext;
  let page: Page;
  const errors: string[] = [];

  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    e2e = await startE2eStack({ name: 'web-similar', privateWebCopy: true });
    base = e2e.base;
    // The account is made through the API; what is under test here is the photo screens.
    owner = await signUpWithApi(e2e, { email: EMAIL, password: PASSWORD, firstName: 'Grace' });
    browser = await launchChromium();
    context = await browser.newContext({ viewport: DESKTOP, locale: 'en-US', serviceWorkers: 'block' });
    page = await context.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    await signInOnPage(page, base, { email: EMAIL, password: PASSWORD });
  });

  after(async () => {
    await context?.close();
    await browser?.close();
    await e2e?.close();
  });

  it('scenario 4: detects two near-identical photos, shows scores and the suggested pick, keeps it and trashes the copy', async () => {
    const original = await scene(101, '2025:08:02 09:15:00');
    await upload(page, [jpeg('harbour.jpg', original), jpeg('harbour-copy.jpg', await nearCopy(original)), jpeg('meadow.jpg', await scene(202, '2025:08:01 18:40:00'))], 3);

    await page.getByRole('link', { name: 'Similar' }).first().click();
    await page.getByRole('heading', { name: 'Similar photos' }).waitFor();

    // Detect, holding the first progress answer back long enough to see the running state.
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    await page.route('**/similar/jobs/*', async (route) => {
      await held;
      await route.continue();
    });
    await page.getByRole('button', { name: 'Detect similar photos' }).click();
    const progress = page.getByRole('progressbar', { name: 'Detection progress' });
    await progress.waitFor();
    await shoot(page, '01-similar-progress');
    release();
    await progress.waitFor({ state: 'detached', timeout: 60_000 });
    await page.unrouteAll({ behavior: 'wait' });
    await page.getByText('Photos compared: 3. Groups found: 1.').waitFor();

    // A reload picks up the account's latest run from the server (nothing kept in this browser) and shows what it found.
    await page.evaluate(() => localStorage.clear());
    await page.reload();
    await page.getByText('Photos compared: 3. Groups found: 1.').waitFor();
    assert.equal(await page.getByRole('button', { name: 'Detect again' }).count(), 1);

    const group = page.locator('.sim-group');
    await waitForCount(group, 1);
    await group.getByRole('heading', { name: 'Same photo, saved again or resized' }).waitFor();
    const photos = group.locator('.sim-photo');
    assert.equal(await photos.count(), 2);
    await waitForCount(group.locator('.sim-thumb img'), 2);
    // Scores as people read them, the reference photo, dates and sizes.
    await group.getByText(/^\d{2,3}% match$/).waitFor();
    assert.match((await group.locator('.sim-group-head').textContent()) ?? '', /Group of 2 photos · \d{2,3}% similar/);
    await group.getByText('Reference').waitFor();
    await group.getByText('640 × 480', { exact: false }).waitFor();
    await group.getByText('480 × 360', { exact: false }).waitFor();
    await group.getByText(/^Aug [12], 2025/).first().waitFor();
    // The suggested pick is the larger original, marked with its reason; by default it is kept and the copy trashed.
    const pick = group.locator('.sim-photo.suggested');
    assert.equal(await pick.count(), 1);
    await pick.getByText('Suggested pick').waitFor();
    await pick.getByText('harbour.jpg', { exact: true }).waitFor();
    await pick.getByText('Why: highest resolution').waitFor();
    assert.equal(await pick.getByRole('radio', { name: 'Keep' }).isChecked(), true);
    const copy = group.locator('.sim-photo:not(.suggested)');
    assert.equal(await copy.getByRole('radio', { name: 'Trash' }).isChecked(), true);
    await group.getByText('Keeps 1, moves 1 to the Trash.').waitFor();
    await group.getByText('can be restored from there for 30 days').waitFor();

    // Keeping nothing is refused before it reaches the server.
    await pick.getByText('Trash', { exact: true }).click();
    await group.getByText('Keep at least one photo.').waitFor();
    assert.equal(await group.getByRole('button', { name: 'Keep selected, trash the rest' }).isDisabled(), true);
    await pick.getByText('Keep', { exact: true }).click();
    await group.getByText('Keeps 1, moves 1 to the Trash.').waitFor();
    await shoot(page, '02-similar-groups');

    // Opening a photo large uses the viewer; coming back finds the group and the choices as they were.
    await copy.getByRole('button', { name: 'View harbour-copy.jpg larger' }).click();
    await page.waitForURL(/\/photo\//);
    await page.locator('.viewer-stage img').waitFor();
    await page.keyboard.press('Escape');
    await page.waitForURL(base + '/similar');
    await waitForCount(page.locator('.sim-group'), 1);
    assert.equal(await page.locator('.sim-photo:not(.suggested)').getByRole('radio', { name: 'Trash' }).isChecked(), true);

    await page.getByRole('button', { name: 'Keep selected, trash the rest' }).click();
    await page.getByText('1 photo moved to the Trash. You can restore it from the Trash.').waitFor();
    await waitForCount(page.locator('.sim-group'), 0);
    await page.getByRole('heading', { name: 'No similar photos found' }).waitFor();
    await shoot(page, '03-similar-empty');

    await page.getByRole('link', { name: 'Open the Trash' }).click();
    await waitForCount(page.locator('.square'), 1);
    assert.equal(await page.getByRole('button', { name: 'Select harbour-copy.jpg' }).count(), 1);
    await page.getByRole('link', { name: 'Photos' }).first().click();
    await waitForCount(page.locator('.tile'), 2);
    assert.equal(await page.getByRole('img', { name: /harbour-copy/ }).count(), 0);
  });

  it('"Not similar" hides a group for good; a failed call or a group handled elsewhere loses nothing and says why', async () => {
    const lake = await scene(303, '2025:09:10 07:00:00');
    const pier = await scene(404, '2025:09:12 19:30:00');
    await upload(
      page,
      [
        jpeg('lake.jpg', lake),
        jpeg('lake-again.jpg', await sharp(lake).jpeg({ quality: 55 }).toBuffer()),
        jpeg('pier.jpg', pier),
        jpeg('pier-small.jpg', await sharp(pier).resize(320).jpeg({ quality: 80 }).toBuffer()),
      ],
      6,
    );
    await page.getByRole('link', { name: 'Similar' }).first().click();
    await page.getByRole('button', { name: 'Detect again' }).click();
    await page.getByText('Photos compared: 6. Groups found: 2.').waitFor({ timeout: 60_000 });
    await waitForCount(page.locator('.sim-group'), 2);
    const lakeGroup = page.locator('.sim-group', { hasText: 'lake.jpg' });
    const pierGroup = page.locator('.sim-group', { hasText: 'pier.jpg' });
    await lakeGroup.waitFor();
    // The same screen in French (longer strings, same layout).
    await page.evaluate(() => localStorage.setItem('pc.lang', 'fr'));
    await page.reload();
    await page.getByRole('heading', { name: 'Photos similaires' }).waitFor();
    await waitForCount(page.locator('.sim-thumb img'), 4);
    await shoot(page, '06-similar-groups-fr');
    await page.evaluate(() => localStorage.setItem('pc.lang', 'en'));
    await page.reload();
    await page.getByRole('heading', { name: 'Similar photos' }).waitFor();

    // Offline for a moment: the group stays, with the reason, and the next try works.
    await page.route('**/similar/groups/*/dismiss', (route) => route.abort());
    await lakeGroup.getByRole('button', { name: 'Not similar' }).click();
    await lakeGroup.getByRole('alert').getByText('The server could not be reached.').waitFor();
    assert.equal(await page.locator('.sim-group').count(), 2);
    await page.unrouteAll({ behavior: 'wait' });
    await lakeGroup.getByRole('button', { name: 'Not similar' }).click();
    await page.getByText('Marked as not similar').waitFor();
    await waitForCount(page.locator('.sim-group'), 1);

    // Resolved from another device while this page was open: the page says so and drops the group.
    const open = await owner.similar.groups();
    const other = open.items.find((g) => g.members.some((m) => m.media.name === 'pier.jpg'))!;
    await owner.similar.resolve(other.id, [other.members.find((m) => m.media.name === 'pier.jpg')!.media.id]);
    await pierGroup.getByRole('button', { name: 'Keep selected, trash the rest' }).click();
    await page.getByText('This group was already handled. The list is up to date now.').waitFor();
    await waitForCount(page.locator('.sim-group'), 0);

    // Detecting again proposes neither the dismissed set nor the resolved one.
    await page.getByRole('button', { name: 'Detect again' }).click();
    await page.getByText('Photos compared: 5. Groups found: 0.').waitFor({ timeout: 60_000 });
    await page.getByRole('heading', { name: 'No similar photos found' }).waitFor();
    await page.getByRole('link', { name: 'Photos' }).first().click();
    await waitForCount(page.locator('.tile'), 5);
  });

  it('has no serious accessibility problem on the similar screens (axe-core, WCAG 2 A/AA)', () => {
    assert.deepEqual(screens.problems, []);
  });

  it('drag-selects the tiles a mouse rectangle crosses, without opening the viewer; click and shift-click still work', async () => {
    // Enough photos for several rows and days.
    const more = await Promise.all(
      Array.from({ length: 20 }, async (_, i) => jpeg(`walk-${String(i + 1).padStart(2, '0')}.jpg`, await scene(1000 + i, `2025:10:${String(1 + (i % 5)).padStart(2, '0')} ${String(8 + (i % 12)).padStart(2, '0')}:00:00`))),
    );
    await upload(page, more, 25);
    await page.locator('.tl-scroller').evaluate((el) => el.scrollTo({ top: 0 }));

    /** The tiles a rectangle (page coordinates) overlaps, from their boxes: what the selection must count. */
    const crossed = (rect: { x1: number; y1: number; x2: number; y2: number }) =>
      page.locator('.tile').evaluateAll(
        (tiles, r) =>
          tiles.filter((t) => {
            const b = t.getBoundingClientRect();
            return b.left <= Math.max(r.x1, r.x2) && b.right >= Math.min(r.x1, r.x2) && b.top <= Math.max(r.y1, r.y2) && b.bottom >= Math.min(r.y1, r.y2);
          }).length,
        rect,
      );

    // From the empty space left of the first tile, diagonally to near the bottom of the second row.
    const first = (await page.locator('.tile').first().boundingBox())!;
    const rows = await page.locator('.tl-row').evaluateAll((els) => els.map((e) => e.getBoundingClientRect()).map((b) => ({ top: b.top, bottom: b.bottom })));
    const rect = { x1: first.x - 8, y1: first.y - 12, x2: first.x + first.width * 2.2, y2: rows[1]!.bottom - 12 };
    const canvasTop = () => page.locator('.tl-canvas').evaluate((el) => el.getBoundingClientRect().top);
    const topBefore = await canvasTop();
    await page.mouse.move(rect.x1, rect.y1);
    await page.mouse.down();
    await page.mouse.move(rect.x2, rect.y2, { steps: 12 });
    await page.locator('.tl-lasso').waitFor();
    await page.getByText(/^\d+ selected$/).waitFor();
    await page.screenshot({ path: join(SHOTS, '04-timeline-drag-desktop.png') });
    await page.mouse.up();
    assert.equal(await page.locator('.tl-lasso').count(), 0);
    assert.equal(new URL(page.url()).pathname, '/', 'the release did not open a photo');
    // The selection bar covers the top bar, so the photos stay put (web-selection.test.ts asserts it);
    // were they to move, the rectangle's start would follow them (it is anchored to the photos).
    const shift = (await canvasTop()) - topBefore;
    const expected = await crossed({ ...rect, y1: rect.y1 + shift });
    assert.ok(expected >= 3, `the rectangle crosses several tiles (${expected})`);
    await page.getByText(`${expected} selected`, { exact: true }).waitFor();

    // A drag that starts on a selected photo unselects what it crosses.
    const firstTile = (await page.locator('.tile').first().boundingBox())!;
    await page.mouse.move(firstTile.x + firstTile.width / 2, firstTile.y + firstTile.height / 2);
    await page.mouse.down();
    await page.mouse.move(firstTile.x + firstTile.width / 2 + 4, firstTile.y + firstTile.height / 2 + 8, { steps: 4 });
    await page.getByText(`${expected - 1} selected`).waitFor();
    await page.mouse.up();
    assert.equal(new URL(page.url()).pathname, '/');

    // Click and shift-click keep working alongside.
    await page.getByRole('button', { name: 'Clear selection' }).click();
    const checks = page.locator('.tile-check');
    await checks.nth(0).click();
    await checks.nth(3).click({ modifiers: ['Shift'] });
    await page.getByText('4 selected').waitFor();
    await page.getByRole('button', { name: 'Clear selection' }).click();
    // A plain click (a press that does not travel) still opens the viewer.
    await page.locator('.tile-link').first().click();
    await page.waitForURL(/\/photo\//);
    await page.keyboard.press('Escape');
    await page.waitForURL(base + '/');
    await page.locator('.tile img').first().waitFor();
  });

  it('on a touch screen, a long press selects a photo and sliding the finger selects the range up to the photo under it', async () => {
    const touch = await browser.newContext({ viewport: PHONE, hasTouch: true, isMobile: true, locale: 'en-US', serviceWorkers: 'block' });
    const tp = await touch.newPage();
    await signInOnPage(tp, base, { email: EMAIL, password: PASSWORD });
    await tp.locator('.tile img').first().waitFor();
    const cdp = await touch.newCDPSession(tp);
    const finger = (type: 'touchStart' | 'touchMove' | 'touchEnd', x = 0, y = 0) =>
      cdp.send('Input.dispatchTouchEvent', { type, touchPoints: type === 'touchEnd' ? [] : [{ x, y, id: 1 }] });
    const centre = async (index: number) => {
      const b = (await tp.locator(`[data-index="${index}"]`).boundingBox())!;
      return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
    };
    const from = await centre(1);
    await finger('touchStart', from.x, from.y);
    // Held still, the press becomes a selection after a moment.
    await tp.getByText('1 selected', { exact: true }).waitFor();
    // Aim at where photo 4 is now (the selection bar does not move it, but the page may have scrolled).
    const to = await centre(4);
    for (let k = 1; k <= 6; k++) await finger('touchMove', from.x + ((to.x - from.x) * k) / 6, from.y + ((to.y - from.y) * k) / 6);
    await tp.getByText('4 selected', { exact: true }).waitFor();
    await finger('touchEnd');
    await tp.getByText('4 selected', { exact: true }).waitFor();
    const selected = await tp.locator('.tile.selected').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.index).join(','));
    assert.equal(selected, '1,2,3,4');
    assert.equal(new URL(tp.url()).pathname, '/', 'the long press did not open the photo');
    await touch.close();
  });

  it('at phone width, holding the pointer near the bottom edge scrolls and keeps selecting', async () => {
    await page.setViewportSize(PHONE);
    if (await page.locator('.selection-bar').isVisible()) await page.getByRole('button', { name: 'Clear selection' }).click();
    const scroller = page.locator('.tl-scroller');
    await scroller.evaluate((el) => el.scrollTo({ top: 0 }));
    await page.locator('.tile img').first().waitFor();
    const box = (await scroller.boundingBox())!;
    const first = (await page.locator('.tile').first().boundingBox())!;
    await page.mouse.move(first.x + 4, first.y + 4);
    await page.mouse.down();
    await page.mouse.move(first.x + 60, first.y + 180, { steps: 8 });
    await page.locator('.tl-lasso').waitFor();
    await page.screenshot({ path: join(SHOTS, '05-timeline-drag-phone.png') });
    const before = Number((await page.locator('.selection-count').textContent())!.split(' ')[0]);
    // Near the bottom edge of the scrolling area: it scrolls by itself while the button is held.
    await page.mouse.move(first.x + 60, box.y + box.height - 8, { steps: 6 });
    await page.waitForFunction(() => document.querySelector('.tl-scroller')!.scrollTop > 300, undefined, { timeout: 10_000 });
    await page.mouse.up();
    const after = Number((await page.locator('.selection-count').textContent())!.split(' ')[0]);
    assert.ok(after > before, `more photos selected after scrolling (${before} → ${after})`);
    await page.getByRole('button', { name: 'Clear selection' }).click();
    await page.setViewportSize(DESKTOP);
    assert.deepEqual(errors, []);
  });
});
