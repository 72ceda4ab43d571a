import { useEffect } from 'react';
import { toFlow } from './flow-document';
import type { StudioApi } from './studio-api';
import type { StudioStore } from './studio-store';

const DEBOUNCE_MS = 500;
const RETRY_MS = 3000;

/**
 * Saves the draft shortly after each change, one request at a time, from the revision it was loaded at.
 * A 409 means another tab saved first: the store turns to `conflict` and nothing is overwritten.
 */
export function useAutosave(store: StudioStore, api: StudioApi) {
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let inFlight = false;

    const save = async () => {
      const state = store.getState();
      if (inFlight || state.readOnly || (state.saveStatus !== 'dirty' && state.saveStatus !== 'error'))
        return;
      inFlight = true;
      const sentVersion = state.version;
      state.setSave('saving');
      const result = await api.saveDraft(
        toFlow({ nodes: state.nodes, edges: state.edges, meta: state.meta }),
        state.revision,
      );
      inFlight = false;
      const now = store.getState();
      if (result.ok) {
        // Edits made while the request was out are still unsaved.
        now.setSave(now.version === sentVersion ? 'saved' : 'dirty', result.data.revision);
        if (now.version !== sentVersion) schedule();
      } else if (result.error.code === 'stale_revision') {
        now.setSave('conflict', undefined, result.error.message);
      } else if (result.error.status === 0 || result.error.status >= 500) {
        now.setSave('error', undefined, result.error.message);
        timer = setTimeout(() => void save(), RETRY_MS);
      } else {
        // Refused as it is (another project's knowledge base, too large...): the next edit tries again.
        now.setSave('refused', undefined, result.error.message, result.error.code);
      }
    };

    const schedule = () => {
      clearTimeout(timer);
      timer = setTimeout(() => void save(), DEBOUNCE_MS);
    };

    const unsubscribe = store.subscribe((state, previous) => {
      if (state.version !== previous.version && state.saveStatus === 'dirty') schedule();
    });
    const warn = (e: BeforeUnloadEvent) => {
      const status = store.getState().saveStatus;
      if (status === 'dirty' || status === 'saving' || status === 'error' || status === 'refused')
        e.preventDefault();
    };
    window.addEventListener('beforeunload', warn);
    return () => {
      unsubscribe();
      clearTimeout(timer);
      window.removeEventListener('beforeunload', warn);
    };
  }, [store, api]);
}
