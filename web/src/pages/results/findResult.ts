/**
 * Finding one's own line in a public results list, where names and ID numbers are masked
 * (黄*、410***********2002): the ID number's last characters, optionally with the surname, which
 * are the parts left visible.
 */
export interface MaskedRow {
  name: string;
  idNumber: string;
}

export function matchesOwn(row: MaskedRow, query: string): boolean {
  const q = query.replace(/\s+/g, '').toUpperCase();
  if (!q) return true;
  const id = /[0-9X]+$/.exec(q)?.[0] ?? '';
  const surname = q.slice(0, q.length - id.length);
  if (id && !row.idNumber.toUpperCase().endsWith(id)) return false;
  if (surname && !row.name.startsWith(surname.charAt(0))) return false;
  return !!(id || surname);
}
