// Checking a pasted Open Badges 3.0 credential with POST /api/public/verify-credential.
import type { CredentialVerification } from '../../../contract/api-certificates.js';
import { t, lang } from './i18n';
const LABELS_EN: Record<string, string> = {
  proof: 'Signature intact (eddsa-rdfc-2022)',
  key_valid: 'Signing key valid when it signed',
  issuer: 'Issued by this platform',
  not_revoked: 'Not revoked',
  not_suspended: 'Not suspended',
  in_validity: 'Within validity',
};

export function setupCredentialCheck() {
  const box = document.getElementById('vc-json') as HTMLTextAreaElement | null;
  const go = document.getElementById('vc-go') as HTMLButtonElement | null;
  const out = document.getElementById('vc-out');
  if (!box || !go || !out) return;
  go.addEventListener('click', async () => {
    let credential: unknown;
    try {
      credential = JSON.parse(box.value);
    } catch {
      out.textContent = t('vcBad');
      return;
    }
    go.disabled = true;
    out.textContent = t('busy');
    try {
      const r = await fetch('/api/public/verify-credential', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ credential }),
        credentials: 'omit',
      });
      const body = await r.json();
      if (!r.ok) {
        out.textContent = body?.error?.message ?? t('errServer');
        return;
      }
      const head = document.createElement('p');
      head.className = `vc-verdict ${body.verified ? 'ok' : 'bad'}`;
      head.textContent = `${body.verified ? '✓ ' + t('vcOk') : '✗ ' + t('vcNo')}${body.achievement ? ` · ${body.achievement}` : ''}`;
      const list = document.createElement('ul');
      list.className = 'checks';
      for (const c of body.checks as CredentialVerification['checks']) {
        const li = document.createElement('li');
        li.className = c.passed ? 'pass' : 'fail';
        li.textContent = `${c.passed ? '✓' : '✗'} ${lang === 'en' ? (LABELS_EN[c.key] ?? c.label) : c.label}${c.reason ? ` — ${c.reason}` : ''}`;
        list.append(li);
      }
      out.replaceChildren(head, list);
    } catch {
      out.textContent = t('errNet');
    } finally {
      go.disabled = false;
    }
  });
}
