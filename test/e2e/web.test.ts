import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import sharp from 'sharp';
import { startStack, type Stack } from '../../apps/server/src/serve.ts';
import { ensureWebBuild } from './helpers/build.ts';
import { MailCatcher } from './helpers/smtp.ts';
import { generatePhotos } from './helpers/photos.ts';
import { DESKTOP, launchChromium, PHONE, Screens, waitForCount } from './helpers/browser.ts';

const EMAIL = 'ada@example.test';
const PASSWORD = 'correct horse battery staple';

let dataDir: string;
let mail: MailCatcher;
let stack: Stack;
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
    await ensureWebBuild();
    dataDir = mkdtempSync(join(tmpdir(), 'photocloud-web-'));
    mail = await new MailCatcher().start();
    stack = await startStack({
      DATA_DIR: dataDir,
      PORT: '0',
      S3_PORT: '0',
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(mail.port),
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    });
    base = stack.urls.gateway!;
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await stack?.close();
    await mail?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
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
    await page.getByRole('button', { name: 'Sign out' }).click();
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
    await page.getByRole('button', { name: 'Sign out' }).click();
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

async function signIn(page: Page, password: string): Promise<void> {
  await page.goto(base + '/login');
  await page.getByLabel('Email').fill(EMAIL);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForURL(base + '/');
}
