/**
 * The generator's worker thread (scripts/lib/generate-data.ts): plain JavaScript so Node starts it
 * under tsx and under vitest alike, then registers tsx's loader and runs the TypeScript part.
 */
import { register } from 'tsx/esm/api';

register();
await import('./generate-worker-run.ts');
