import { createLogger, loadDotEnv, onShutdown, ConfigError } from '@photocloud/kit';
import { loadS3Config } from './config.ts';
import { startS3Service } from './service.ts';

/** Runs the S3 service alone (`node --import tsx services/s3/src/main.ts`). */
loadDotEnv();
const log = createLogger({ service: 's3' });
try {
  const service = await startS3Service({ config: loadS3Config(), log });
  onShutdown(log, [service.close]);
} catch (err) {
  if (err instanceof ConfigError) {
    for (const line of err.problems) log.fatal(line);
  } else {
    log.fatal({ err }, 'S3 service failed to start');
  }
  process.exit(1);
}
