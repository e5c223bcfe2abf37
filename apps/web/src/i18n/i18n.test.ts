import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { en } from './en.ts';
import { fr } from './fr.ts';
import { pickLanguage, translate } from './translate.ts';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('i18n catalogs', () => {
  it('have the same keys in French and English', () => {
    assert.deepEqual(Object.keys(fr).sort(), Object.keys(en).sort());
  });

  it('have no empty message and the same placeholders in both languages', () => {
    for (const key of Object.keys(en) as Array<keyof typeof en>) {
      assert.ok(en[key].trim() && fr[key].trim(), `empty message ${key}`);
      assert.deepEqual(placeholders(fr[key]), placeholders(en[key]), `placeholders of ${key}`);
    }
  });

  it('picks the first supported browser language, English otherwise', () => {
    assert.equal(pickLanguage(['fr-FR', 'en-US']), 'fr');
    assert.equal(pickLanguage(['de-DE', 'en-GB', 'fr']), 'en');
    assert.equal(pickLanguage(['de']), 'en');
    assert.equal(pickLanguage([]), 'en');
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    assert.equal(translate('fr', 'upload.progress', { done: 2, total: 5 }), '2 fichier(s) sur 5');
    assert.equal(translate('en', 'auth.registered', {}), 'Check your inbox: we sent a link to {email} to confirm your address.');
  });
});
