// Child-process entry for the crash test: starts the S3 service from the environment and prints its URL.
import { createLogger } from '@photocloud/kit';
import { loadS3Config } from '../../src/config.ts';
import { startS3Service } from '../../src/service.ts';

const service = await startS3Service({ config: loadS3Config(process.env), log: createLogger({ service: 's3', level: 'warn' }) });
process.stdout.write(`${JSON.stringify({ url: service.url })}\n`);
