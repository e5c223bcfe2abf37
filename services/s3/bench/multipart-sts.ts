/**
 * The multipart and temporary-credential figures of `npm run bench:s3` (run against "ours" only):
 * a 1 GiB upload in 8 MiB parts with 4 parts in flight, and 4 KiB PUT/GET rates with STS
 * credentials (policy evaluated on every request) next to the root key.
 */
import { randomBytes } from 'node:crypto';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { LightClient, type Target } from './light-client.ts';

const PART = 8 * 1024 * 1024;
const TOTAL = Number(process.env.BENCH_MULTIPART_BYTES ?? 1024 ** 3);
const PART_CONCURRENCY = 4;

export interface MultipartStsRow {
  multipartMBs: number;
  rootPutOps: number;
  rootGetOps: number;
  stsPutOps: number;
  stsGetOps: number;
}

async function multipartUpload(client: LightClient, key: string, part: Buffer, parts: number): Promise<void> {
  const path = client.path(key);
  const send = async (method: string, url: string, body?: Buffer): Promise<string> => {
    const headers = client.sign(method, url, body ? { 'content-length': String(body.length) } : {});
    const res = await client.pool.request({ method: method as 'PUT', path: url, headers, ...(body && { body }) });
    const text = await res.body.text();
    if (res.statusCode !== 200) throw new Error(`${method} ${url}: ${res.statusCode} ${text.slice(0, 300)}`);
    return method === 'PUT' ? String(res.headers.etag) : text;
  };
  const created = await send('POST', `${path}?uploads=`);
  const uploadId = /<UploadId>([^<]+)<\/UploadId>/.exec(created)![1]!;
  const etags: string[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: PART_CONCURRENCY }, async () => {
      while (next < parts) {
        const n = ++next;
        etags[n - 1] = await send('PUT', `${path}?partNumber=${n}&uploadId=${encodeURIComponent(uploadId)}`, part);
      }
    }),
  );
  const xml = `<CompleteMultipartUpload>${etags.map((e, i) => `<Part><PartNumber>${i + 1}</PartNumber><ETag>${e}</ETag></Part>`).join('')}</CompleteMultipartUpload>`;
  await send('POST', `${path}?uploadId=${encodeURIComponent(uploadId)}`, Buffer.from(xml));
}

/** Temporary credentials scoped to users/bench/ (the same statements as a web-identity session), via STS AssumeRole. */
async function assumeBenchRole(target: Target): Promise<Target> {
  const sts = new STSClient({ endpoint: target.url, region: 'us-east-1', credentials: { accessKeyId: target.accessKeyId, secretAccessKey: target.secretAccessKey } });
  const Policy = JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'], Resource: `arn:aws:s3:::${target.bucket}/users/bench/*` },
      { Effect: 'Allow', Action: 's3:ListBucket', Resource: `arn:aws:s3:::${target.bucket}`, Condition: { StringLike: { 's3:prefix': ['users/bench/*'] } } },
    ],
  });
  const out = await sts.send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::0:role/bench', RoleSessionName: 'bench', Policy, DurationSeconds: 3600 }));
  sts.destroy();
  const c = out.Credentials!;
  return { ...target, accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! };
}

export async function measureMultipartAndSts(
  target: Target,
  rate: (concurrency: number, seconds: number, op: (i: number) => Promise<unknown>) => Promise<number>,
  concurrency: number,
  seconds: number,
): Promise<MultipartStsRow> {
  const root = new LightClient(target, concurrency);
  const part = randomBytes(PART);
  const t = performance.now();
  await multipartUpload(root, 'big/multipart', part, Math.ceil(TOTAL / PART));
  const multipartMBs = TOTAL / 2 ** 20 / ((performance.now() - t) / 1000);

  const sts = new LightClient(await assumeBenchRole(target), concurrency);
  const small = randomBytes(4096);
  // Root and STS runs in the order root, STS, STS, root, averaged: drift (disk, caches) weighs on both alike.
  await rate(concurrency, 1, (i) => sts.put(`users/bench/warm/${i}`, small));
  let written = 0;
  const put = (c: LightClient, tag: string) => rate(concurrency, seconds / 2, async (i) => {
    await c.put(`users/bench/${tag}${i}`, small);
    if (tag === 'r') written = Math.max(written, i + 1);
  });
  const get = (c: LightClient) => rate(concurrency, seconds / 2, (i) => c.get(`users/bench/r${i % written}`));
  const rootPut1 = await put(root, 'r');
  const stsPutOps = ((await put(sts, 's')) + (await put(sts, 't'))) / 2;
  const rootPutOps = (rootPut1 + (await put(root, 'q'))) / 2;
  const rootGet1 = await get(root);
  const stsGetOps = ((await get(sts)) + (await get(sts))) / 2;
  const rootGetOps = (rootGet1 + (await get(root))) / 2;
  await root.close();
  await sts.close();
  return { multipartMBs, rootPutOps, rootGetOps, stsPutOps, stsGetOps };
}
