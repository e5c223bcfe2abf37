import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ListMultipartUploadsCommand, S3Client } from '@aws-sdk/client-s3';
import type { Browser, BrowserContext, CDPSession, Page, Request, Route } from 'playwright-core';
import sharp from 'sharp';
import type { Stack } from '../../apps/server/src/serve.ts';
import { signInOnPage, signUpWithApi, startE2eStack, type E2eStack } from './helpers/stack.ts';
import { generatePhotos, type GeneratedPhoto } from './helpers/photos.ts';
import { DESKTOP, launchChromium, Screens } from './helpers/browser.ts';

const EMAIL = 'hedy@example.test';
const PASSWORD = 'correct horse battery staple';
const MiB = 1024 * 1024;

let e2e: E2eStack;
let dataDir: string;
let stack: Stack;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let cdp: CDPSession;
let base: string;
let s3Origin: string;
let photos: GeneratedPhoto[];
let big: { name: string; mimeType: string; buffer: Buffer };
const requests: Request[] = [];
const screens = new Screens('web-upload');

/**
 * An incompressible PNG of about 16.5 MiB: above the lowered multipart threshold, so 4 parts of 5 MiB,
 * and above what the page hashes in one read, so its hash streams through WebAssembly.
 */
async function bigPng(name: string): Promise<{ name: string; mimeType: string; buffer: Buffer }> {
  const buffer = await sharp(randomBytes(2400 * 2400 * 3), { raw: { width: 2400, height: 2400, channels: 3 } }).png({ compressionLevel: 0 }).toBuffer();
  return { name, mimeType: 'image/png', buffer };
}

/** Slows what the page sends (Chromium's own network emulation), so progress can be seen. */
async function throttleUploads(bytesPerSecond: number): Promise<void> {
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: bytesPerSecond });
}

const sent = (pred: (r: Request, url: URL) => boolean) => requests.filter((r) => pred(r, new URL(r.url())));
const s3Puts = () => sent((r, u) => r.method() === 'PUT' && u.origin === s3Origin);
const pick = (files: Array<{ name: string; mimeType: string; buffer: Buffer }>) => page.getByLabel('Choose photos').setInputFiles(files);
const closePanel = () => page.getByRole('button', { name: 'Close' }).click();

describe('web upload straight to S3 in Chromium', { timeout: 240_000 }, () => {
  before(async () => {
    e2e = await startE2eStack({
      name: 'web-upload',
      privateWebCopy: true,
      // Lowered so a 16.5 MiB photo goes in parts (5 MiB is S3's smallest part).
      env: { UPLOAD_MULTIPART_THRESHOLD: String(5 * MiB + 1), UPLOAD_PART_SIZE: String(5 * MiB) },
    });
    ({ stack, base, dataDir } = e2e);
    s3Origin = new URL(stack.urls.s3!).origin;
    photos = await generatePhotos();
    await signUpWithApi(e2e, { email: EMAIL, password: PASSWORD, firstName: 'Hedy' });

    browser = await launchChromium();
    context = await browser.newContext({ viewport: DESKTOP, locale: 'en-US', serviceWorkers: 'block' });
    page = await context.newPage();
    page.on('request', (r) => requests.push(r));
    cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await signInOnPage(page, base, { email: EMAIL, password: PASSWORD });
    await page.getByRole('heading', { name: 'No photos yet' }).waitFor();
  });

  after(async () => {
    await browser?.close();
    await e2e?.close();
  });

  it('sends a large photo in parts and a small one in one PUT to the S3 origin, with progress, then a summary with the reason of a failure', async () => {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    big = await bigPng('panorama.png');
    await throttleUploads(3 * MiB);
    await pick([big, { name: photos[0]!.name, mimeType: photos[0]!.mimeType, buffer: photos[0]!.buffer }, { name: 'notes.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('a shopping list, not a photo') }]);

    // Per-file progress moves while the parts go up, and the overall bar with it.
    await page.waitForFunction(() => {
      const bar = document.querySelector<HTMLProgressElement>('.upload-item.uploading progress');
      return bar !== null && bar.value > 0 && bar.value < bar.max;
    });
    await page.getByText(/ of 16(\.\d)? MB$/).waitFor();
    const overall = await page.locator('.upload-panel > progress').evaluate((p: HTMLProgressElement) => p.value);
    assert.ok(overall > 0 && overall < 1, `overall progress ${overall}`);
    await screens.shoot(page, '01-upload-progress');
    await throttleUploads(-1);

    await page.getByText('2 added · 1 failed').waitFor({ timeout: 60_000 });
    const summary = page.getByRole('status').filter({ hasText: 'Not uploaded' });
    await summary.getByText('notes.jpg').waitFor();
    await summary.getByText(/is not a supported photo or video/).waitFor();
    await screens.shoot(page, '02-upload-summary');

    // The bytes went to S3, never through the API: three part PUTs for the large file, one PUT for the small one.
    const parts = s3Puts().filter((r) => new URL(r.url()).searchParams.has('uploadId'));
    assert.deepEqual([...new Set(parts.map((r) => new URL(r.url()).searchParams.get('partNumber')))].sort(), ['1', '2', '3', '4']);
    assert.equal(s3Puts().filter((r) => !new URL(r.url()).searchParams.has('uploadId')).length, 2, 'one PUT each for the small photo and the text file');
    assert.equal(sent((r, u) => u.pathname === '/media/upload').length, 0);
    assert.equal(sent((r, u) => r.method() === 'POST' && /^\/uploads\/[\w-]+\/complete$/.test(u.pathname)).length, 3);
    for (const r of s3Puts()) assert.equal((await r.response())?.headers()['access-control-allow-origin'], '*');
    await page.locator('.tile img').first().waitFor();
    assert.deepEqual(errors, []);
    await closePanel();
  });

  it('skips known files after the hash check, without sending them', async () => {
    const before = requests.length;
    // The large one is hashed in slices (WebAssembly): the same digest as the server's.
    await pick([{ name: 'copy.jpg', mimeType: photos[0]!.mimeType, buffer: photos[0]!.buffer }, { ...big, name: 'panorama-again.png' }]);
    await page.getByText('2 already in your library').waitFor();
    const since = requests.slice(before);
    assert.ok(since.some((r) => new URL(r.url()).pathname === '/media/check'));
    // (Thumbnails may load from S3 meanwhile: only writes count.)
    const writes = since.filter((r) => r.method() !== 'GET' && (new URL(r.url()).origin === s3Origin || /^\/(uploads|media\/upload)/.test(new URL(r.url()).pathname)));
    assert.deepEqual(writes.map((r) => `${r.method()} ${r.url()}`), []);
    await closePanel();
  });

  it('reports a file whose transfer keeps failing, retries it on demand, and it goes through', async () => {
    // The storage drops every upload connection: the PUT is retried, then the whole file, then it is failed.
    const toS3 = (url: URL) => url.origin === s3Origin;
    const drop = (route: Route) => (route.request().method() === 'GET' ? route.continue() : route.abort('connectionreset'));
    await page.route(toS3, drop);
    await pick([{ name: photos[1]!.name, mimeType: photos[1]!.mimeType, buffer: photos[1]!.buffer }]);
    await page.getByText('Trying again (1)…').waitFor({ timeout: 30_000 });
    await page.getByText('1 failed').waitFor({ timeout: 60_000 });
    await page.getByRole('status').getByText('The connection was lost during the upload.').waitFor();
    await screens.shoot(page, '03-upload-failed');
    await page.unroute(toS3, drop);
    await page.getByRole('button', { name: `Retry ${photos[1]!.name}` }).click();
    await page.getByText('1 added').waitFor({ timeout: 60_000 });
    await closePanel();
  });

  it('cancels a large upload: its parts are aborted in S3', async () => {
    await throttleUploads(1 * MiB);
    const before = requests.length;
    await pick([await bigPng('slow.png')]);
    await page.waitForFunction(() => (document.querySelector<HTMLProgressElement>('.upload-item.uploading progress')?.value ?? 0) > 0);
    const [cancelled] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'DELETE' && /^\/uploads\/[\w-]+$/.test(new URL(r.url()).pathname)),
      page.getByRole('button', { name: 'Cancel slow.png' }).click(),
    ]);
    assert.equal(cancelled.status(), 204);
    await page.getByText('1 cancelled').waitFor();
    await throttleUploads(-1);
    assert.ok(requests.slice(before).some((r) => new URL(r.url()).searchParams.get('partNumber') === '1'));
    const key = JSON.parse(readFileSync(join(dataDir, 's3', 'root-key.json'), 'utf8')) as { accessKeyId: string; secretAccessKey: string };
    const s3 = new S3Client({ endpoint: stack.urls.s3!, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey } });
    try {
      assert.deepEqual((await s3.send(new ListMultipartUploadsCommand({ Bucket: 'photocloud', Prefix: 'users/' }))).Uploads ?? [], []);
    } finally {
      s3.destroy();
    }
    await closePanel();
    assert.deepEqual(screens.problems, [], 'no accessibility problems on the upload panel');
  });
});

