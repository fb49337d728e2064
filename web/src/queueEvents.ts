/** Tells the menu's 待办 badge that a filing changed state (submitted, recommended, filed …). */
const EVENT = 'skillcert:queue-changed';
export function notifyQueueChanged(): void {
  window.dispatchEvent(new Event(EVENT));
}
export function onQueueChanged(fn: () => void): () => void {
  window.addEventListener(EVENT, fn);
  return () => window.removeEventListener(EVENT, fn);
}
