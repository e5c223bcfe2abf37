import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalizeEmail, normalizeUsername } from '../src/normalize.ts';
import { pickLocale, renderMail } from '../src/mail/templates.ts';
import { PasswordService } from '../src/services/password.service.ts';

describe('email normalisation', () => {
  it('folds case and spaces, keeps accents, and writes IDN domains in punycode', () => {
    assert.equal(normalizeEmail('  Alice.Martin@Example.COM '), 'alice.martin@example.com');
    assert.equal(normalizeEmail('Éloïse@exemple.fr'), 'éloïse@exemple.fr');
    assert.equal(normalizeEmail('e\u0301loise@exemple.fr'), 'éloise@exemple.fr', 'decomposed accents are the same address');
    assert.equal(normalizeEmail('жора@пример.рф'), 'жора@xn--e1afmkfd.xn--p1ai');
  });

  it('refuses look-alikes and broken addresses', () => {
    for (const bad of ['pаypal@example.com', 'ｊohn@example.com', 'ﬁle@example.com', 'a\u200d@example.com', 'a b@example.com', 'no-at.example.com', 'a@b@example.com', 'a@localhost', 'a@example.123', '.a@example.com', 'a..b@example.com', `${'x'.repeat(65)}@example.com`, `a@${'x'.repeat(250)}.com`, 'user@exаmple.com']) {
      assert.throws(() => normalizeEmail(bad), { code: 'INVALID_EMAIL' }, bad);
    }
  });
});

describe('username normalisation', () => {
  it('accepts 3 to 32 ASCII letters, digits and single separators, compared lowercase', () => {
    assert.equal(normalizeUsername('Grace.Hopper'), 'grace.hopper');
    for (const bad of ['ab', 'x'.repeat(33), 'grаce', 'ｇrace', 'a..b', '-abc', 'abc_', 'a b c']) assert.throws(() => normalizeUsername(bad), { code: 'INVALID_USERNAME' }, bad);
  });
});

describe('password policy', () => {
  const passwords = new PasswordService();
  it('accepts long passphrases and refuses short, over-long, common and repeated ones', () => {
    passwords.check('correct horse battery staple');
    passwords.check('Tr0ub4dour&3x');
    for (const bad of ['1234567', 'x'.repeat(257), 'qwertyuiop', 'PASSWORD1', 'zzzzzzzzzz']) assert.throws(() => passwords.check(bad), { code: 'WEAK_PASSWORD' }, bad);
  });

  it('hashes with argon2id at the OWASP parameters and verifies', async () => {
    const hash = await passwords.hash('correct horse battery staple');
    assert.match(hash, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    assert.equal(await passwords.verify(hash, 'correct horse battery staple'), true);
    assert.equal(await passwords.verify(hash, 'correct horse battery stapler'), false);
    assert.equal(await passwords.verify(null, 'anything'), false);
    assert.equal(await passwords.verify('not-a-hash', 'anything'), false);
    assert.equal(passwords.needsRehash(hash), false);
    assert.equal(passwords.needsRehash('$argon2id$v=19$m=4096,t=3,p=1$c2FsdHNhbHQ$aGFzaA'), true);
  });
});

describe('mail templates', () => {
  it('picks the language from the preference, then Accept-Language, then English', () => {
    assert.equal(pickLocale('fr', 'en-US'), 'fr');
    assert.equal(pickLocale(null, 'de-DE,fr;q=0.8,en;q=0.5'), 'fr');
    assert.equal(pickLocale(null, 'fr;q=0.1,en;q=0.9'), 'en');
    assert.equal(pickLocale(undefined, 'de'), 'en');
    assert.equal(pickLocale(undefined, undefined), 'en');
  });

  it('renders HTML and text with the link, escaping it in HTML', () => {
    const m = renderMail('magic_link', 'fr', 'https://x.example/auth/magic-link/verify?token=a.b&x="<y>"');
    assert.equal(m.subject, 'Votre lien de connexion');
    assert.ok(m.text.includes('https://x.example/auth/magic-link/verify?token=a.b&x="<y>"'));
    assert.ok(m.html.includes('token=a.b&#38;x=&#34;&#60;y&#62;&#34;'));
    assert.ok(!m.html.includes('"<y>"'));
  });
});
