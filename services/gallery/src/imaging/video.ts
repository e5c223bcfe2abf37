import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface VideoFacts {
  durationMs: number | null;
  width: number | null;
  height: number | null;
  /** The container's creation time, when the camera wrote one. */
  takenAt: Date | null;
}

let available: Promise<boolean> | undefined;

/** Whether ffmpeg and ffprobe are on PATH (checked once). */
export function ffmpegAvailable(): Promise<boolean> {
  available ??= Promise.all([run('ffmpeg', ['-version']), run('ffprobe', ['-version'])]).then(
    () => true,
    () => false,
  );
  return available;
}

/** Duration, displayed size and creation time. `source` is a URL ffprobe reads with range requests, or a path. */
export async function probeVideo(source: string): Promise<VideoFacts> {
  const { stdout } = await run('ffprobe', ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', source], {
    maxBuffer: 4 * 1024 * 1024,
    timeout: 60_000,
  });
  const out = JSON.parse(stdout) as {
    format?: { duration?: string; tags?: Record<string, string> };
    streams?: Array<{ codec_type?: string; width?: number; height?: number; tags?: Record<string, string>; side_data_list?: Array<{ rotation?: number }> }>;
  };
  const video = out.streams?.find((s) => s.codec_type === 'video');
  const rotation = Math.abs(Number(video?.side_data_list?.find((d) => d.rotation !== undefined)?.rotation ?? video?.tags?.rotate ?? 0));
  const swap = rotation === 90 || rotation === 270;
  const duration = Number(out.format?.duration);
  const created = out.format?.tags?.creation_time ?? video?.tags?.creation_time;
  const takenAt = created ? new Date(created) : null;
  return {
    durationMs: Number.isFinite(duration) ? Math.round(duration * 1000) : null,
    width: (swap ? video?.height : video?.width) ?? null,
    height: (swap ? video?.width : video?.height) ?? null,
    takenAt: takenAt && !Number.isNaN(takenAt.getTime()) && takenAt.getUTCFullYear() > 1970 ? takenAt : null,
  };
}

/** One frame as JPEG, a second in (or mid-way through shorter clips), auto-rotated by ffmpeg. */
export async function videoPoster(source: string, durationMs: number | null): Promise<Buffer> {
  const at = durationMs === null ? 0 : Math.min(1, durationMs / 2000);
  const { stdout } = await run(
    'ffmpeg',
    ['-v', 'error', '-ss', at.toFixed(3), '-i', source, '-frames:v', '1', '-f', 'image2pipe', '-vcodec', 'mjpeg', '-q:v', '3', '-'],
    { encoding: 'buffer', maxBuffer: 64 * 1024 * 1024, timeout: 120_000 },
  );
  if (stdout.length === 0) throw new Error('ffmpeg produced no frame');
  return stdout;
}
