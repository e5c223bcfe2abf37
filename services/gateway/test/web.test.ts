import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createLogger, listen, loadConfig } from '@photocloud/kit';
import { buildGateway, gatewayConfigSpec } from '../src/index.ts';

const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8';

describe('gateway serving the web app', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pc-web-'));
  const upstream = createServer((req, res) => res.setHeader('content-type', 'application/json').end(JSON.stringify({ api: req.url })));
  let gateway: Awaited<ReturnType<typeof buildGateway>>;

  before(async () => {
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>PhotoCloud</title>');
    writeFileSync(join(dir, 'assets', 'app-1a2b.js'), 'console.log(1)');
    writeFileSync(join(dir, 'manifest.webmanifest'), '{}');
    const url = await listen(upstream, 0, '127.0.0.1');
    gateway = await buildGateway({
      config: loadConfig(gatewayConfigSpec, {}),
      log: createLogger({ service: 'gateway', level: 'silent' }),
      upstreams: { auth: url, gallery: url },
      webRoot: dir,
    });
  });
  after(async () => {
    await gateway.close();
    upstream.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers a browser navigation to any app URL with index.html, never cached', async () => {
    for (const url of ['/', '/albums/42', '/s/some-share-token', '/settings?tab=profile']) {
      const res = await gateway.inject({ url, headers: { accept: BROWSER_ACCEPT } });
      assert.equal(res.statusCode, 200, url);
      assert.match(res.body, /<title>PhotoCloud<\/title>/);
      assert.equal(res.headers['cache-control'], 'no-cache');
    }
  });

  it('answers the same paths with the API for API calls', async () => {
    const res = await gateway.inject({ url: '/public/shares/abc', headers: { accept: 'application/json' } });
    assert.deepEqual(res.json(), { api: '/public/shares/abc' });
    const any = await gateway.inject({ url: '/s/abc', headers: { accept: '*/*' } });
    assert.deepEqual(any.json(), { api: '/s/abc' });
  });

  it('serves hashed assets with a long immutable cache, and the manifest revalidated', async () => {
    const js = await gateway.inject({ url: '/assets/app-1a2b.js' });
    assert.equal(js.statusCode, 200);
    assert.match(String(js.headers['cache-control']), /max-age=31536000.*immutable/);
    const manifest = await gateway.inject({ url: '/manifest.webmanifest' });
    assert.equal(manifest.headers['cache-control'], 'no-cache');
  });

  it('keeps health and unknown assets as JSON', async () => {
    assert.deepEqual((await gateway.inject({ url: '/healthz', headers: { accept: BROWSER_ACCEPT } })).json(), { status: 'ok' });
    // The FranceConnect button is a top-level navigation that the API answers with a redirect.
    assert.deepEqual((await gateway.inject({ url: '/auth/franceconnect/login', headers: { accept: BROWSER_ACCEPT } })).json(), { api: '/auth/franceconnect/login' });
    const missing = await gateway.inject({ url: '/assets/nope.js' });
    assert.equal(missing.statusCode, 404);
    assert.equal(missing.json().error.code, 'ROUTE_NOT_FOUND');
  });
});
