import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { exposureLine, fileSize, mapLink } from './format.ts';

describe('viewer formatting', () => {
  it('writes the exposure the way photographers read it', () => {
    const exif = { make: null, model: null, lens: null, exposureTime: 1 / 120, fNumber: 1.8, iso: 100, focalLength: 4.25 };
    assert.equal(exposureLine(exif), 'ƒ/1.8 · 1/120 s · 4.3 mm · ISO 100');
    assert.equal(exposureLine({ ...exif, exposureTime: 2.5, fNumber: null, iso: null, focalLength: null }), '2.5 s');
    assert.equal(exposureLine({ ...exif, exposureTime: null, fNumber: null, iso: null, focalLength: null }), '');
  });

  it('links to a map only for a valid position', () => {
    assert.match(mapLink(48.8584, 2.2945)!, /mlat=48\.858400&mlon=2\.294500/);
    assert.equal(mapLink(null, 2), null);
    assert.equal(mapLink(91, 0), null);
  });

  it('sizes files in each language', () => {
    assert.equal(fileSize(1536, 'en'), '1.5 KB');
    assert.equal(fileSize(3 * 1024 * 1024, 'fr'), '3 Mo');
    assert.equal(fileSize(12, 'en'), '12 B');
  });
});
