import { TestSmtpServer } from '../../../services/auth/test/smtp.ts';

export interface CapturedMail {
  to: string;
  subject: string;
  /** The `…?token=…` link the mail carries. */
  link: URL;
}

/** The auth tests' real SMTP server on loopback, giving the link of each mail as a URL. */
export class MailCatcher {
  readonly #smtp = new TestSmtpServer();

  get port(): number {
    return this.#smtp.port;
  }

  async start(): Promise<this> {
    await this.#smtp.start();
    return this;
  }

  /** The next mail to `to` that carries a link (mails leave after the HTTP answer, so this waits). */
  async next(to: string, timeoutMs = 10_000): Promise<CapturedMail> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const mail = await this.#smtp.next(to, Math.max(1, deadline - Date.now()));
      if (mail.link) return { to: mail.to, subject: mail.subject, link: new URL(mail.link) };
    }
  }

  stop(): Promise<void> {
    return this.#smtp.stop();
  }
}
