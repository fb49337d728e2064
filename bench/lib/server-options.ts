/** Settings a bench starts its server process with (`--server-env K=V`, repeatable). */

/** `K=V` pairs as an environment; refused when malformed, so a typo cannot pass unnoticed. */
export function serverEnv(pairs: string[]): Record<string, string> {
  return Object.fromEntries(
    pairs.map((p) => {
      const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(p);
      if (!m) throw new Error(`--server-env takes K=V, not "${p}"`);
      return [m[1], m[2]];
    }),
  );
}
