import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { forEachDialect } from '@photocloud/kit/testing/db';
import { IP_MAX_FAILURES, LOCK_MS, SHARE_MAX_FAILURES } from '../src/services/share-limiter.ts';
import { startStack, uploadRaw, type TestStack } from './helpers/stack.ts';

const HOUR = 3600 * 1000;

forEachDialect('gallery share access', (ctx) =>
  describe('access codes, sessions, expiry and revocation', () => {
    let stack: TestStack;
    let albumId = '';
    let ip = 0;
    /** Each test speaks from its own address (the gallery trusts X-Forwarded-For from the local gateway). */
    const from = () => `10.0.0.${++ip}`;
    const pub = (path: string, init: RequestInit & { ip?: string; cookie?: string; json?: unknown } = {}) => {
      const headers = new Headers(init.headers);
      if (init.ip) headers.set('x-forwarded-for', init.ip);
      if (init.cookie) headers.set('cookie', init.cookie);
      if (init.json !== undefined) headers.set('content-type', 'application/json');
      return fetch(stack.url + path, { ...init, headers, body: init.json !== undefined ? JSON.stringify(init.json) : init.body });
    };
    const share = async (json: Record<string, unknown>) => {
      const res = await stack.api('olga', '/shares', { method: 'POST', json: { albumId, ...json } });
      assert.equal(res.status, 201);
      return (await res.json()) as { id: string; token: string };
    };
    const unlock = (token: string, code: string, ipAddr: string) => pub(`/public/shares/${token}/unlock`, { method: 'POST', json: { code }, ip: ipAddr });
    const errorCode = async (res: Response) => ((await res.json()) as { error: { code: string } }).error.code;
    const cookieOf = (res: Response) => res.headers.get('set-cookie')!.split(';')[0]!;

    before(async () => {
      stack = await startStack(ctx);
      const png = await sharp({ create: { width: 16, height: 16, channels: 3, background: '#a33' } }).png().toBuffer();
      const mediaId = (await (await uploadRaw(stack, 'olga', png, 'red.png')).json()).items[0].media.id;
      await stack.runJobs();
      albumId = (await (await stack.api('olga', '/albums', { method: 'POST', json: { name: 'Family' } })).json()).id;
      await stack.api('olga', `/albums/${albumId}/media`, { method: 'POST', json: { mediaIds: [mediaId] } });
    });
    after(() => stack?.close());

    it('asks for the code, refuses a wrong one with nothing more than "wrong code", and opens with the right one', async () => {
      const { token, id } = await share({ code: 'blue-sky-42' });
      const row = await stack.gallery.gallery.stores.shares.getForOwner('olga', id);
      assert.match(row!.codeHash!, /^\$argon2id\$/);
      let res = await pub(`/public/shares/${token}`);
      assert.equal(res.status, 401);
      const body = await res.json();
      assert.equal(body.error.code, 'SHARE_CODE_REQUIRED');
      assert.equal(JSON.stringify(body).includes('X-Amz'), false, 'nothing of the items before the unlock');
      assert.equal((await pub(`/public/shares/${token}/download`)).status, 401);

      const address = from();
      res = await unlock(token, 'red-sky-42', address);
      assert.equal(res.status, 401);
      assert.deepEqual([(await res.json()).error.message, res.headers.get('set-cookie')], ['Wrong code.', null]);

      res = await unlock(token, 'blue-sky-42', address);
      assert.equal(res.status, 200);
      const setCookie = res.headers.get('set-cookie')!;
      assert.match(setCookie, new RegExp(`Path=/public/shares/${token.replace('.', '\\.')}`));
      assert.match(setCookie, /HttpOnly/);
      assert.match(setCookie, /SameSite=Lax/);
      res = await pub(`/public/shares/${token}`, { cookie: cookieOf(await unlock(token, 'blue-sky-42', address)) });
      assert.equal(res.status, 200);
      assert.equal((await res.json()).items.length, 1);
    });

    it('marks the share cookie Secure when the viewer came over HTTPS, and not on plain HTTP (a LAN address)', async () => {
      const { token } = await share({ code: 'green-sky-42' });
      const plain = await unlock(token, 'green-sky-42', from());
      assert.doesNotMatch(plain.headers.get('set-cookie')!, /Secure/);
      const https = await pub(`/public/shares/${token}/unlock`, { method: 'POST', json: { code: 'green-sky-42' }, ip: from(), headers: { 'x-forwarded-proto': 'https' } });
      assert.equal(https.status, 200);
      assert.match(https.headers.get('set-cookie')!, /; Secure/);
    });

    it('locks a share after repeated wrong codes, even for the right code, until the lock ends', async () => {
      const { token } = await share({ code: 'right-code' });
      for (let i = 0; i < SHARE_MAX_FAILURES; i++) assert.equal(await errorCode(await unlock(token, `wrong-${i}`, from())), 'SHARE_CODE_WRONG');
      const res = await unlock(token, 'right-code', from());
      assert.equal(res.status, 429);
      assert.equal((await res.json()).error.code, 'SHARE_LOCKED');
      assert.ok(Number(res.headers.get('retry-after')) > 0);
      stack.clock.advance(LOCK_MS + 1000);
      assert.equal((await unlock(token, 'right-code', from())).status, 200);
    });

    it('locks an address that guesses across shares', async () => {
      const address = from();
      for (let i = 0; i < IP_MAX_FAILURES; i++) {
        const { token } = await share({ code: `code-${i}` });
        assert.equal(await errorCode(await unlock(token, 'guess', address)), 'SHARE_CODE_WRONG');
      }
      const { token } = await share({ code: 'fresh-code' });
      assert.equal(await errorCode(await unlock(token, 'fresh-code', address)), 'SHARE_LOCKED');
      assert.equal((await unlock(token, 'fresh-code', from())).status, 200, 'another address is not affected');
    });

    it("never accepts one share's session on another share", async () => {
      const a = await share({ code: 'code-a' });
      const b = await share({ code: 'code-b' });
      const cookie = cookieOf(await unlock(a.token, 'code-a', from()));
      assert.equal((await pub(`/public/shares/${a.token}`, { cookie })).status, 200);
      const res = await pub(`/public/shares/${b.token}`, { cookie });
      assert.equal(res.status, 401);
      assert.equal(await errorCode(res), 'SHARE_CODE_REQUIRED');
      assert.equal((await pub(`/public/shares/${b.token}/download`, { cookie })).status, 401);
    });

    it('answers 410 SHARE_EXPIRED once the expiry has passed', async () => {
      const { token, id } = await share({ expiresAt: new Date(stack.clock.now().getTime() + HOUR).toISOString() });
      const view = await (await pub(`/public/shares/${token}`)).json();
      assert.ok(Date.parse(view.urlsExpireAt) <= Date.parse(view.expiresAt), 'URLs never outlive the share');
      stack.clock.advance(HOUR + 1000);
      const res = await pub(`/public/shares/${token}`);
      assert.equal(res.status, 410);
      assert.equal(await errorCode(res), 'SHARE_EXPIRED');
      assert.equal((await (await stack.api('olga', `/shares/${id}`)).json()).status, 'expired');
    });

    it('cuts off a viewer at the next request once the owner revokes, session included', async () => {
      const { token, id } = await share({ code: 'revoke-me' });
      const cookie = cookieOf(await unlock(token, 'revoke-me', from()));
      const view = await (await pub(`/public/shares/${token}`, { cookie })).json();
      assert.equal(view.items.length, 1);
      assert.equal((await stack.api('olga', `/shares/${id}`, { method: 'DELETE' })).status, 204);
      for (const path of [`/public/shares/${token}`, `/s/${token}`, `/public/shares/${token}/download`, `/public/shares/${token}/items/${view.items[0].id}/original`]) {
        const res = await pub(path, { cookie });
        assert.equal(res.status, 410, path);
        assert.equal(await errorCode(res), 'SHARE_REVOKED');
      }
      assert.equal((await unlock(token, 'revoke-me', from())).status, 410);
      const listed = (await (await stack.api('olga', '/shares')).json()).items.find((s: { id: string }) => s.id === id);
      assert.equal(listed.status, 'revoked');
      assert.equal((await stack.api('olga', `/shares/${id}`, { method: 'PATCH', json: { label: 'again' } })).status, 410);
    });

    it('extends, renames, changes and removes the code; a code change ends open sessions', async () => {
      const { token, id } = await share({ code: 'first-code', expiresAt: new Date(stack.clock.now().getTime() + HOUR).toISOString() });
      const cookie = cookieOf(await unlock(token, 'first-code', from()));
      const later = new Date(stack.clock.now().getTime() + 48 * HOUR).toISOString();
      let res = await stack.api('olga', `/shares/${id}`, { method: 'PATCH', json: { expiresAt: later, label: 'Renamed' } });
      assert.deepEqual(((s) => [s.expiresAt, s.label, s.hasCode])(await res.json()), [later, 'Renamed', true]);
      assert.equal((await pub(`/public/shares/${token}`, { cookie })).status, 200, 'other changes keep the session');

      res = await stack.api('olga', `/shares/${id}`, { method: 'PATCH', json: { code: 'second-code' } });
      assert.equal(res.status, 200);
      assert.equal((await pub(`/public/shares/${token}`, { cookie })).status, 401);
      assert.equal(await errorCode(await unlock(token, 'first-code', from())), 'SHARE_CODE_WRONG');
      assert.equal((await unlock(token, 'second-code', from())).status, 200);

      res = await stack.api('olga', `/shares/${id}`, { method: 'PATCH', json: { code: null } });
      assert.equal((await res.json()).hasCode, false);
      assert.equal((await pub(`/public/shares/${token}`)).status, 200);

      for (const json of [{}, { expiresAt: new Date(stack.clock.now().getTime() - 1000).toISOString() }, { code: 'ab' }, { nope: 1 }]) {
        assert.equal((await stack.api('olga', `/shares/${id}`, { method: 'PATCH', json })).status, 400, JSON.stringify(json));
      }
      assert.equal((await (await stack.api('olga', `/shares/${id}`)).json()).label, 'Renamed');
    });

    it('lists shares for their registered recipients under /shares/received and opens them for them alone, until revoked', async () => {
      const { id } = await share({ label: 'For Rita', recipients: [{ name: 'Rita', userId: 'rita' }, { name: 'Sam', email: 'Sam@example.org' }] });
      const owned = await (await stack.api('olga', `/shares/${id}`)).json();
      const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
      assert.deepEqual(owned.recipients.sort(byName), [
        { name: 'Rita', userId: 'rita', email: null },
        { name: 'Sam', userId: null, email: 'sam@example.org' },
      ]);
      let received = (await (await stack.api('rita', '/shares/received')).json()).items;
      assert.deepEqual(received.map((s: { id: string; label: string; ownerId: string; mediaCount: number }) => [s.id, s.label, s.ownerId, s.mediaCount]), [[id, 'For Rita', 'olga', 1]]);
      assert.deepEqual((await (await stack.api('sam', '/shares/received')).json()).items, []);
      // Rita opens it signed in, without link or code; nobody else can.
      const view = await (await stack.api('rita', `/shares/received/${id}`)).json();
      assert.equal(view.items.length, 1);
      assert.equal(view.items[0].originalUrl, `/shares/received/${id}/items/${view.items[0].id}/original`);
      assert.equal((await fetch(view.items[0].thumbUrl)).status, 200);
      assert.equal((await stack.api('rita', view.items[0].originalUrl)).status, 200);
      assert.equal((await stack.api('rita', view.downloadUrl)).headers.get('content-type'), 'application/zip');
      for (const path of [`/shares/received/${id}`, view.items[0].originalUrl, view.downloadUrl]) {
        assert.equal((await stack.api('sam', path)).status, 404, path);
        assert.equal((await stack.api('olga', path)).status, 404, path);
      }
      // Sam was named by address: once his token carries that address verified, the share is his too.
      const asSam = { claims: { email: 'sam@EXAMPLE.org' } };
      received = (await (await stack.api('sam', '/shares/received', asSam)).json()).items;
      assert.deepEqual(received.map((s: { id: string }) => s.id), [id]);
      const samView = await (await stack.api('sam', `/shares/received/${id}`, asSam)).json();
      assert.equal(samView.items.length, 1);
      assert.equal((await stack.api('sam', samView.downloadUrl, asSam)).status, 200);
      const notSam = { claims: { email: 'someone-else@example.org' } };
      assert.deepEqual((await (await stack.api('sam', '/shares/received', notSam)).json()).items, []);
      assert.equal((await stack.api('sam', `/shares/received/${id}`, notSam)).status, 404);

      await stack.api('olga', `/shares/${id}`, { method: 'DELETE' });
      received = (await (await stack.api('rita', '/shares/received')).json()).items;
      assert.deepEqual(received, []);
      assert.equal(await errorCode(await stack.api('rita', `/shares/received/${id}`)), 'SHARE_REVOKED');
    });
  }),
);
