import { useEffect } from 'react';
import type { StudioStore } from './studio-store';

const typing = (target: EventTarget | null) =>
  target instanceof HTMLElement &&
  (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));

/**
 * Canvas shortcuts: undo/redo, copy/paste/duplicate, search, auto-layout. Ignored while typing in a field,
 * so Ctrl+Z there still undoes text. Delete/Backspace is React Flow's own (it knows the selection).
 */
export function useStudioShortcuts(
  store: StudioStore,
  actions: { openSearch: () => void; autoLayout: () => void; fitView: () => void },
) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (typing(e.target)) return;
      const s = store.getState();
      const mod = e.ctrlKey || e.metaKey;
      const key = e.key.toLowerCase();
      if (mod && key === 'z' && !e.shiftKey) s.undo();
      else if (mod && (key === 'y' || (key === 'z' && e.shiftKey))) s.redo();
      else if (mod && key === 'c') s.copySelection();
      else if (mod && key === 'v') s.paste();
      else if (mod && key === 'd') s.duplicateSelection();
      else if (mod && (key === 'f' || key === 'k')) actions.openSearch();
      else if (mod && key === 'a')
        s.onNodesChange(s.nodes.map((n) => ({ type: 'select', id: n.id, selected: true })));
      else if (!mod && e.shiftKey && key === 'l') actions.autoLayout();
      else if (!mod && e.shiftKey && key === '1') actions.fitView();
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [store, actions]);
}
