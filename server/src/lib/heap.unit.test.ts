/**
 * HEAP_GROWING_PERCENT (issue 11 item 2): read at start-up, refused with a message naming it when
 * it is not a percentage V8 can take, applied as V8's `--heap-growing-percent`, a flag this Node
 * knows (V8 ignores an unknown flag given at run time, with only a line on stderr).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../config.js';
import {
  applyHeapGrowing,
  DEFAULT_HEAP_GROWING_PERCENT,
  HEAP_GROWING_FLAG,
  heapGrowingPercent,
  SERVER_NODE_FLAGS,
  singleThreadedGc,
} from './heap.js';

const ROOT = path.join(import.meta.dirname, '../../..');

describe('HEAP_GROWING_PERCENT', () => {
  it('defaults to 50; 0 (V8 decides) up to 300 are taken', () => {
    expect(DEFAULT_HEAP_GROWING_PERCENT).toBe(50);
    expect(loadConfig({}).heapGrowingPercent).toBe(50);
    expect(loadConfig({ HEAP_GROWING_PERCENT: '0' }).heapGrowingPercent).toBe(0);
    expect(loadConfig({ HEAP_GROWING_PERCENT: ' 25 ' }).heapGrowingPercent).toBe(25);
    expect(heapGrowingPercent('300')).toBe(300);
  });

  it('anything else stops the start with a message that names the setting and what it takes', () => {
    for (const bad of ['-1', '12.5', '301', 'fifty', '50%'])
      expect(() => loadConfig({ HEAP_GROWING_PERCENT: bad })).toThrow(
        `配置项 HEAP_GROWING_PERCENT 必须是 0–300 的整数（0：由 V8 自行决定），当前为 "${bad}"`,
      );
  });

  it('is set as the V8 flag; 0 sets nothing', () => {
    const setFlags = vi.fn();
    expect(applyHeapGrowing(50, setFlags)).toBe('--heap-growing-percent=50');
    expect(setFlags).toHaveBeenCalledExactlyOnceWith('--heap-growing-percent=50');
    setFlags.mockClear();
    expect(applyHeapGrowing(0, setFlags)).toBeNull();
    expect(setFlags).not.toHaveBeenCalled();
  });

  it('this Node knows the flag: listed by --v8-options, and set at run time without complaint', () => {
    expect(execFileSync(process.execPath, ['--v8-options'], { encoding: 'utf8' })).toContain(`${HEAP_GROWING_FLAG} `);
    const run = (code: string) =>
      spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
        encoding: 'utf8',
        cwd: import.meta.dirname,
      });
    const ok = run(`import { applyHeapGrowing } from './heap.ts'; console.log(applyHeapGrowing(40));`);
    expect(ok.stdout.trim()).toBe('--heap-growing-percent=40');
    expect(ok.stderr).toBe('');
    // what V8 says of a flag it does not know, so the silence above means something
    const unknown = run(`import v8 from 'node:v8'; v8.setFlagsFromString('--heap-growing-percentage=40');`);
    expect(unknown.stderr).toMatch(/unrecognized flag/);
  });
});

/**
 * --single-threaded-gc (issue 17): a worker thread's garbage collection runs on that thread, at its
 * lowered priority, not on V8's shared helper threads beside the request thread. On node's command
 * line only: set at run time V8 aborted the process mid-collection.
 */
describe('--single-threaded-gc', () => {
  it('is how npm start and the cluster start an app server, and the server can tell', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    expect(pkg.scripts.start).toMatch(/\bnode --single-threaded-gc --import tsx scripts\/start\.ts$/);
    expect(SERVER_NODE_FLAGS).toEqual(['--single-threaded-gc']);
    const topology = fs.readFileSync(path.join(ROOT, 'scripts/cluster/topology.ts'), 'utf8');
    expect(topology).toContain("[...SERVER_NODE_FLAGS, '--import', 'tsx', 'server/src/main.ts']");
    expect(singleThreadedGc(['--single-threaded-gc', '--import', 'tsx'])).toBe(true);
    expect(singleThreadedGc(['--import', 'tsx'])).toBe(false);
  });

  // the process's threads' CPU from /proc (Linux): a worker churns through garbage for 2 s; the
  // CPU of every thread but the main one and the worker's is what V8's helper threads did for it
  const helperCpu = (flags: string[]) => {
    const code = `
      import fs from 'node:fs'; import { Worker } from 'node:worker_threads';
      const cpu = () => new Map(fs.readdirSync('/proc/self/task').map((t) => {
        const f = fs.readFileSync('/proc/self/task/' + t + '/stat', 'utf8');
        const x = f.slice(f.lastIndexOf(')') + 2).split(' ');
        return [t, (Number(x[11]) + Number(x[12])) * 10];
      }));
      const before = cpu();
      const w = new Worker(\`
        const { parentPort } = await import('node:worker_threads');
        const fs = await import('node:fs');
        let keep = []; const t0 = Date.now();
        while (Date.now() - t0 < 2000) {
          const o = {}; for (let i = 0; i < 300; i++) o['k' + i] = { a: [i, String(i)], b: { c: i } };
          keep.push(o); if (keep.length > 200) keep = keep.slice(100);
        }
        parentPort.postMessage(fs.readFileSync('/proc/thread-self/stat', 'utf8').split(' ')[0]);
      \`, { eval: true });
      w.on('message', (tid) => {
        const after = cpu();
        let helpers = 0;
        for (const [t, ms] of after) if (t !== String(process.pid) && t !== tid) helpers += ms - (before.get(t) ?? 0);
        console.log(JSON.stringify({ worker: after.get(tid), helpers }));
        process.exit(0);
      });`;
    // plain node (no TypeScript loader, whose own thread would count)
    const r = spawnSync(process.execPath, [...flags, '--input-type=module', '-e', code], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    return JSON.parse(r.stdout) as { worker: number; helpers: number };
  };

  it.runIf(process.platform === 'linux')(
    "with the flag, a worker's collections use no other thread",
    () => {
      const on = helperCpu([...SERVER_NODE_FLAGS]);
      expect(on.worker).toBeGreaterThan(1000);
      expect(on.helpers).toBeLessThanOrEqual(20); // a clock tick or two of anything else
      // without it, on two cores or more, V8's helper threads do part of the worker's collections:
      // the measurement above can see them
      if (os.availableParallelism() >= 2) expect(helperCpu([]).helpers).toBeGreaterThan(100);
    },
    30_000,
  );
});
