import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pickLang } from './lang.js';

test('lang: --lang wins, then LC_ALL, LC_MESSAGES and LANG; other names and an empty flag are passed over', () => {
  assert.equal(pickLang('it', { LANG: 'en_US.UTF-8' }), 'it');
  assert.equal(pickLang('fr', { LANG: 'it_IT.UTF-8' }), 'en', 'a --lang that is not Italian means English');
  assert.equal(pickLang(undefined, { LC_ALL: 'it_IT.UTF-8', LANG: 'en_US.UTF-8' }), 'it');
  assert.equal(pickLang(undefined, { LC_ALL: 'C', LC_MESSAGES: 'it_CH', LANG: 'en_US.UTF-8' }), 'it', '"C" says nothing: the next one decides');
  assert.equal(pickLang('', { LANG: 'it_IT' }), 'it');
  assert.equal(pickLang(undefined, { LANG: 'EN_gb' }), 'en');
});

test('lang: Intl (ICU locale data, slow to load) is asked only when neither the flag nor the environment says', () => {
  let asked = 0;
  const real = Intl.DateTimeFormat;
  const fake = ((...args: ConstructorParameters<typeof Intl.DateTimeFormat>) => {
    asked++;
    return { resolvedOptions: () => ({ ...real(...args).resolvedOptions(), locale: 'it-IT' }) };
  }) as unknown as typeof Intl.DateTimeFormat;
  Intl.DateTimeFormat = fake;
  try {
    assert.equal(pickLang('en', {}), 'en');
    assert.equal(pickLang(undefined, { LANG: 'en_US.UTF-8' }), 'en');
    assert.equal(asked, 0);
    assert.equal(pickLang(undefined, { LANG: 'C.UTF-8' }), 'it', 'nothing else said: the system locale decides');
    assert.equal(asked, 1);
  } finally {
    Intl.DateTimeFormat = real;
  }
});
