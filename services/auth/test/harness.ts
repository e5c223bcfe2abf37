import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { createLogger, type Clock } from '@photocloud/kit';
import type { DialectContext } from '@photocloud/kit/testing/db';
import type { LoginResponse } from '@photocloud/contracts';
import { buildApp } from '../src/app.ts';
import { loadAuthConfig, type AuthConfig } from '../src/config.ts';
import { createAuthContext, type AuthContext } from '../src/main.ts';
import type { RateLimits } from '../src/services/rate-limit.service.ts';
import { TestSmtpServer } from './smtp.ts';

export const API_URL = 'https://photos.example.test';

export interface Harness {
  app: FastifyInstance;
  smtp: TestSmtpServer;
  auth: AuthContext;
  config: AuthConfig;
  close(): Promise<void>;
}

/** Generous limits so suites can sign in many times from one address; rate-limit tests set their own. */
export const RELAXED: Partial<RateLimits> = {
  loginPerIp: { max: 10_000, windowSec: 60 },
  forgotPerIp: { max: 10_000, windowSec: 60 },
  magicLinkPerIp: { max: 10_000, windowSec: 60 },
  resendPerIp: { max: 10_000, windowSec: 60 },
  registerPerIp: { max: 10_000, windowSec: 60 },
};

/** The real service on a real database (the suite's dialect) and a real SMTP server on loopback. */
export async function startHarness(
  ctx: DialectContext,
  opts: { env?: Record<string, string>; clock?: Clock; rateLimits?: Partial<RateLimits> } = {},
): Promise<Harness> {
  const smtp = await new TestSmtpServer().start();
  const config = loadAuthConfig({
    DATA_DIR: join(ctx.dir, randomBytes(4).toString('hex')),
    ...(ctx.url ? { DATABASE_URL: ctx.url } : {}),
    API_URL,
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String(smtp.port),
    SMTP_FROM: 'PhotoCloud <no-reply@photos.example.test>',
    JWT_SECRET: 'test-secret-that-is-long-enough-0123456789',
    ...opts.env,
  });
  const log = createLogger({ service: 'auth', level: 'silent' });
  const auth = await createAuthContext({ config, log, ...(opts.clock ? { clock: opts.clock } : {}), rateLimits: { ...RELAXED, ...opts.rateLimits } });
  const app = await buildApp(auth.appDeps);
  await app.ready();
  return {
    app,
    smtp,
    auth,
    config,
    close: async () => {
      await app.close();
      await auth.close();
      await smtp.stop();
    },
  };
}

let n = 0;
/** A fresh address per test, so suites sharing a database never collide. */
export function uniqueEmail(prefix = 'user'): string {
  n += 1;
  return `${prefix}.${n}.${randomBytes(3).toString('hex')}@example.com`;
}

export const GOOD_PASSWORD = 'correct horse battery staple';

export function json<T>(res: LightMyRequestResponse): T {
  return res.json() as T;
}

export async function post(app: FastifyInstance, url: string, payload: unknown, extra: Partial<InjectOptions> = {}): Promise<LightMyRequestResponse> {
  return app.inject({ method: 'POST', url, payload: payload as InjectOptions['payload'], ...extra });
}

/** Registers, follows the emailed confirmation link and returns the signed-in answer. */
export async function registerAndVerify(h: Harness, email = uniqueEmail(), password = GOOD_PASSWORD, extra: Record<string, unknown> = {}): Promise<{ login: LoginResponse; refreshCookie: string; email: string }> {
  const res = await post(h.app, '/auth/register', { email, password, ...extra });
  if (res.statusCode !== 202) throw new Error(`register answered ${res.statusCode}: ${res.body}`);
  const mail = await h.smtp.next(email);
  const verified = await post(h.app, mail.path, { token: mail.token });
  if (verified.statusCode !== 200) throw new Error(`verify answered ${verified.statusCode}: ${verified.body}`);
  return { login: verified.json() as LoginResponse, refreshCookie: cookieValue(verified), email };
}

/** The refresh cookie's value from a response ('' when none was set). */
export function cookieValue(res: LightMyRequestResponse): string {
  return res.cookies.find((c) => c.name === 'pc_refresh')?.value ?? '';
}

export function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}
