import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Type } from '@sinclair/typebox';
import { ConfigError, loadConfig } from '../src/config.ts';

const spec = {
  port: { env: 'PORT', schema: Type.Integer({ minimum: 1, maximum: 65535 }), default: 8080, description: 'HTTP port' },
  debug: { env: 'DEBUG_X', schema: Type.Boolean(), default: false, description: 'debug mode' },
  url: { env: 'API_URL', schema: Type.String({ format: 'uri' }), description: 'public URL' },
  secret: { env: 'SECRET_X', schema: Type.String({ minLength: 16 }), description: 'a secret', secret: true },
};

describe('loadConfig', () => {
  it('applies defaults and converts strings to the declared types', () => {
    const c = loadConfig(spec, { PORT: '9001', DEBUG_X: 'true' });
    assert.equal(c.port, 9001);
    assert.equal(c.debug, true);
    assert.equal(c.url, undefined);
    assert.ok(Object.isFrozen(c));
  });

  it('reports every invalid variable at once, one line each, naming it and what it expects', () => {
    assert.throws(
      () => loadConfig(spec, { PORT: 'abc', DEBUG_X: 'maybe', SECRET_X: 'short' }),
      (err: unknown) => {
        assert.ok(err instanceof ConfigError);
        assert.equal(err.problems.length, 3);
        assert.match(err.problems[0]!, /^PORT="abc" is invalid: expected an integer from 1 to 65535/);
        assert.match(err.problems[1]!, /^DEBUG_X="maybe" is invalid: expected true or false/);
        assert.match(err.problems[2]!, /^SECRET_X=\(hidden\) is invalid/);
        return true;
      },
    );
  });

  it('rejects an out-of-range port', () => {
    assert.throws(() => loadConfig(spec, { PORT: '70000' }), /PORT="70000"/);
  });
});

describe('loadConfig formats', () => {
  it('accepts a URL where a URL is expected and rejects anything else', () => {
    assert.equal(loadConfig(spec, { API_URL: 'https://photos.example.org' }).url, 'https://photos.example.org');
    assert.throws(() => loadConfig(spec, { API_URL: 'not a url' }), /API_URL="not a url" is invalid: expected a URL/);
  });
});
