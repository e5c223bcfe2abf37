import sharp from 'sharp';

export interface GeneratedPhoto {
  name: string;
  mimeType: string;
  buffer: Buffer;
}

/** Distinct small photos: gradients in several sizes and orientations, JPEGs with EXIF dates and a PNG. */
export async function generatePhotos(): Promise<GeneratedPhoto[]> {
  const specs = [
    { name: 'beach.jpg', w: 1200, h: 800, from: '#1e88e5', to: '#ffe082', date: '2025:07:14 10:30:00' },
    { name: 'forest.jpg', w: 800, h: 1200, from: '#1b5e20', to: '#a5d6a7', date: '2025:07:14 16:05:00' },
    { name: 'city.jpg', w: 1600, h: 900, from: '#37474f', to: '#ff7043', date: '2025:06:02 21:10:00' },
    { name: 'flowers.jpg', w: 1000, h: 1000, from: '#ad1457', to: '#fff59d', date: '2024:12:24 12:00:00' },
    { name: 'drawing.png', w: 900, h: 600, from: '#6a1b9a', to: '#80deea', date: '' },
  ];
  return Promise.all(
    specs.map(async (s) => {
      const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${s.w}" height="${s.h}"><defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="${s.from}"/><stop offset="1" stop-color="${s.to}"/></linearGradient></defs><rect width="100%" height="100%" fill="url(#g)"/><circle cx="${s.w / 3}" cy="${s.h / 2}" r="${Math.min(s.w, s.h) / 5}" fill="#ffffff" fill-opacity="0.5"/></svg>`;
      let img = sharp(Buffer.from(svg));
      if (s.name.endsWith('.png')) return { name: s.name, mimeType: 'image/png', buffer: await img.png().toBuffer() };
      img = img.withExif({ IFD0: { Make: 'PhotoCloud', Model: 'Test Camera' }, IFD2: { DateTimeOriginal: s.date, FNumber: '18/10', ExposureTime: '1/120', ISOSpeedRatings: '100' } });
      return { name: s.name, mimeType: 'image/jpeg', buffer: await img.jpeg({ quality: 85 }).toBuffer() };
    }),
  );
}
