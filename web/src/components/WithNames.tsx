/**
 * A sentence the server composed with names in it (a place, an institution, a person), each name
 * set apart with Unicode's isolates (U+2068 … U+2069, server/src/lib/lang.ts `isolate`): the names
 * are shown as <bdi translate="no">, so an English sentence says which Chinese words are names.
 */
const ISOLATED = /\u2068([^\u2069]*)\u2069/g;

export function splitNames(text: string): { text: string; name: boolean }[] {
  const out: { text: string; name: boolean }[] = [];
  let at = 0;
  for (const m of text.matchAll(ISOLATED)) {
    if (m.index! > at) out.push({ text: text.slice(at, m.index), name: false });
    out.push({ text: m[1], name: true });
    at = m.index! + m[0].length;
  }
  if (at < text.length) out.push({ text: text.slice(at), name: false });
  return out;
}

export function WithNames({ text }: { text: string }) {
  return (
    <>
      {splitNames(text).map((p, i) =>
        p.name ? (
          <bdi key={i} translate="no">
            {p.text}
          </bdi>
        ) : (
          p.text
        ),
      )}
    </>
  );
}
