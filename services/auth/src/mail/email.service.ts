import type { Locale } from '@photocloud/contracts';
import type { Logger } from '@photocloud/kit';
import type { Mailer } from './mailer.ts';
import { renderMail, type MailKind } from './templates.ts';

/**
 * Builds and sends the account emails. Sending happens after the response on purpose: a request's
 * timing must not depend on whether a mail went out (which would reveal whether the account exists).
 */
export class EmailService {
  readonly #pending = new Set<Promise<void>>();

  constructor(
    private readonly mailer: Mailer,
    private readonly apiUrl: string,
    private readonly log: Logger,
  ) {}

  /** Queues the mail; failures are logged, never thrown at the caller. */
  send(kind: MailKind, to: string, locale: Locale, path: string, token: string): void {
    const link = `${this.apiUrl.replace(/\/$/, '')}${path}?token=${encodeURIComponent(token)}`;
    const mail = renderMail(kind, locale, link);
    const p = this.mailer
      .send({ to, kind, link, ...mail })
      .catch((err: unknown) => this.log.error({ err, kind }, 'could not send email'))
      .finally(() => this.#pending.delete(p));
    this.#pending.add(p);
  }

  /** Waits for mails in flight (shutdown, tests). */
  async flush(): Promise<void> {
    await Promise.all([...this.#pending]);
  }
}
