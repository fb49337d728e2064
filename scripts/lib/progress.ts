/** A one-line progress bar on the terminal (stderr): share done, rows per second, time left. */
export function progressBar(label: string) {
  const started = performance.now();
  let written = 0;
  let last = 0;
  return {
    update(p: { rows: number; done: number; total: number }) {
      written += p.rows;
      const now = performance.now();
      if (now - last < 200 && p.done < p.total) return;
      last = now;
      const secs = (now - started) / 1000;
      const rate = written / Math.max(secs, 0.001);
      const share = Math.min(1, p.done / p.total);
      const width = 30;
      const bar = '█'.repeat(Math.round(share * width)).padEnd(width, '░');
      const eta = rate > 0 ? Math.max(0, (p.total - p.done) / rate) : 0;
      const line = `${label} ${bar} ${(share * 100).toFixed(1).padStart(5)}%  ${p.done.toLocaleString('en')} rows  ${Math.round(rate).toLocaleString('en')} rows/s  ETA ${fmt(eta)}`;
      if (process.stderr.isTTY) process.stderr.write(`\r${line}\x1b[K`);
      else if (share === 1 || Math.floor(secs) % 10 === 0) process.stderr.write(line + '\n');
    },
    done() {
      if (process.stderr.isTTY) process.stderr.write('\n');
    },
  };
}

const fmt = (s: number) =>
  s >= 3600
    ? `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`
    : `${Math.floor(s / 60)}m${String(Math.floor(s % 60)).padStart(2, '0')}s`;
