import type { StudioStore } from './studio-store';

/**
 * Resolves once pending edits have reached the server (true), or when they cannot (false: a conflict, a
 * refusal, or eight seconds without success), so a test or a publish always runs the draft the user sees.
 */
export function waitForSave(store: StudioStore): Promise<boolean> {
  const settled = () => {
    const s = store.getState();
    return (
      s.readOnly || s.saveStatus === 'saved' || s.saveStatus === 'conflict' || s.saveStatus === 'refused'
    );
  };
  const ok = () => store.getState().readOnly || store.getState().saveStatus === 'saved';
  return new Promise((resolve) => {
    if (settled()) return resolve(ok());
    const timeout = setTimeout(() => {
      unsubscribe();
      resolve(false);
    }, 8000);
    const unsubscribe = store.subscribe(() => {
      if (!settled()) return;
      clearTimeout(timeout);
      unsubscribe();
      resolve(ok());
    });
  });
}
