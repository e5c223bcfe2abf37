import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import sharp from 'sharp';
import { createClient } from '@photocloud/sdk';
import { signInOnPage, signUpWithApi, startE2eStack, type E2eStack } from './helpers/stack.ts';
import type { MailCatcher } from './helpers/smtp.ts';
import { generatePhotos } from './helpers/photos.ts';
import { DESKTOP, launchChromium, PHONE, Screens, waitForCount } from './helpers/browser.ts';

/** A phone's HEIC (HEVC inside: sharp's bundled libvips cannot decode it; the gallery does). */
const HEIC = join(import.meta.dirname, '..', '..', 'services', 'gallery', 'test', 'fixtures', 'red-blue.heic');
const EMAIL = 'ada@example.test';
const PASSWORD = 'correct horse battery staple';
const FRIEND = 'bob@example.test';

let e2e: E2eStack;
let mail: MailCatcher;
let browser: Browser;
let base: string;
const screens = new Screens('web');
const shoot = (page: Page, name: string) => screens.shoot(page, name);

/** The emailed link, opened on the app's own origin (the stack's public URL is not known before it starts). */
function onApp(link: URL): string {
  return base + link.pathname + link.search;
}

async function newContext(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: DESKTOP, locale: 'en-US', serviceWorkers: 'block' });
  return { context, page: await context.newPage() };
}

