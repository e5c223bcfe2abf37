/**
 * The ceiling for the S3 benchmark: a bare Node HTTP server that does the same durable write as
 * the S3 service (temp file + MD5 + fsync + rename) and streams GETs, with no protocol, auth or catalog.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';

export async function createCeilingServer(dir: string): Promise<Server> {
  await mkdir(join(dir, 'tmp'), { recursive: true });
  await mkdir(join(dir, 'objects'), { recursive: true });
  const pathOf = (url: string) => join(dir, 'objects', createHash('sha1').update(url.split('?')[0]!).digest('hex'));
  return createServer(async (req, res) => {
    try {
      if (req.method === 'PUT') {
        const tmp = join(dir, 'tmp', randomUUID());
        const md5 = createHash('md5');
        req.on('data', (c: Buffer) => md5.update(c));
        // flush: fsync before close, so the file is durable before the rename.
        await pipeline(req, createWriteStream(tmp, { flags: 'wx', highWaterMark: 1024 * 1024, flush: true }));
        await rename(tmp, pathOf(req.url!));
        res.writeHead(200, { etag: `"${md5.digest('hex')}"` }).end();
      } else if (req.method === 'GET') {
        const path = pathOf(req.url!);
        const st = await stat(path);
        res.writeHead(200, { 'content-length': st.size });
        // Read buffers sized to the file: a 4 KiB object must not allocate 1 MiB.
        await pipeline(createReadStream(path, { highWaterMark: Math.min(Math.max(st.size, 1), 1024 * 1024) }), res);
      } else {
        res.writeHead(405).end();
      }
    } catch {
      if (!res.headersSent) res.writeHead(404).end();
      else res.destroy();
    }
  });
}
