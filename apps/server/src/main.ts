import { parseArgs } from 'node:util';
import { ConfigError, describeConfig, loadDotEnv } from '@photocloud/kit';
import { SERVICE_NAMES, allConfigSpecs, serve, type ServiceName } from './serve.ts';
import { runS3Keys } from './s3-keys.ts';
import { runAdmin } from './admin.ts';

const USAGE = `Usage: photocloud <command> [options]

Commands:
  serve                 Start PhotoCloud: gateway, auth, gallery and the embedded S3 service in one process.
  serve --only <name>   Start one service alone (${SERVICE_NAMES.join(', ')}).
  config                List every configuration variable with its default.
  s3 keys …             Manage S3 access keys (create, list, revoke): photocloud s3 keys --help.
  admin …               Give or take the admin role (promote, demote, list): photocloud admin --help.
  help                  Show this help.

Configuration comes from environment variables and from a .env file in the working directory.`;

async function main(argv: string[]): Promise<number> {
  if (argv[0] === 's3') return runS3Keys(argv.slice(1));
  if (argv[0] === 'admin') {
    loadDotEnv();
    return runAdmin(argv.slice(1));
  }
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { only: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  const command = positionals[0] ?? 'help';
  if (values.help || command === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (command === 'config') {
    for (const [service, spec] of Object.entries(allConfigSpecs())) {
      process.stdout.write(`\n[${service}]\n`);
      for (const row of describeConfig(spec)) process.stdout.write(`  ${row.env.padEnd(28)} ${row.default.padEnd(24)} ${row.description}\n`);
    }
    return 0;
  }
  if (command === 'serve') {
    const only = values.only;
    if (only !== undefined && !SERVICE_NAMES.includes(only as ServiceName)) {
      process.stderr.write(`photocloud: --only takes one of ${SERVICE_NAMES.join(', ')}, not "${only}"\n`);
      return 2;
    }
    loadDotEnv();
    await serve(process.env, only as ServiceName | undefined);
    return -1; // keeps running until a signal
  }
  process.stderr.write(`photocloud: unknown command "${command}"\n\n${USAGE}\n`);
  return 2;
}

try {
  const code = await main(process.argv.slice(2));
  if (code >= 0) process.exit(code);
} catch (err) {
  if (err instanceof ConfigError) {
    process.stderr.write(`photocloud: invalid configuration\n${err.problems.map((p) => `  ${p}`).join('\n')}\n`);
    process.exit(78);
  }
  const e = err as NodeJS.ErrnoException;
  if (e.code === 'EADDRINUSE') {
    process.stderr.write(`photocloud: ${e.message} (another program uses this port: set PORT / S3_PORT)\n`);
    process.exit(1);
  }
  throw err;
}
