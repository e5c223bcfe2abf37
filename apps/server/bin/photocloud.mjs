#!/usr/bin/env node
// The `photocloud` command. TypeScript sources run through tsx: there is no build step.
import { register } from 'tsx/esm/api';

register();
await import('../src/main.ts');
