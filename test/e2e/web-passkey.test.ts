import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Browser, BrowserContext, CDPSession, Page } from 'playwright-core';
import { startStack } from '../../apps/server/src/serve.ts';
import { FakeGoogleKeys, GOOGLE_CLIENT_ID } from '../../services/auth/test/google-idp.ts';
import { FakeFranceConnect, FC_CLIENT_ID, FC_CLIENT_SECRET, FC_POST_LOGOUT_URI, FC_REDIRECT_URI } from '../../services/auth/test/franceconnect-idp.ts';
import { accessibilityProblems, type A11yProblem } from './helpers/axe.ts';
import type { MailCatcher } from './helpers/smtp.ts';
import { signInOnPage, startE2eStack, type E2eStack } from './helpers/stack.ts';
import { generatePhotos } from './helpers/photos.ts';
import { DESKTOP, launchChromium, PHONE } from './helpers/browser.ts';

/**
 * Scenario 2 of the web app: passkeys (Chromium's virtual authenticator), the signed-in devices,
 * S3 access used by the real rclone, refresh across tabs, and the Google / FranceConnect buttons
 * against local stand-ins. The app runs on http://localhost:<port>: WebAuthn needs a domain, not an IP.
 */

const EMAIL = 'grace@example.test';
const PASSWORD = 'correct horse battery staple';
const ARTIFACTS = join(import.meta.dirname, '..', '..', 'test-artifacts', 'web-passkey');
const execFileP = promisify(execFile);

let e2e: E2eStack;
let dataDir: string;
let mail: MailCatcher;
let google: FakeGoogleKeys;
let fc: FakeFranceConnect;
let browser: Browser;
let base: string;
const problems: Array<{ screen: string } & A11yProblem> = [];

/** The part of the page at `selector` (the top when none), at desktop and phone widths, with axe run on each. */
async function shoot(page: Page, name: string, selector?: string): Promise<void> {
  const size = page.viewportSize() ?? DESKTOP;
  for (const [label, viewport] of [['desktop', DESKTOP], ['phone', PHONE]] as const) {
    await page.setViewportSize(viewport);
    if (selector) await page.locator(selector).evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    await page.screenshot({ path: join(ARTIFACTS, `${name}-${label}.png`) });
    for (const p of await accessibilityProblems(page)) problems.push({ screen: `${name}-${label}`, ...p });
  }
  await page.setViewportSize(size);
}

async function newContext(viewport = DESKTOP): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport, locale: 'en-US', serviceWorkers: 'block' });
  return { context, page: await context.newPage() };
}

/** A platform authenticator that holds discoverable credentials and verifies the user at once. */
async function addAuthenticator(context: BrowserContext, page: Page): Promise<{ cdp: CDPSession; authenticatorId: string }> {
  const cdp = await context.newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true },
  });
  return { cdp, authenticatorId };
}

const signInWithPassword = (page: Page) => signInOnPage(page, base, { email: EMAIL, password: PASSWORD });

const signedInHome = (page: Page) => page.getByRole('link', { name: 'Photos' }).first().waitFor();

