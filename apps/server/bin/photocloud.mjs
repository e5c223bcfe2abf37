#!/usr/bin/env -S node --initial-old-space-size=128
// A larger initial old space: while photos stream in, V8 would otherwise start a full marking about
// once per photo for a live heap of ~40 MB (bench:ingest: ~1/6 of the CPU per photo). npm start passes it too.
// The `photocloud` command. TypeScript sources run through tsx: there is no build step.
import { register } from 'tsx/esm/api';

register();
await import('../src/main.ts');
