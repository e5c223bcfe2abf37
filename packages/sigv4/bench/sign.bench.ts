/**
 * Microbenchmark, run by hand: `npm run bench -w @photocloud/sigv4`.
 * Signatures per CPU-second for header signing and presigning (cached signing key), key derivation,
 * against the crypto floor (one SHA-256 + one HMAC per signature) and @smithy/signature-v4.
 */
import { createHash, createHmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import { presignUrl, signRequest, signingKey, UNSIGNED_PAYLOAD } from '../src/index.ts';

const creds = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };
const now = Date.UTC(2026, 10, 24, 7);
const key = signingKey(creds.secretAccessKey, '20261124', 'us-east-1', 's3');

class NodeSha256 {
  private hash;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    const k = secret === undefined || typeof secret === 'string' ? secret : ArrayBuffer.isView(secret) ? Buffer.from(secret.buffer, secret.byteOffset, secret.byteLength) : Buffer.from(secret);
    this.hash = k === undefined ? createHash('sha256') : createHmac('sha256', k);
  }
  update(data: Uint8Array) {
    this.hash.update(data);
  }
  async digest() {
    return new Uint8Array(this.hash.digest());
  }
  reset() {}
}
const smithy = new SignatureV4({ credentials: creds, region: 'us-east-1', service: 's3', sha256: NodeSha256, uriEscapePath: false, applyChecksum: true });

/** Operations per second of CPU time (not wall time: shared machines are noisy). */
async function opsPerSecond(fn: (i: number) => unknown, ms = 1000): Promise<number> {
  for (let i = 0; i < 2000; i++) await fn(i); // warm up
  let n = 0;
  const cpu = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
  const start = cpu();
  while (cpu() - start < ms) {
    for (let i = 0; i < 500; i++) await fn(n++);
  }
  return n / ((cpu() - start) / 1000);
}

const signBase = { ...creds, method: 'GET', url: '', payloadHash: UNSIGNED_PAYLOAD, region: 'us-east-1', service: 's3', now };
const presignBase = { ...creds, method: 'GET', url: '', region: 'us-east-1', expiresSeconds: 604800, now };
const creqLike = `GET\n/photos/2026/IMG_0001.jpg\n\nhost:127.0.0.1:9000\nx-amz-content-sha256:UNSIGNED-PAYLOAD\nx-amz-date:20261124T070000Z\n\nhost;x-amz-content-sha256;x-amz-date\nUNSIGNED-PAYLOAD`;
const rows: [string, number][] = [
  ['ceiling: sha256 + hmac (the crypto of one signature)', await opsPerSecond(() => createHmac('sha256', key).update(createHash('sha256').update(creqLike).digest('hex')).digest('hex'))],
  ['ours: signRequest (signingKey cached)', await opsPerSecond((i) => signRequest({ ...signBase, url: `http://127.0.0.1:9000/photos/2026/IMG_${i}.jpg` }))],
  ['ours: presignUrl (signingKey cached)', await opsPerSecond((i) => presignUrl({ ...presignBase, url: `http://127.0.0.1:9000/photos/2026/IMG_${i}.jpg` }))],
  ['ours: signingKey derivation (cache miss)', await opsPerSecond((i) => signingKey(`secret-${i}`, '20261124', 'us-east-1', 's3'))],
  ['peer: @smithy/signature-v4 sign', await opsPerSecond((i) => smithy.sign({ method: 'GET', protocol: 'http:', hostname: '127.0.0.1', port: 9000, path: `/photos/2026/IMG_${i}.jpg`, query: {}, headers: { host: '127.0.0.1:9000', 'x-amz-content-sha256': UNSIGNED_PAYLOAD } }, { signingDate: new Date(now) }))],
  ['peer: @smithy/signature-v4 presign', await opsPerSecond((i) => smithy.presign({ method: 'GET', protocol: 'http:', hostname: '127.0.0.1', port: 9000, path: `/photos/2026/IMG_${i}.jpg`, query: {}, headers: { host: '127.0.0.1:9000' } }, { signingDate: new Date(now), expiresIn: 604800 }))],
];
console.table(rows.map(([what, ops]) => ({ what, 'ops/s': Math.round(ops).toLocaleString('en-US') })));
