import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface CapturedMail {
  to: string;
  subject: string;
  /** The `…?token=…` link the mail carries. */
  link: URL;
}

/** A real SMTP server on loopback that keeps the mails the auth service sends. */
export class MailCatcher {
  private readonly mails: CapturedMail[] = [];
  private readonly server: SMTPServer;
  port = 0;

  constructor() {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData: (stream, _session, callback) => {
        simpleParser(stream)
          .then((parsed) => {
            const href = /https?:\/\/\S+\?token=[^\s"<>]+/.exec(parsed.text ?? '')?.[0];
            const to = Array.isArray(parsed.to) ? parsed.to[0]?.text : parsed.to?.text;
            if (href) this.mails.push({ to: to ?? '', subject: parsed.subject ?? '', link: new URL(href) });
            callback();
          })
          .catch(callback);
      },
    });
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', () => resolve()));
    this.port = (this.server.server.address() as AddressInfo).port;
    return this;
  }

  /** The next mail to `to` (mails leave after the HTTP answer, so this waits). */
  async next(to: string, timeoutMs = 10_000): Promise<CapturedMail> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const i = this.mails.findIndex((m) => m.to === to);
      if (i >= 0) return this.mails.splice(i, 1)[0]!;
      if (Date.now() > deadline) throw new Error(`no mail to ${to} within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