describe('web app in Chromium against the whole stack', { timeout: 180_000 }, () => {
  before(async () => {
    e2e = await startE2eStack({ name: 'web', privateWebCopy: true });
    ({ base, mail } = e2e);
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await e2e?.close();
  });

  it('registers, verifies the email, signs in, uploads, views, favorites and makes an album', async () => {
    const { context, page } = await newContext();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));

    await page.goto(base + '/register');
    await page.getByLabel('First name').fill('Ada');
    await page.getByLabel('Email').fill(EMAIL);
    await page.getByLabel('Password').fill(PASSWORD);
    await shoot(page, '01-register');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByText(`we sent a link to ${EMAIL}`).waitFor();

    const verify = await mail.next(EMAIL);
    assert.equal(verify.link.pathname, '/auth/email/verify');
    await page.goto(onApp(verify.link));
    await page.getByRole('heading', { name: 'No photos yet' }).waitFor();

    // Sign out from the settings, then in again with the password.
    await page.getByRole('link', { name: 'Settings' }).first().click();
    await page.getByText(`Signed in as ${EMAIL}`).waitFor();
    await shoot(page, '02-settings');
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await page.waitForURL(/\/login/);
    await shoot(page, '03-sign-in');
    await page.getByLabel('Email').fill(EMAIL);
    await page.getByLabel('Password').fill('wrong password');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('alert').waitFor();
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('heading', { name: 'No photos yet' }).waitFor();

    // Upload through the picker; a second round with a known file is skipped after the hash check.
    const photos = await generatePhotos();
    await page.getByLabel('Choose photos').setInputFiles(photos);
    await page.getByText('5 added').waitFor({ timeout: 30_000 });
    const tiles = page.locator('.tile img');
    await assert.doesNotReject(waitForCount(tiles, 5), 'five thumbnails in the timeline');
    await shoot(page, '04-timeline');
    await page.getByRole('button', { name: 'Close' }).click();
    await page.getByLabel('Choose photos').setInputFiles([photos[0]!]);
    await page.getByText('1 already in your library').waitFor();
    await page.getByRole('button', { name: 'Close' }).click();
    assert.equal(await page.locator('.tile').count(), 5);

    // A HEIC from a phone gets its thumbnail like any photo.
    await page.getByLabel('Choose photos').setInputFiles([{ name: 'iphone.heic', mimeType: 'image/heic', buffer: readFileSync(HEIC) }]);
    await page.getByText('1 added').waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Close' }).click();
    await waitForCount(tiles, 6);
    await page.waitForFunction(() => {
      const img = Array.from(document.querySelectorAll<HTMLImageElement>('.tile img')).find((i) => i.alt.includes('iphone.heic'));
      return img !== undefined && img.complete && img.naturalWidth > 0;
    });
    await shoot(page, '04-timeline-heic');
    // Out of the way again for the steps below, which count five photos: trashed, then the trash emptied.
    await page.locator('.tile', { has: page.getByRole('img', { name: /iphone\.heic/ }) }).locator('.tile-check').click();
    await page.getByRole('button', { name: 'Move to trash' }).click();
    await waitForCount(tiles, 5);
    await page.getByRole('link', { name: 'Trash' }).click();
    await waitForCount(page.locator('.square'), 1);
    page.once('dialog', (d) => void d.accept());
    await page.getByRole('button', { name: 'Empty trash' }).click();
    await page.getByText('The trash is empty.').waitFor();
    await page.getByRole('link', { name: 'Photos' }).first().click();
    await waitForCount(tiles, 5);

    // The month headers come from the EXIF dates, and once processed the rows are justified by each photo's shape.
    await page.getByRole('heading', { name: 'July 2025' }).waitFor();
    await page.waitForFunction(() => Array.from(document.querySelectorAll<HTMLElement>('.tile')).some((t) => Math.abs(t.offsetWidth - t.offsetHeight) > 20));
    // The date scrubber jumps to a month further down.
    await page.getByRole('button', { name: 'December 2024' }).click();
    await page.waitForFunction(() => {
      const heading = Array.from(document.querySelectorAll('.tl-month')).find((h) => h.textContent === 'December 2024');
      const box = heading?.getBoundingClientRect();
      return document.querySelector('.tl-scroller')!.scrollTop > 0 && box !== undefined && box.top >= 0 && box.bottom < window.innerHeight;
    });
    await page.locator('.tl-scroller').evaluate((el) => el.scrollTo({ top: 0 }));

    // Viewer: open the newest photo, favorite it, step with the keyboard, close with Esc.
    await page.locator('.tile-link').first().click();
    await page.waitForURL(/\/photo\//);
    await page.locator('.viewer-stage img').waitFor();
    const first = page.url();
    await page.getByRole('button', { name: 'Add to favorites' }).click();
    await page.getByRole('button', { name: 'Remove from favorites' }).waitFor();
    await page.keyboard.press('ArrowRight');
    await page.waitForURL((u) => u.href !== first);
    // The next one is a JPEG with EXIF: the info panel shows its camera and exposure.
    await page.getByText('PhotoCloud Test Camera').waitFor();
    await page.getByText('ƒ/1.8 · 1/120 s · ISO 100').waitFor();
    await shoot(page, '05-viewer');
    await page.keyboard.press('Escape');
    await page.waitForURL(base + '/');

    await page.getByRole('link', { name: 'Favorites' }).click();
    await waitForCount(page.locator('.tile img'), 1);
    // Processed photos come with their thumbnail URL in the timeline page: no request per tile.
    const detailCalls: string[] = [];
    const onRequest = (r: { url(): string }) => void (/^\/media\/(?!buckets$|check$|upload$)[\w-]+$/.test(new URL(r.url()).pathname) && detailCalls.push(r.url()));
    page.on('request', onRequest);
    await page.getByRole('link', { name: 'Photos' }).click();
    await waitForCount(page.locator('.tile img'), 5);
    page.off('request', onRequest);
    assert.deepEqual(detailCalls, []);

    // Select with a click and a shift-click, then make an album from the selection.
    const checks = page.locator('.tile-check');
    await checks.nth(0).click();
    await checks.nth(2).click({ modifiers: ['Shift'] });
    await page.getByText('3 selected').waitFor();
    await shoot(page, '06-selection');
    await page.getByRole('button', { name: 'Add to album' }).click();
    await page.getByLabel('New album').fill('Summer');
    await page.getByRole('button', { name: 'Create' }).click();
    await page.getByText('3 selected').waitFor({ state: 'detached' });

    await page.getByRole('link', { name: 'Albums' }).first().click();
    await page.getByText('3 items').waitFor();
    await shoot(page, '07-albums');
    await page.getByRole('link', { name: /Summer/ }).click();
    await page.getByRole('heading', { name: 'Summer' }).waitFor();
    await waitForCount(page.locator('.tile img'), 3);
    await shoot(page, '08-album');

    // Trash: delete one from the viewer, restore it.
    await page.locator('.tile-link').first().click();
    await page.getByRole('button', { name: 'Move to trash' }).click();
    await page.goto(base + '/trash');
    await waitForCount(page.locator('.square'), 1);
    await shoot(page, '09-trash');
    await page.locator('.square').first().click();
    await page.getByRole('button', { name: /Restore/ }).click();
    await page.getByText('The trash is empty.').waitFor();

    // A reload keeps the session (refresh cookie) and the app URL.
    await page.goto(base + '/albums');
    await page.getByText('Summer').waitFor();
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('shares the album with a code: the link opens in a fresh browser after the right code, then stops when revoked', async () => {
    const { context, page } = await newContext();
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
    page.on('dialog', (d) => void d.accept());
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await signIn(page, PASSWORD);

    // Share the album from its page: with an access code and a recipient named by email.
    await page.getByRole('link', { name: 'Albums' }).first().click();
    await page.getByRole('link', { name: /Summer/ }).click();
    await page.getByRole('heading', { name: 'Summer' }).waitFor();
    await page.getByRole('button', { name: 'Share' }).click();
    const dialog = page.getByRole('dialog', { name: 'Share “Summer”' });
    await dialog.waitFor();
    await dialog.getByLabel('Link expires').selectOption('30');
    await dialog.getByRole('switch', { name: 'Protect with an access code' }).check();
    const code = await dialog.getByRole('textbox', { name: 'Access code' }).inputValue();
    assert.match(code, /^[A-Z2-9]{6}$/);
    await dialog.getByLabel('Share with people (optional)').fill('not-an-address');
    await dialog.getByRole('button', { name: 'Add', exact: true }).click();
    await dialog.getByText('“not-an-address” is not an email address.').waitFor();
    await dialog.getByLabel('Share with people (optional)').fill(FRIEND);
    await dialog.getByLabel('Share with people (optional)').press('Enter');
    await dialog.getByRole('button', { name: `Remove ${FRIEND}` }).waitFor();
    await shoot(page, '13-share-dialog');
    await dialog.getByRole('button', { name: 'Create link' }).click();
    await page.getByRole('heading', { name: 'Your link is ready' }).waitFor();
    const link = await page.getByLabel('Link', { exact: true }).inputValue();
    assert.match(link, new RegExp(`^${base}/s/[\\w.-]+$`));
    await page.getByRole('button', { name: 'Copy' }).click();
    await page.getByText('Link copied').waitFor();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), link);
    await page.getByText(`Access code: ${code}`).waitFor();
    // The album's links are listed under the new one, with what they allow.
    const ready = page.getByRole('dialog', { name: 'Your link is ready' });
    await ready.getByRole('heading', { name: 'Links to this album' }).waitFor();
    await ready.getByText('Access code', { exact: true }).waitFor();
    await shoot(page, '14-share-created');
    await page.getByRole('button', { name: 'Done' }).click();

    // A visitor without an account, in a fresh browser context on a phone.
    const visitor = await browser.newContext({ viewport: PHONE, locale: 'en-US', serviceWorkers: 'block' });
    const guest = await visitor.newPage();
    guest.on('pageerror', (e) => errors.push(e.message));
    // The visitor's clock is ours to move: the page will be left open for an hour.
    await guest.clock.install();
    // The link is the app's page for a browser and the share's JSON for an API client.
    const asApi = await guest.request.get(link, { headers: { accept: 'application/json' } });
    assert.equal(asApi.status(), 401);
    assert.equal(((await asApi.json()) as { error: { code: string } }).error.code, 'SHARE_CODE_REQUIRED');
    await guest.goto(link);
    await guest.getByRole('heading', { name: 'This album is protected' }).waitFor();
    await shoot(guest, '15-share-code-prompt');
    await guest.getByLabel('Access code').fill('WRONG1');
    await guest.getByRole('button', { name: 'Open' }).click();
    await guest.getByRole('alert').getByText('Wrong code. Check it and try again.').waitFor();
    await guest.getByLabel('Access code').fill(code);
    await guest.getByRole('button', { name: 'Open' }).click();
    await guest.getByRole('heading', { name: 'Summer' }).waitFor();
    await guest.getByText('3 items').first().waitFor();
    const thumbs = guest.locator('.shared-tile img');
    await waitForCount(thumbs, 3);
    await guest.waitForFunction(() => {
      const imgs = Array.from(document.querySelectorAll<HTMLImageElement>('.shared-tile img'));
      return imgs.length === 3 && imgs.every((i) => i.complete && i.naturalWidth > 0);
    });
    await shoot(guest, '16-share-public');
    // The lightbox shows the larger preview; ←/→ step, Esc closes.
    await guest.locator('.shared-tile').first().click();
    await guest.getByText('1 of 3').waitFor();
    await guest.waitForFunction(() => (document.querySelector<HTMLImageElement>('.viewer-stage img')?.naturalWidth ?? 0) > 0);
    await shoot(guest, '16-share-lightbox');
    await guest.keyboard.press('ArrowRight');
    await guest.getByText('2 of 3').waitFor();
    await guest.keyboard.press('Escape');
    await guest.getByText('2 of 3').waitFor({ state: 'detached' });
    // Left open for an hour, the page fetches fresh URLs before its own expire (not counted as a view).
    const owner = createClient({ baseUrl: base, refreshDelivery: 'body' });
    await owner.auth.login(EMAIL, PASSWORD);
    const [album] = await owner.albums.list();
    const shareViews = async () => {
      const links = (await owner.shares.list()).filter((x) => x.albumId === album!.id);
      assert.equal(links.length, 1);
      return links[0]!.views;
    };
    const viewsBefore = await shareViews();
    const refreshed = guest.waitForResponse((r) => r.url().includes('refresh=true'));
    await guest.clock.fastForward('59:30');
    assert.equal((await refreshed).status(), 200);
    await guest.waitForFunction(() => {
      const imgs = Array.from(document.querySelectorAll<HTMLImageElement>('.shared-tile img'));
      return imgs.length === 3 && imgs.every((i) => i.complete && i.naturalWidth > 0);
    });
    assert.equal(await shareViews(), viewsBefore);
    // Downloads are allowed: the whole album comes as a ZIP named after it.
    const [zip] = await Promise.all([guest.waitForEvent('download'), guest.getByRole('button', { name: 'Download all' }).click()]);
    assert.equal(zip.suggestedFilename(), 'Summer.zip');
    assert.ok(((await zip.failure()) ?? null) === null);

    // My links lists it with its recipient; revoking it closes the link at once.
    await page.getByRole('link', { name: 'Sharing' }).first().click();
    await page.getByRole('tab', { name: 'My links' }).waitFor();
    await page.getByText(`With ${FRIEND}`).waitFor();
    await page.getByText('Active', { exact: true }).waitFor();
    await shoot(page, '17-sharing-mine');
    // Its settings change while it is live: downloads off, the visitor's page follows on reload.
    await page.getByRole('button', { name: 'Link settings: Summer' }).click();
    const settings = page.getByRole('dialog', { name: 'Link settings: Summer' });
    await settings.getByLabel('Access code').selectOption('new');
    await shoot(page, '17-share-settings');
    await settings.getByLabel('Access code').selectOption('keep');
    await settings.getByRole('switch', { name: 'Allow downloads' }).uncheck();
    await settings.getByRole('button', { name: 'Save' }).click();
    await settings.waitFor({ state: 'detached' });
    assert.equal(await page.getByText('Downloads allowed').count(), 0);
    await guest.reload();
    await waitForCount(guest.locator('.shared-tile img'), 3);
    assert.equal(await guest.getByRole('button', { name: 'Download all' }).count(), 0);
    await page.getByRole('button', { name: 'Revoke: Summer' }).click();
    await page.getByText('Revoked', { exact: true }).waitFor();
    await guest.reload();
    await guest.getByRole('heading', { name: 'This link no longer works' }).waitFor();
    await guest.getByText('The owner stopped sharing these photos.').waitFor();
    await shoot(guest, '18-share-revoked');
    await visitor.close();
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('shares a timeline selection, and lists a share for a registered friend under Shared with me', async () => {
    // The friend signs up through the API to keep the test short.
    await signUpWithApi(e2e, { email: FRIEND, password: PASSWORD, firstName: 'Bob' });

    const { context, page } = await newContext();
    await signIn(page, PASSWORD);
    await waitForCount(page.locator('.tile img'), 5);
    const checks = page.locator('.tile-check');
    await checks.nth(0).click();
    await checks.nth(1).click();
    await page.getByText('2 selected').waitFor();
    await page.getByRole('button', { name: 'Share' }).click();
    const dialog = page.getByRole('dialog', { name: 'Share 2 items' });
    await dialog.getByLabel('Title').fill('Two favourites');
    await dialog.getByRole('switch', { name: 'Allow downloads' }).uncheck();
    await dialog.getByRole('button', { name: 'Create link' }).click();
    const link = await page.getByLabel('Link', { exact: true }).inputValue();
    // Without the Clipboard API (plain HTTP on a LAN address), Copy falls back to the selected text.
    await page.evaluate(() => Object.defineProperty(navigator, 'clipboard', { value: undefined, configurable: true }));
    await page.getByRole('button', { name: 'Copy' }).click();
    await page.getByText(/Link copied|Select the link and copy it/).waitFor();
    assert.deepEqual(
      await page.evaluate(() => {
        const input = document.activeElement as HTMLInputElement;
        return [input.id, input.selectionStart, input.selectionEnd];
      }),
      ['share-link', 0, link.length],
    );
    await page.getByRole('button', { name: 'Done' }).click();
    await page.getByText('2 selected').waitFor({ state: 'detached' });

    // No code: the link opens straight away; no download offered.
    const visitor = await browser.newContext({ viewport: DESKTOP, locale: 'fr-FR', serviceWorkers: 'block' });
    const guest = await visitor.newPage();
    await guest.goto(link);
    await guest.getByRole('heading', { name: 'Two favourites' }).waitFor();
    await guest.getByText('2 éléments').first().waitFor();
    await guest.waitForFunction(() => Array.from(document.querySelectorAll<HTMLImageElement>('.shared-tile img')).filter((i) => i.naturalWidth > 0).length === 2);
    assert.equal(await guest.getByRole('button', { name: 'Tout télécharger' }).count(), 0);
    await visitor.close();

    // A share sent to the friend's address appears in their Shared with me, and opens without the link.
    const owner = createClient({ baseUrl: base, refreshDelivery: 'body' });
    await owner.auth.login(EMAIL, PASSWORD);
    const [album] = await owner.albums.list();
    await owner.shares.create({ albumId: album!.id, label: 'Summer for Bob', recipients: [{ email: FRIEND.toUpperCase() }] });
    await page.getByRole('link', { name: 'Sharing' }).first().click();
    await page.getByText('Summer for Bob').waitFor();

    const friendContext = await browser.newContext({ viewport: DESKTOP, locale: 'en-US', serviceWorkers: 'block' });
    const friendPage = await friendContext.newPage();
    await signInOnPage(friendPage, base, { email: FRIEND, password: PASSWORD });
    await friendPage.getByRole('link', { name: 'Sharing' }).first().click();
    await friendPage.getByRole('tab', { name: 'My links' }).waitFor();
    await friendPage.getByText('You have not shared anything yet.', { exact: false }).waitFor();
    await friendPage.getByRole('tab', { name: 'Shared with me' }).click();
    await friendPage.getByRole('link', { name: /Summer for Bob/ }).waitFor();
    await shoot(friendPage, '19-shared-with-me');
    await friendPage.getByRole('link', { name: /Summer for Bob/ }).click();
    await friendPage.getByRole('heading', { name: 'Summer' }).waitFor();
    await friendPage.waitForFunction(() => {
      const imgs = Array.from(document.querySelectorAll<HTMLImageElement>('.shared-tile img'));
      return imgs.length === 3 && imgs.every((i) => i.complete && i.naturalWidth > 0);
    });
    await shoot(friendPage, '20-received-album');
    // Downloads of a received share carry the bearer token: the ZIP is fetched, then saved.
    const [zip] = await Promise.all([friendPage.waitForEvent('download'), friendPage.getByRole('button', { name: 'Download all' }).click()]);
    assert.equal(zip.suggestedFilename(), 'Summer.zip');
    await friendContext.close();
    await context.close();
  });

  it('signs in with a magic link from the captured mail, in French', async () => {
    const context = await browser.newContext({ viewport: PHONE, locale: 'fr-FR', serviceWorkers: 'block' });
    const page = await context.newPage();
    await page.goto(base + '/');
    await page.waitForURL(/\/login\?next=/);
    await page.getByRole('button', { name: 'Recevoir un lien de connexion' }).click();
    await page.getByLabel('E-mail').fill(EMAIL);
    await page.getByRole('button', { name: 'Recevoir un lien de connexion' }).first().click();
    await page.getByText('un lien est en route').waitFor();
    await shoot(page, '10-magic-link-fr');
    const magic = await mail.next(EMAIL);
    assert.equal(magic.link.pathname, '/auth/magic-link/verify');
    await page.goto(onApp(magic.link));
    await page.waitForURL(base + '/');
    await waitForCount(page.locator('.tile img'), 5);
    await shoot(page, '11-timeline-fr');
    // The link is single use.
    await page.goto(onApp(magic.link));
    await page.getByRole('alert').waitFor();
    await context.close();
  });

  it('resets a forgotten password from the emailed link', async () => {
    const { context, page } = await newContext();
    await page.goto(base + '/login');
    await page.getByRole('link', { name: 'Forgot password?' }).click();
    await page.getByLabel('Email').fill(EMAIL);
    await page.getByRole('button', { name: 'Send the link' }).click();
    await page.getByText('a reset link is on its way').waitFor();
    const reset = await mail.next(EMAIL);
    assert.equal(reset.link.pathname, '/auth/password/reset');
    await page.goto(onApp(reset.link));
    await page.getByLabel('New password').fill('short');
    await page.getByRole('button', { name: 'Save' }).click();
    // The browser's own check (minlength) stops it first; the page stays.
    assert.equal(await page.getByText('Your password is changed').count(), 0);
    await page.getByLabel('New password').fill('a brand new passphrase');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Your password is changed. Sign in with it.').waitFor();
    await shoot(page, '12-password-reset');
    await page.goto(base + '/login');
    await page.getByLabel('Email').fill(EMAIL);
    await page.getByLabel('Password').fill('a brand new passphrase');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL(base + '/');
    await waitForCount(page.locator('.tile img'), 5);
    await context.close();
  });

  it('renames and deletes an album, empties the trash, edits the profile, changes the password, uploads a dropped file', async () => {
    const { context, page } = await newContext();
    page.on('dialog', (d) => void d.accept());
    await signIn(page, 'a brand new passphrase');
    await page.getByRole('link', { name: 'Albums' }).first().click();
    await page.getByRole('link', { name: /Summer/ }).click();
    await page.getByRole('button', { name: 'Rename' }).click();
    await page.getByLabel('Album name').fill('Summer 2025');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('heading', { name: 'Summer 2025' }).waitFor();
    await page.getByRole('button', { name: 'Delete album' }).click();
    await page.waitForURL(base + '/albums');
    await page.getByText('No albums yet').waitFor();

    await page.getByRole('link', { name: 'Photos' }).click();
    await waitForCount(page.locator('.tile img'), 5);
    // Arrow keys move between photos, Enter opens one.
    await page.locator('.tile-link').first().focus();
    await page.keyboard.press('ArrowRight');
    const focusedIs = (index: string) =>
      page.waitForFunction((i) => document.activeElement?.closest('[data-index]')?.getAttribute('data-index') === i, index, { timeout: 5000 });
    await focusedIs('1');
    await page.keyboard.press('ArrowDown');
    await focusedIs('3');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/photo\//);
    await page.keyboard.press('Escape');
    await page.waitForURL(base + '/');
    await waitForCount(page.locator('.tile img'), 5);
    await page.locator('.tile-check').first().click();
    await page.getByRole('button', { name: 'Move to trash' }).click();
    await waitForCount(page.locator('.tile img'), 4);
    await page.getByRole('link', { name: 'Trash' }).click();
    await waitForCount(page.locator('.square'), 1);
    await page.getByRole('button', { name: 'Empty trash' }).click();
    await page.getByText('The trash is empty.').waitFor();

    await page.getByRole('link', { name: 'Settings' }).first().click();
    await page.getByLabel('Last name').fill('Lovelace');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Saved.').waitFor();
    await page.reload();
    assert.equal(await page.getByLabel('Last name').inputValue(), 'Lovelace');
    await page.getByLabel('Current password').fill('not it');
    await page.getByLabel('New password').fill('yet another passphrase 42');
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByRole('alert').waitFor();
    await page.getByLabel('Current password').fill('a brand new passphrase');
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByText('Your password is changed.').waitFor();
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await page.waitForURL(/\/login/);
    await signIn(page, 'yet another passphrase 42');
    await waitForCount(page.locator('.tile img'), 4);

    // A file dropped anywhere on the page is uploaded.
    const dropped = await sharp({ create: { width: 640, height: 480, channels: 3, background: '#00897b' } }).jpeg().toBuffer();
    await page.evaluate(
      ({ b64, name }) => {
        const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
        const data = new DataTransfer();
        data.items.add(new File([bytes], name, { type: 'image/jpeg' }));
        for (const type of ['dragover', 'drop']) document.querySelector('main')!.dispatchEvent(new DragEvent(type, { dataTransfer: data, bubbles: true, cancelable: true }));
      },
      { b64: dropped.toString('base64'), name: 'dropped.jpg' },
    );
    await page.getByText('1 added').waitFor();
    await waitForCount(page.locator('.tile img'), 5);
    await context.close();
  });

  it('has no serious accessibility problem on the screens above (axe-core, WCAG 2 A/AA)', () => {
    assert.deepEqual(screens.problems, []);
  });

  it('is installable: manifest, icons and a service worker controlling the page', async () => {
    const context = await browser.newContext({ viewport: DESKTOP, locale: 'en-US' });
    const page = await context.newPage();
    await page.goto(base + '/login');
    const ready = await page.evaluate(() => Promise.race([navigator.serviceWorker.ready.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 10_000))]));
    assert.equal(ready, true, 'the service worker installs');
    await page.reload();
    assert.equal(await page.evaluate(() => navigator.serviceWorker.controller !== null), true);
    const manifest = (await (await page.request.get(base + '/manifest.webmanifest')).json()) as { icons: Array<{ src: string; sizes: string }>; start_url: string };
    assert.equal(manifest.start_url, '/');
    for (const icon of manifest.icons) assert.equal((await page.request.get(base + icon.src)).status(), 200, icon.src);
    assert.ok(manifest.icons.some((i) => i.sizes === '512x512'));
    await context.close();
  });
});

const signIn = (page: Page, password: string) => signInOnPage(page, base, { email: EMAIL, password });
