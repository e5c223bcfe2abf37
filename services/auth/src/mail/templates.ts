import type { Locale } from '@photocloud/contracts';

export type MailKind = 'verify_email' | 'reset_password' | 'magic_link' | 'already_registered';

interface Text {
  subject: string;
  intro: string;
  button: string;
  outro: string;
}

const TEXTS: Record<Locale, Record<MailKind, Text>> = {
  en: {
    verify_email: {
      subject: 'Confirm your email address',
      intro: 'Welcome to PhotoCloud! Confirm your email address to finish creating your account.',
      button: 'Confirm my email',
      outro: 'This link works once and expires in 24 hours. If you did not sign up, ignore this email.',
    },
    reset_password: {
      subject: 'Reset your password',
      intro: 'Someone (hopefully you) asked to reset the password of your PhotoCloud account.',
      button: 'Choose a new password',
      outro: 'This link works once and expires in 30 minutes. If you did not ask, ignore this email: your password stays the same.',
    },
    magic_link: {
      subject: 'Your sign-in link',
      intro: 'Use this link to sign in to PhotoCloud.',
      button: 'Sign in',
      outro: 'This link works once and expires in 10 minutes. If you did not ask for it, ignore this email.',
    },
    already_registered: {
      subject: 'You already have an account',
      intro: 'Someone tried to create a PhotoCloud account with this email address, but you already have one. Sign in, or reset your password if you forgot it.',
      button: 'Reset my password',
      outro: 'This link works once and expires in 30 minutes. If it was not you, ignore this email.',
    },
  },
  fr: {
    verify_email: {
      subject: 'Confirmez votre adresse e-mail',
      intro: 'Bienvenue sur PhotoCloud ! Confirmez votre adresse e-mail pour terminer la création de votre compte.',
      button: 'Confirmer mon adresse',
      outro: "Ce lien ne sert qu'une fois et expire dans 24 heures. Si vous ne vous êtes pas inscrit, ignorez cet e-mail.",
    },
    reset_password: {
      subject: 'Réinitialisez votre mot de passe',
      intro: "Quelqu'un (vous, espérons-le) a demandé à réinitialiser le mot de passe de votre compte PhotoCloud.",
      button: 'Choisir un nouveau mot de passe',
      outro: "Ce lien ne sert qu'une fois et expire dans 30 minutes. Si vous n'avez rien demandé, ignorez cet e-mail : votre mot de passe ne change pas.",
    },
    magic_link: {
      subject: 'Votre lien de connexion',
      intro: 'Utilisez ce lien pour vous connecter à PhotoCloud.',
      button: 'Me connecter',
      outro: "Ce lien ne sert qu'une fois et expire dans 10 minutes. Si vous ne l'avez pas demandé, ignorez cet e-mail.",
    },
    already_registered: {
      subject: 'Vous avez déjà un compte',
      intro: "Quelqu'un a essayé de créer un compte PhotoCloud avec cette adresse, mais vous en avez déjà un. Connectez-vous, ou réinitialisez votre mot de passe si vous l'avez oublié.",
      button: 'Réinitialiser mon mot de passe',
      outro: "Ce lien ne sert qu'une fois et expire dans 30 minutes. Si ce n'était pas vous, ignorez cet e-mail.",
    },
  },
};

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

export function renderMail(kind: MailKind, locale: Locale, link: string): RenderedMail {
  const t = TEXTS[locale][kind];
  const text = `${t.intro}\n\n${t.button}: ${link}\n\n${t.outro}\n\n— PhotoCloud\n`;
  const href = escapeHtml(link);
  const html = `<!doctype html>
<html lang="${locale}"><head><meta charset="utf-8"><title>${escapeHtml(t.subject)}</title></head>
<body style="font-family:system-ui,sans-serif;max-width:560px;margin:auto;padding:24px;color:#222">
<p>${escapeHtml(t.intro)}</p>
<p><a href="${href}" style="display:inline-block;padding:12px 20px;background:#2563eb;color:#fff;border-radius:6px;text-decoration:none">${escapeHtml(t.button)}</a></p>
<p style="font-size:13px;color:#555">${escapeHtml(t.outro)}</p>
<p style="font-size:12px;color:#777;word-break:break-all">${href}</p>
</body></html>`;
  return { subject: t.subject, text, html };
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Picks fr or en: the user's saved preference, else the best of Accept-Language, else English. */
export function pickLocale(preference: string | null | undefined, acceptLanguage: string | undefined): Locale {
  if (preference === 'fr' || preference === 'en') return preference;
  if (!acceptLanguage) return 'en';
  const ranked = acceptLanguage
    .split(',')
    .slice(0, 20)
    .map((part) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find(Boolean);
      return { lang: tag.toLowerCase().split('-')[0] ?? '', q: q ? Number(q) : 1 };
    })
    .filter((x) => x.q > 0)
    .sort((a, b) => b.q - a.q);
  const hit = ranked.find((x) => x.lang === 'fr' || x.lang === 'en');
  return (hit?.lang as Locale | undefined) ?? 'en';
}