describe('web app: passkeys, devices, S3 access, providers', { timeout: 300_000 }, () => {
  // Scenario state carried from step to step: the page with the authenticator stays signed in.
  let mainContext: BrowserContext;
  let main: Page;

  before(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    google = await new FakeGoogleKeys().start();
    fc = await new FakeFranceConnect().start();
    e2e = await startE2eStack({
      name: 'web-passkey',
      privateWebCopy: true,
      onLocalhost: true,
      env: {
        GOOGLE_CLIENT_ID,
        GOOGLE_JWKS_URL: google.url,
        FRANCECONNECT_ISSUER: fc.issuer,
        FRANCECONNECT_CLIENT_ID: FC_CLIENT_ID,
        FRANCECONNECT_CLIENT_SECRET: FC_CLIENT_SECRET,
        // The local provider knows this registered callback; the browser is sent on from there to the app (see routeProviders).
        FRANCECONNECT_REDIRECT_URI: FC_REDIRECT_URI,
        FRANCECONNECT_POST_LOGOUT_REDIRECT_URI: FC_POST_LOGOUT_URI,
      },
    });
    ({ base, mail, dataDir } = e2e);
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await e2e?.close();
    await fc?.close();
    await google?.close();
  });

  it('registers, adds a passkey in the settings, signs out, and signs in with it without typing an email', async () => {
    ({ context: mainContext, page: main } = await newContext());
    const errors: string[] = [];
    main.on('pageerror', (e) => errors.push(e.message));
    const { cdp, authenticatorId } = await addAuthenticator(mainContext, main);

    await main.goto(base + '/register');
    await main.getByLabel('First name').fill('Grace');
    await main.getByLabel('Email').fill(EMAIL);
    await main.getByLabel('Password').fill(PASSWORD);
    await main.getByRole('button', { name: 'Create account' }).click();
    await main.getByText(`we sent a link to ${EMAIL}`).waitFor();
    const verify = await mail.next(EMAIL);
    await main.goto(base + verify.link.pathname + verify.link.search);
    await main.getByRole('heading', { name: 'No photos yet' }).waitFor();

    await main.getByRole('link', { name: 'Settings' }).first().click();
    await main.getByRole('heading', { name: 'Passkeys' }).waitFor();
    await main.getByText('No passkey yet.').waitFor();
    await main.getByLabel('Name of the new passkey').fill('Work laptop');
    await main.getByRole('button', { name: 'Add a passkey' }).click();
    await main.getByText('Passkey “Work laptop” added').waitFor();
    await main.locator('#passkeys').getByText('Work laptop', { exact: true }).waitFor();
    const held = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
    assert.equal(held.credentials.length, 1);
    assert.equal(held.credentials[0]!.isResidentCredential, true, 'a discoverable credential, for usernameless sign-in');

    // The same device again: the server lists its passkey as excluded, so the authenticator refuses a second one.
    await main.getByRole('button', { name: 'Add a passkey' }).click();
    await main.getByText('This device already holds a passkey for your account.').waitFor();

    // Rename it.
    await main.getByRole('button', { name: 'Rename passkey Work laptop' }).click();
    await main.getByRole('dialog').getByLabel('Name of the new passkey').fill('Grace’s laptop');
    await main.getByRole('dialog').getByRole('button', { name: 'Save' }).click();
    await main.locator('#passkeys').getByText('Grace’s laptop', { exact: true }).waitFor();
    await shoot(main, '02-settings-passkeys', '#passkeys');

    // Chromium's virtual authenticator answers an autofill (conditional) request by itself, which a person
    // never sees; this part is about the button, so the page is told autofill is unavailable.
    await main.addInitScript(() => {
      const available = PublicKeyCredential.isConditionalMediationAvailable?.bind(PublicKeyCredential);
      PublicKeyCredential.isConditionalMediationAvailable = async () => localStorage.getItem('e2e.noAutofill') !== '1' && (await available?.()) === true;
    });
    await main.evaluate(() => localStorage.setItem('e2e.noAutofill', '1'));
    await main.reload();
    await main.locator('#session').getByRole('button', { name: 'Sign out' }).click();
    await main.waitForURL(/\/login/);
    await main.getByRole('button', { name: 'Sign in with a passkey' }).waitFor();
    await main.getByRole('button', { name: 'Sign in with Google' }).waitFor();
    await main.getByRole('button', { name: /S’identifier avec FranceConnect/ }).waitFor();
    await shoot(main, '01-sign-in');
    assert.equal(await main.getByLabel('Email').inputValue(), '', 'no email typed');
    await main.getByRole('button', { name: 'Sign in with a passkey' }).click();
    await main.getByRole('heading', { name: 'No photos yet' }).waitFor();
    assert.equal(new URL(main.url()).pathname, '/');
    await main.goto(base + '/settings');
    await main.locator('#passkeys').getByText(/last used/).waitFor();

    // With autofill: the sign-in page offers the passkey in the email field, and picking it signs in.
    await main.evaluate(() => localStorage.removeItem('e2e.noAutofill'));
    await main.locator('#session').getByRole('button', { name: 'Sign out' }).click();
    await main.waitForURL(/\/login/);
    await main.getByRole('heading', { name: 'No photos yet' }).waitFor();
    assert.deepEqual(errors, []);
  });

  it('lists the signed-in devices and signs the other one out', async () => {
    const other = await newContext(PHONE);
    await signInWithPassword(other.page);

    await main.goto(base + '/settings');
    const devices = main.locator('#sessions li');
    await devices.nth(1).waitFor();
    assert.equal(await devices.count(), 2, `this browser (passkey) and the other one (password): ${await main.locator("#sessions ul").innerText()}`);
    assert.equal(await main.locator('#sessions').getByText('This device').count(), 1);
    await main.locator('#sessions').getByText(/^Passkey/).waitFor();
    await main.locator('#sessions').getByText(/^Password/).waitFor();
    await shoot(main, '04-settings-sessions', '#sessions');

    await main.locator('#sessions').getByRole('button', { name: /^End the session on / }).click();
    await main.locator('#sessions').getByText('is ended: it is signed out.').waitFor();
    assert.equal(await devices.count(), 1);
    // The other browser finds itself signed out at its next load.
    await other.page.reload();
    await other.page.waitForURL(/\/login/);
    await other.context.close();
    await main.reload();
    await devices.first().waitFor();
    assert.equal(await devices.count(), 1);

    // Two more browsers, then all other sessions at once.
    const more = [await newContext(), await newContext()];
    for (const m of more) await signInWithPassword(m.page);
    await main.reload();
    await devices.nth(2).waitFor();
    await main.locator('#sessions').getByRole('button', { name: 'End all other sessions' }).click();
    await main.locator('#sessions').getByText('2 other sessions ended.').waitFor();
    assert.equal(await devices.count(), 1);
    for (const m of more) {
      await m.page.reload();
      await m.page.waitForURL(/\/login/);
      await m.context.close();
    }
  });

  it('shows the S3 keys and an rclone configuration that lists the user’s own folder, and nothing beyond it', async () => {
    await main.goto(base + '/');
    const [photo] = await generatePhotos();
    await main.getByLabel('Choose photos').setInputFiles([photo!]);
    await main.getByText('1 added').waitFor({ timeout: 30_000 });
    await main.getByRole('button', { name: 'Close' }).click();

    await main.goto(base + '/settings');
    const s3 = main.locator('#s3-access');
    await s3.getByText('Access key').waitFor();
    const rcloneShown = await s3.locator('pre[data-snippet="rclone-conf"]').innerText();
    assert.match(rcloneShown, /secret_access_key = •+/, 'the secret is masked until asked for');
    await shoot(main, '05-settings-s3', '#s3-access');
    await s3.getByRole('button', { name: 'Show secrets' }).click();
    const conf = await s3.locator('pre[data-snippet="rclone-conf"]').innerText();
    const example = await s3.locator('pre[data-snippet="rclone-example"]').innerText();
    assert.doesNotMatch(conf, /•/);
    assert.match(conf, /^\[photocloud\]\ntype = s3\n/);
    assert.match(example, /^rclone ls photocloud:photocloud\/users\/[\w-]+\/$/);
    assert.match(await s3.locator('pre[data-snippet="aws-example"]').innerText(), /^aws s3 ls s3:\/\/photocloud\/users\/[\w-]+\/ --profile photocloud --endpoint-url http:\/\/127\.0\.0\.1:\d+$/);
    await shoot(main, '06-settings-s3-shown', '#s3-access .s3-snippets');

    // Debian's rclone with exactly what the page shows (a custom CA bundle would only confuse plain HTTP).
    const dir = mkdtempSync(join(tmpdir(), 'pc-rclone-'));
    try {
      const config = join(dir, 'rclone.conf');
      writeFileSync(config, conf + '\n');
      const env = { ...process.env, AWS_CA_BUNDLE: undefined, RCLONE_CONFIG: config };
      const target = example.split(' ')[2]!;
      const listed = await execFileP('rclone', ['ls', target, '--retries', '1', '--low-level-retries', '1'], { env });
      assert.match(listed.stdout, /originals\/\d{4}\/\d{2}\/[\w-]+\.jpg/, listed.stdout);
      // The keys are scoped: the folder above the user's is refused.
      const above = target.replace(/users\/[\w-]+\/$/, 'users/');
      await assert.rejects(execFileP('rclone', ['ls', above, '--retries', '1', '--low-level-retries', '1'], { env }), /AccessDenied|403/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps two tabs signed in when they reload at the same time (the refresh takes turns)', async () => {
    const second = await mainContext.newPage();
    await second.goto(base + '/');
    await signedInHome(second);
    await main.goto(base + '/');
    await signedInHome(main);
    // Each refresh is held until the other tab's arrives (or 1.5 s): without turns, both would carry the
    // same refresh token, and the second would end the session as a stolen one.
    let held: Array<() => void> = [];
    let pairs = 0;
    await mainContext.route('**/auth/refresh', async (route) => {
      await new Promise<void>((release) => {
        held.push(release);
        if (held.length === 2) {
          pairs += 1;
          held.forEach((r) => r());
          held = [];
        } else {
          setTimeout(() => {
            held = held.filter((r) => r !== release);
            release();
          }, 1500);
        }
      });
      await route.continue();
    });
    for (let round = 0; round < 2; round++) {
      await Promise.all([main.reload(), second.reload()]);
      await Promise.all([signedInHome(main), signedInHome(second)]);
    }
    await mainContext.unroute('**/auth/refresh');
    assert.equal(pairs, 0, 'a tab never sent its refresh while the other one was waiting for its own');
    // Neither refresh was taken for a stolen token: the session still stands for a new page.
    const third = await mainContext.newPage();
    await third.goto(base + '/settings');
    await third.locator('#sessions li').first().waitFor();
    assert.equal(new URL(third.url()).pathname, '/settings');
    await third.close();
    await second.close();
  });

  it('signs up with FranceConnect and in with Google through their buttons, and links and unlinks them in the settings', async () => {
    const { context, page } = await newContext();
    await routeProviders(context);

    // FranceConnect: a new person, whose account FranceConnect alone can open (it does not vouch for the email).
    fc.nextPerson = { sub: 'fc-marianne-1', email: 'marianne@example.test', given_name: 'Marianne', family_name: 'Dupont', birthdate: '1962-08-24' };
    await page.goto(base + '/login');
    await page.getByRole('button', { name: /S’identifier avec FranceConnect/ }).click();
    await page.getByRole('heading', { name: 'No photos yet' }).waitFor();
    await page.goto(base + '/settings');
    await page.getByText('Signed in as marianne@example.test').waitFor();
    const linked = page.locator('#linked-accounts');
    await linked.getByText(/^Linked as marianne@example\.test/).waitFor();
    // FranceConnect is this account's only way in: the server refuses to unlink it, and the page says why.
    await linked.getByRole('button', { name: 'Unlink FranceConnect' }).click();
    await linked.getByRole('alert').waitFor();
    assert.match(await linked.getByRole('alert').innerText(), /\w+/);

    // Link Google from the settings: off to Google and back to the settings.
    await linked.getByRole('button', { name: 'Link Google' }).click();
    await page.waitForURL(/\/settings/);
    await linked.getByText('The account is linked').waitFor();
    await linked.getByText(/^Linked as ada\.google@example\.test/).waitFor();
    await shoot(page, '03-settings-linked', '#linked-accounts');
    // Now FranceConnect may go: Google remains.
    await linked.getByRole('button', { name: 'Unlink FranceConnect' }).click();
    await linked.getByText('FranceConnect is unlinked.').waitFor();
    // This session began at FranceConnect: signing out goes through its end-session page too.
    await page.locator('#session').getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Yes, sign me out' }).click();
    await page.waitForURL(/\/login/);

    // Sign in with Google: the same account.
    await page.getByRole('button', { name: 'Sign in with Google' }).click();
    await page.getByRole('heading', { name: 'No photos yet' }).waitFor();
    await page.goto(base + '/settings');
    await page.getByText('Signed in as marianne@example.test').waitFor();
    await context.close();
  });

  it('shows only the ways in the server offers', async () => {
    const bare = await startStack({ DATA_DIR: join(dataDir, 'bare'), WEB_DIR: e2e.webDir!, PORT: '0', S3_PORT: '0', LOG_LEVEL: 'silent' });
    try {
      const { context, page } = await newContext();
      const providers = page.waitForResponse((r) => r.url().endsWith('/auth/providers'));
      await page.goto(bare.urls.gateway! + '/login');
      assert.deepEqual(await (await providers).json(), { password: true, magicLink: true, passkey: true, google: null, franceconnect: false });
      await page.getByRole('button', { name: 'Sign in with a passkey' }).waitFor();
      await page.getByRole('button', { name: 'Sign in', exact: true }).waitFor();
      await page.getByRole('button', { name: 'Email me a sign-in link' }).waitFor();
      assert.equal(await page.getByRole('button', { name: 'Sign in with Google' }).count(), 0);
      assert.equal(await page.locator('.fr-connect').count(), 0);
      await context.close();
    } finally {
      await bare.close();
    }
  });

  it('deletes a passkey after confirming, and it no longer signs in', async () => {
    await main.goto(base + '/settings');
    await main.locator('#s3-access').getByText('Access key').waitFor();
    await shoot(main, '07-settings-top');
    await main.getByRole('button', { name: 'Delete passkey Grace’s laptop' }).click();
    const dialog = main.getByRole('dialog');
    await dialog.getByText('You will no longer be able to sign in with it.').waitFor();
    await shoot(main, '08-settings-delete-passkey');
    await dialog.getByRole('button', { name: 'Delete' }).click();
    await main.getByText('Passkey “Grace’s laptop” deleted.').waitFor();
    await main.getByText('No passkey yet.').waitFor();
    // The authenticator still holds the credential, but the server no longer knows it.
    await main.evaluate(() => localStorage.setItem('e2e.noAutofill', '1'));
    await main.reload();
    await main.locator('#session').getByRole('button', { name: 'Sign out' }).click();
    await main.getByRole('button', { name: 'Sign in with a passkey' }).click();
    await main.getByRole('alert').waitFor();
    assert.equal(new URL(main.url()).pathname, '/login');
    await mainContext.close();
  });

  it('speaks French on the sign-up and sign-in pages, with the same buttons', async () => {
    const context = await browser.newContext({ viewport: PHONE, locale: 'fr-FR', serviceWorkers: 'block' });
    const page = await context.newPage();
    await page.goto(base + '/register');
    await page.getByRole('button', { name: 'S’inscrire avec Google' }).waitFor();
    await page.getByRole('button', { name: /S’identifier avec FranceConnect/ }).waitFor();
    await shoot(page, '10-sign-up-fr');
    await page.goto(base + '/login');
    await page.getByRole('button', { name: 'Se connecter avec une clé d’accès' }).waitFor();
    await page.getByRole('button', { name: 'Se connecter avec Google' }).waitFor();
    await page.getByRole('link', { name: /Qu’est-ce que FranceConnect/ }).waitFor();
    await shoot(page, '09-sign-in-fr');
    await context.close();
  });

  it('has no serious accessibility problem on the sign-in page and the settings (axe-core, WCAG 2 A/AA)', () => {
    assert.deepEqual(problems, []);
  });
});

/**
 * Google and FranceConnect's registered callback, played on loopback: Google's authorization page
 * answers at once with an ID token signed by the local keys for the nonce and state it was given,
 * and FranceConnect's callback host forwards to the app with the same query.
 */
async function routeProviders(context: BrowserContext): Promise<void> {
  await context.route('https://accounts.google.com/**', async (route) => {
    const asked = new URL(route.request().url()).searchParams;
    assert.equal(asked.get('client_id'), GOOGLE_CLIENT_ID);
    assert.equal(asked.get('response_type'), 'id_token');
    const token = await google.token('google-ada-1', 'ada.google@example.test', { nonce: asked.get('nonce')!, given_name: 'Ada' });
    const back = `${asked.get('redirect_uri')}#id_token=${token}&state=${asked.get('state')}`;
    await route.fulfill({ status: 302, headers: { location: back } });
  });
  await context.route(new URL(FC_REDIRECT_URI).origin + '/**', async (route) => {
    const url = new URL(route.request().url());
    await route.fulfill({ status: 302, headers: { location: base + url.pathname + url.search } });
  });
}