describe('web upload on a server without direct uploads (DIRECT_UPLOADS=false)', { timeout: 120_000 }, () => {
  let noDirect: E2eStack;
  let server: Stack;
  let chromium: Browser;

  before(async () => {
    noDirect = await startE2eStack({ name: 'web-upload-api', privateWebCopy: true, env: { DIRECT_UPLOADS: 'false' } });
    server = noDirect.stack;
    await signUpWithApi(noDirect, { email: EMAIL, password: PASSWORD });
    chromium = await launchChromium();
  });

  after(async () => {
    await chromium?.close();
    await noDirect?.close();
  });

  it('falls back to uploading through the API, for this file and the next ones', async () => {
    const ctx = await chromium.newContext({ viewport: DESKTOP, locale: 'en-US', serviceWorkers: 'block' });
    const tab = await ctx.newPage();
    const seen: Request[] = [];
    tab.on('request', (r) => seen.push(r));
    const gateway = server.urls.gateway!;
    await signInOnPage(tab, gateway, { email: EMAIL, password: PASSWORD });
    await tab.getByRole('heading', { name: 'No photos yet' }).waitFor();
    const files = (await generatePhotos()).map((p) => ({ name: p.name, mimeType: p.mimeType, buffer: p.buffer }));
    await tab.getByLabel('Choose photos').setInputFiles(files.slice(0, 3));
    await tab.getByText('3 added').waitFor({ timeout: 60_000 });
    const paths = (from = 0) => seen.slice(from).map((r) => `${r.method()} ${new URL(r.url()).pathname}`);
    assert.ok(paths().includes('POST /uploads'), 'a direct upload was asked for (three at once, before the first refusal came back)');
    assert.equal(paths().filter((p) => p === 'POST /media/upload').length, 3);
    await tab.getByRole('button', { name: 'Close' }).click();
    // Once refused, the tab no longer asks.
    const before = seen.length;
    await tab.getByLabel('Choose photos').setInputFiles(files.slice(3, 4));
    await tab.getByText('1 added').waitFor({ timeout: 60_000 });
    assert.deepEqual(paths(before).filter((p) => p.includes('/upload')), ['POST /media/upload']);
    assert.equal(seen.filter((r) => new URL(r.url()).origin === new URL(server.urls.s3!).origin && r.method() === 'PUT').length, 0);
    await ctx.close();
  });
});
