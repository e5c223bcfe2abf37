import { createRequire } from 'node:module';

/** The part of libheif-js (an Emscripten build of libheif) we use. */
interface HeifImage {
  get_width(): number;
  get_height(): number;
  display(target: { data: Uint8ClampedArray; width: number; height: number }, done: (result: unknown) => void): void;
  free?(): void;
}
interface Libheif {
  HeifDecoder: new () => { decode(data: Uint8Array): HeifImage[] };
}

let libheif: Libheif | undefined;

/** Loaded on first use: the wasm module is large and most libraries hold few HEIC files. */
function load(): Libheif {
  // The wasm-bundle entry embeds the .wasm file, so it loads regardless of the working directory.
  libheif ??= createRequire(import.meta.url)('libheif-js/wasm-bundle') as Libheif;
  return libheif;
}

export interface RawImage {
  data: Buffer;
  width: number;
  height: number;
  channels: 4;
}

/**
 * Decodes the primary image of a HEIC/HEIF file to RGBA. sharp's prebuilt libvips has no HEVC
 * decoder, so this runs libheif compiled to WebAssembly; libheif applies the file's rotation itself.
 */
export async function decodeHeic(input: Uint8Array): Promise<RawImage> {
  const images = new (load().HeifDecoder)().decode(input);
  const image = images[0];
  if (!image) throw new Error('the HEIF file holds no image');
  try {
    const width = image.get_width();
    const height = image.get_height();
    const data = new Uint8ClampedArray(width * height * 4);
    await new Promise<void>((resolve, reject) => {
      image.display({ data, width, height }, (result) => (result ? resolve() : reject(new Error('libheif could not decode the image'))));
    });
    return { data: Buffer.from(data.buffer, data.byteOffset, data.byteLength), width, height, channels: 4 };
  } finally {
    for (const img of images) img.free?.();
  }
}
