import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError, errorFromBody, isApiError } from './errors.ts';

describe('ApiError mapping', () => {
  it('carries the code, message and request id of a JSON error', () => {
    const err = errorFromBody(404, { error: { code: 'ALBUM_NOT_FOUND', message: 'No such album.', requestId: 'req-1' } });
    assert.ok(isApiError(err, 'ALBUM_NOT_FOUND'));
    assert.deepEqual([err.status, err.message, err.requestId], [404, 'No such album.', 'req-1']);
  });

  it('still gives a typed error for answers that are not our JSON (a proxy page, an empty body)', () => {
    assert.equal(errorFromBody(502, '<html>Bad gateway</html>').code, 'BAD_RESPONSE');
    assert.equal(errorFromBody(404, null).code, 'NOT_FOUND');
    assert.equal(errorFromBody(500, { error: { message: 'no code' } }).code, 'BAD_RESPONSE');
  });

  it('tells ApiErrors from other errors', () => {
    assert.equal(isApiError(new Error('x')), false);
    assert.equal(isApiError(new ApiError('NETWORK', 'down', 0), 'NETWORK'), true);
    assert.equal(isApiError(new ApiError('NETWORK', 'down', 0), 'INTERNAL'), false);
  });
});
