import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { createClient, type PhotoCloudClient } from '@photocloud/sdk';
import { startStack, type Stack } from '../../../apps/server/src/serve.ts';
import { ensureWebBuild, WEB_DIR } from './build.ts';
import { MailCatcher } from './smtp.ts';

export interface E2eStackOptions {
  /** Names the temporary directory (photocloud-<name>-…). */
  name: string;
  /** Settings on top of the common ones (ports, SMTP to the catcher, log level); these win. */
  env?: Record<string, string>;
  /**
   * Builds the web app when its sources changed and serves a copy of it from the temporary directory:
   * another test file may rebuild apps/web/dist while this one is clicking through it.
   */
  privateWebCopy?: boolean;
  /** Serves on http://localhost:<free port> (WebAuthn needs a domain, not an IP) and tells the stack that public URL. */
  onLocalhost?: boolean;
  /** Keeps the data in this directory, which the caller owns (not removed on close). */
  dataDir?: string;
}

export interface E2eStack {
  stack: Stack;
  /** Where the app and the API answer. */
  base: string;
  /** Receives the stack's mails. */
  mail: MailCatcher;
  /** The stack's DATA_DIR (the S3 service's root key is under s3/root-key.json). */
  dataDir: string;
  /** The private copy of the web build the stack serves, with `privateWebCopy`. */
  webDir: string | undefined;
  /** Stops the stack, then the mail catcher, then removes the temporary directory (not a `dataDir` passed in). */
  close(): Promise<void>;
}

/** The whole stack as `photocloud serve` runs it, on free ports, with a real SMTP server catching its mails. */
export async function startE2eStack(options: E2eStackOptions): Promise<E2eStack> {
  if (options.privateWebCopy) await ensureWebBuild();
  const root = mkdtempSync(join(tmpdir(), `photocloud-${options.name}-`));
  const dataDir = options.dataDir ?? join(root, 'data');
  const removeRoot = () => rmSync(root, { recursive: true, force: true });
  let mail: MailCatcher | undefined;
  try {
    const env: Record<string, string> = {};
    if (options.privateWebCopy) {
      env.WEB_DIR = join(root, 'web');
      cpSync(join(WEB_DIR, 'dist'), env.WEB_DIR, { recursive: true });
    }
    let localBase: string | undefined;
    if (options.onLocalhost) {
      const port = await freePort();
      localBase = `http://localhost:${port}`;
      Object.assign(env, { PORT: String(port), API_URL: localBase });
    }
    mail = await new MailCatcher().start();
    const stack = await startStack({
      DATA_DIR: dataDir,
      PORT: '0',
      S3_PORT: '0',
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(mail.port),
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
      ...env,
      ...options.env,
    });
    const caught = mail;
    return {
      stack,
      base: localBase ?? stack.urls.gateway!,
      mail: caught,
      dataDir,
      webDir: env.WEB_DIR,
      async close() {
        await stack.close();
        await caught.stop();
        removeRoot();
      },
    };
  } catch (err) {
    // The suite gets no handle to clean up with: leave nothing behind.
    await mail?.stop();
    removeRoot();
    throw err;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface NewAccount {
  email: string;
  password: string;
  firstName?: string;
}

/** Registers through the SDK and verifies the email with the token of the mail it gets; the client stays signed in. */
export async function signUpWithApi(target: { base: string; mail: MailCatcher }, account: NewAccount): Promise<PhotoCloudClient> {
  // Refresh token in the JSON body, no cookies: the way the CLI uses the SDK.
  const client = createClient({ baseUrl: target.base, refreshDelivery: 'body' });
  await client.auth.register(account);
  await client.auth.verifyEmail((await target.mail.next(account.email)).link.searchParams.get('token')!);
  return client;
}

/** Signs in with a password on the login page, and waits until the app has taken the browser home. */
export async function signInOnPage(page: Page, base: string, account: { email: string; password: string }): Promise<void> {
  await page.goto(base + '/login');
  await page.getByLabel('Email').fill(account.email);
  await page.getByLabel('Password').fill(account.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForURL(base + '/');
}

/** Waits until the library holds `count` photos, all processed (thumbnails made), or fails after `timeoutMs`. */
export async function waitUntilProcessed(client: PhotoCloudClient, count: number, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { items } = await client.media.timeline({ limit: 100 });
    if (items.length === count && items.every((m) => m.status === 'ready')) return;
    if (Date.now() > deadline) throw new Error(`expected ${count} processed photos, have ${items.map((m) => m.status).join(', ') || 'none'}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}
