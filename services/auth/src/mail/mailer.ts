import nodemailer, { type Transporter } from 'nodemailer';
import type { Logger } from '@photocloud/kit';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** The one link the mail carries, for the log fallback. */
  link: string;
  kind: string;
}

/** Sends mail; the one true external of the auth service. */
export interface Mailer {
  send(msg: MailMessage): Promise<void>;
  close(): void;
}

export interface SmtpOptions {
  host: string;
  port: number;
  secure: boolean;
  user?: string | undefined;
  pass?: string | undefined;
  from: string;
}

export class SmtpMailer implements Mailer {
  readonly #transport: Transporter;
  constructor(private readonly opts: SmtpOptions) {
    this.#transport = nodemailer.createTransport({
      host: opts.host,
      port: opts.port,
      secure: opts.secure,
      auth: opts.user ? { user: opts.user, pass: opts.pass ?? '' } : undefined,
      // Plain SMTP on loopback (tests, a local relay) is fine; anywhere else STARTTLS is used when offered.
      ignoreTLS: opts.host === '127.0.0.1' || opts.host === 'localhost',
    });
  }

  async send(msg: MailMessage): Promise<void> {
    await this.#transport.sendMail({ from: this.opts.from, to: msg.to, subject: msg.subject, text: msg.text, html: msg.html });
  }

  close(): void {
    this.#transport.close();
  }
}

/** Without SMTP: the link goes to the log, so a one-machine install can still sign in. */
export class LogMailer implements Mailer {
  constructor(private readonly log: Logger) {}

  async send(msg: MailMessage): Promise<void> {
    this.log.info({ to: msg.to, kind: msg.kind, link: msg.link }, `email not sent (no SMTP_HOST configured): ${msg.subject} — open ${msg.link}`);
  }

  close(): void {}
}
