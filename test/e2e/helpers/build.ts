import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { build } from 'vite';

const ROOT = join(import.meta.dirname, '..', '..', '..');
export const WEB_DIR = join(ROOT, 'apps', 'web');
const SOURCES = [join(WEB_DIR, 'src'), join(WEB_DIR, 'public'), join(WEB_DIR, 'index.html'), join(WEB_DIR, 'vite.config.ts'), join(ROOT, 'packages', 'sdk', 'src'), join(ROOT, 'packages', 'contracts', 'src')];

function newest(path: string): number {
  let st;
  try {
    st = statSync(path);
  } catch {
    return 0;
  }
  if (!st.isDirectory()) return st.mtimeMs;
  return readdirSync(path).reduce((m, name) => Math.max(m, newest(join(path, name))), st.mtimeMs);
}

const LOCK = join(WEB_DIR, '.build-lock');
/** A build takes well under this; a lock older than it was left by a killed run. */
const STALE_LOCK_MS = 5 * 60_000;

/**
 * Builds apps/web/dist with Vite when it is missing or older than any source, so the gateway serves this code.
 * The runner starts two test files at once: the build runs under a lock directory (mkdir is atomic), so a
 * second file waits for the first build instead of emptying dist under it.
 */
export async function ensureWebBuild(): Promise<void> {
  if (fresh()) return;
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch {
      if (Date.now() - newest(LOCK) > STALE_LOCK_MS) rmSync(LOCK, { recursive: true, force: true });
      await sleep(200);
    }
  }
  try {
    if (!fresh()) await buildWeb();
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

function fresh(): boolean {
  const built = newest(join(WEB_DIR, 'dist', 'index.html'));
  return built > 0 && built >= Math.max(...SOURCES.map(newest));
}

async function buildWeb(): Promise<void> {
  // The test runner sets NODE_ENV=test, and Vite honours a set NODE_ENV: that would be a development
  // build (React's dev bundle, no service worker). Build what `npm run build:web` builds.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ root: WEB_DIR, configFile: join(WEB_DIR, 'vite.config.ts'), logLevel: 'warn', mode: 'production' });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
}
