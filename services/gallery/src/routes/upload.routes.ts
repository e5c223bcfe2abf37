import type { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import multipart from '@fastify/multipart';
import { Type } from '@sinclair/typebox';
import {
  CreateDirectUploadRequest,
  UploadPartUrlsRequest,
  type CreateDirectUploadRequest as CreateDirect,
  type UploadPartUrlsRequest as PartUrlsRequest,
  type UploadResult,
} from '@photocloud/contracts';
import { AppError, isAppError } from '@photocloud/kit';
import type { IncomingFile } from '../services/ingest.service.ts';
import type { Gallery } from '../wiring.ts';
import { userId } from './user.ts';

const UploadId = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });

type FileOutcome = UploadResult | { filename: string; error: { code: string; message: string } };

/**
 * Uploads through the API (multipart with one or many files, or a raw body named by `X-Filename`),
 * streamed to S3; and direct uploads to S3 with presigned URLs (one PUT, or parts for large files).
 */
export function uploadRoutes(gallery: Gallery, maxUploadBytes: number): FastifyPluginAsync {
  return async (app) => {
    // One byte over the limit so our own check (with its clear error) fires first.
    await app.register(multipart, { limits: { fileSize: maxUploadBytes + 1, files: 10_000, fields: 100 } });
    // Raw bodies stay unread until the handler streams them to S3.
    app.addContentTypeParser('*', (_req, _payload, done) => done(null));
    // Refused before the body was read (too large, over quota, not a photo): close the connection
    // rather than keep it open for the rest of a body we will never read.
    app.addHook('onError', async (req, reply) => {
      if (!req.raw.complete) reply.header('connection', 'close');
    });

    app.post('/media/upload', async (req) => {
      if (req.isMultipart()) return { items: await uploadParts(gallery, req) };
      return { items: [await gallery.ingest.ingestStream(userId(req), req.raw, rawFile(req))] };
    });
    app.post('/uploads', { schema: { body: CreateDirectUploadRequest } }, async (req, reply) =>
      reply.status(201).send(await gallery.ingest.createDirect(userId(req), req.body as CreateDirect)));
    app.post('/uploads/:id/parts', { schema: { params: UploadId, body: UploadPartUrlsRequest } }, async (req) =>
      gallery.ingest.partUrls(userId(req), (req.params as { id: string }).id, (req.body as PartUrlsRequest).partNumbers));
    app.post('/uploads/:id/complete', { schema: { params: UploadId } }, async (req) =>
      gallery.ingest.completeDirect(userId(req), (req.params as { id: string }).id));
    app.delete('/uploads/:id', { schema: { params: UploadId } }, async (req, reply) => {
      await gallery.ingest.cancelDirect(userId(req), (req.params as { id: string }).id);
      return reply.status(204).send();
    });
  };
}

/** Files one after the other; with several files, one bad file is reported in its slot and the rest go on. */
async function uploadParts(gallery: Gallery, req: FastifyRequest): Promise<FileOutcome[]> {
  const out: FileOutcome[] = [];
  let firstError: unknown;
  for await (const part of req.parts()) {
    if (part.type !== 'file') continue;
    try {
      out.push(await gallery.ingest.ingestStream(userId(req), part.file, { filename: part.filename || 'upload' }));
    } catch (err) {
      if (!isAppError(err)) throw err;
      await drain(part.file);
      firstError ??= err;
      out.push({ filename: part.filename, error: { code: err.code, message: err.message } });
    }
  }
  if (out.length === 0) throw new AppError('UPLOAD_EMPTY');
  if (out.length === 1 && firstError) throw firstError;
  return out;
}

function rawFile(req: FastifyRequest): IncomingFile {
  const name = req.headers['x-filename'];
  if (typeof name !== 'string' || name.length === 0) {
    throw new AppError('VALIDATION_FAILED', { message: 'Send the file name in the X-Filename header (URI-encoded), or upload as multipart/form-data.' });
  }
  const length = req.headers['content-length'];
  const sha = req.headers['x-content-sha256'];
  const modified = req.headers['x-last-modified'];
  if (sha !== undefined && (typeof sha !== 'string' || !/^[0-9a-fA-F]{64}$/.test(sha))) {
    throw new AppError('VALIDATION_FAILED', { message: 'X-Content-SHA256 must be 64 hex digits.' });
  }
  return {
    filename: safeDecode(name),
    declaredSize: length !== undefined ? Number(length) : undefined,
    declaredSha256: sha,
    lastModified: typeof modified === 'string' ? new Date(/^\d+$/.test(modified) ? Number(modified) : modified) : undefined,
  };
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

async function drain(stream: Readable): Promise<void> {
  if (stream.readableEnded || stream.destroyed) return;
  stream.resume();
  await finished(stream).catch(() => {});
}
