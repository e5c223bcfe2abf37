import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** The link the mail carries (`…?token=…`). */
  link: string;
  token: string;
  /** Path of the link, e.g. /auth/magic-link/verify. */
  path: string;
  language: string | undefined;
}

/** A real SMTP server on loopback that keeps what it receives, parsed by mailparser. */
export class TestSmtpServer {
  readonly mails: ReceivedMail[] = [];
  #waiters: Array<() => void> = [];
  #server: SMTPServer;
  port = 0;

  constructor() {
    this.#server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData: (stream, _session, callback) => {
        simpleParser(stream)
          .then((parsed) => {
            const text = parsed.text ?? '';
            const link = /https?:\/\/\S+\?token=\S+/.exec(text)?.[0] ?? '';
            const url = link ? new URL(link) : undefined;
            const to = Array.isArray(parsed.to) ? parsed.to[0]?.text : parsed.to?.text;
            this.mails.push({
              to: to ?? '',
              subject: parsed.subject ?? '',
              text,
              html: typeof parsed.html === 'string' ? parsed.html : '',
              link,
              token: url?.searchParams.get('token') ?? '',
              path: url?.pathname ?? '',
              language: /<html lang="(\w+)"/.exec(typeof parsed.html === 'string' ? parsed.html : '')?.[1],
            });
            for (const w of this.#waiters.splice(0)) w();
            callback();
          })
          .catch(callback);
      },
    });
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', () => resolve()));
    this.port = (this.#server.server.address() as AddressInfo).port;
    return this;
  }

  /** Waits for the next mail to `to` (the mails are sent after the response, on purpose). */
  async next(to: string, timeoutMs = 15_000): Promise<ReceivedMail> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const i = this.mails.findIndex((m) => m.to === to);
      if (i >= 0) return this.mails.splice(i, 1)[0]!;
      if (Date.now() > deadline) throw new Error(`no mail to ${to} within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, 100);
        this.#waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  count(to: string): number {
    return this.mails.filter((m) => m.to === to).length;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}
