import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import { AppError, createHttpApp, createLogger } from '../src/index.ts';

function capture(): { lines: Record<string, unknown>[]; stream: Writable } {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const l of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(l) as Record<string, unknown>);
      done();
    },
  });
  return { lines, stream };
}

describe('createHttpApp', () => {
  it('answers an AppError with its catalog status, code, message and the request id', async () => {
    const app = createHttpApp({ log: createLogger({ service: 't', level: 'silent' }) });
    app.get('/x', async () => {
      throw new AppError('FORBIDDEN', { headers: { 'x-extra': '1' } });
    });
    const res = await app.inject({ url: '/x', headers: { 'x-request-id': 'r-1' } });
    assert.equal(res.statusCode, 403);
    assert.equal(res.headers['x-extra'], '1');
    assert.deepEqual(res.json(), { error: { code: 'FORBIDDEN', message: 'You are not allowed to do this.', requestId: 'r-1' } });
  });

  it('never leaks the message of an unexpected error, and logs it with its stack', async () => {
    const { lines, stream } = capture();
    const app = createHttpApp({ log: createLogger({ service: 't', destination: stream }) });
    app.get('/boom', async () => {
      throw new Error('database password is hunter2');
    });
    const res = await app.inject({ url: '/boom' });
    assert.equal(res.statusCode, 500);
    assert.equal(res.json().error.code, 'INTERNAL');
    assert.doesNotMatch(res.body, /hunter2/);
    assert.ok(lines.some((l) => l.level === 50 && JSON.stringify(l.err).includes('hunter2')));
  });

  it('answers bad JSON and schema failures with 400 and a clear code', async () => {
    const app = createHttpApp({ log: createLogger({ service: 't', level: 'silent' }) });
    app.post('/j', { schema: { body: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } } } }, async () => ({ ok: true }));
    const bad = await app.inject({ method: 'POST', url: '/j', payload: '{"name":', headers: { 'content-type': 'application/json' } });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().error.code, 'BAD_JSON');
    const invalid = await app.inject({ method: 'POST', url: '/j', payload: { other: 1 } });
    assert.equal(invalid.statusCode, 400);
    assert.equal(invalid.json().error.code, 'VALIDATION_FAILED');
  });

  it('replaces an unusable request id with a fresh one', async () => {
    const app = createHttpApp({ log: createLogger({ service: 't', level: 'silent' }) });
    const res = await app.inject({ url: '/healthz', headers: { 'x-request-id': 'bad id with spaces <script>' } });
    assert.match(String(res.headers['x-request-id']), /^[0-9a-f-]{36}$/);
  });

  it('reports readiness failures as 503 with the reason', async () => {
    const app = createHttpApp({
      log: createLogger({ service: 't', level: 'silent' }),
      ready: async () => {
        throw new Error('database: connection refused');
      },
    });
    const res = await app.inject({ url: '/readyz' });
    assert.equal(res.statusCode, 503);
    assert.equal(res.json().error.message, 'database: connection refused');
  });
});

describe('request logging', () => {
  it('keeps share tokens, one-time tokens and signatures out of the log', async () => {
    const { lines, stream } = capture();
    const app = createHttpApp({ log: createLogger({ service: 't', destination: stream }) });
    for (const url of ['/s/abc.s3cr3t', '/public/shares/abc.s3cr3t/items', '/auth/email/verify?token=s3cr3t&lang=fr', '/x?X-Amz-Signature=s3cr3t']) {
      await app.inject({ url });
    }
    const urls = lines.filter((l) => l.req).map((l) => (l.req as { url: string }).url);
    assert.deepEqual(urls, ['/s/[redacted]', '/public/shares/[redacted]/items', '/auth/email/verify?token=[redacted]&lang=fr', '/x?X-Amz-Signature=[redacted]']);
    assert.ok(!JSON.stringify(lines).includes('s3cr3t'));
  });
});

describe('createLogger', () => {
  it('redacts credentials wherever they appear', () => {
    const { lines, stream } = capture();
    const log = createLogger({ service: 't', destination: stream });
    log.info({ req: { headers: { authorization: 'Bearer abc', cookie: 'rt=1' } }, body: { password: 'pw', refreshToken: 'rt' } }, 'hello');
    const text = JSON.stringify(lines[0]);
    for (const secret of ['Bearer abc', 'rt=1', '"pw"', '"rt"']) assert.ok(!text.includes(secret), `${secret} redacted`);
    assert.equal(lines[0]!.service, 't');
  });
});
