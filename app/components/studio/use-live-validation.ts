import { useEffect } from 'react';
import { collectFlowVariables, nodeDefinitionsByType, validateFlow } from '#flow-runtime/editor';
import { toFlow } from './flow-document';
import type { StudioStore } from './studio-store';

/**
 * Re-validates the flow (and re-reads its variables) in the browser shortly after edits, so issues follow
 * the user as they type. Variables a campaign gives the agent's calls count as set.
 */
export function useLiveValidation(store: StudioStore, campaignVariables: readonly string[] = []) {
  // A joined key: the caller's array may be new on each render.
  const provided = campaignVariables.join('\n');
  useEffect(() => {
    const campaign = provided ? provided.split('\n') : [];
    let timer: ReturnType<typeof setTimeout> | undefined;
    const run = () => {
      const s = store.getState();
      const flow = toFlow({ nodes: s.nodes, edges: s.edges, meta: s.meta });
      s.setAnalysis(
        validateFlow(flow),
        collectFlowVariables(flow, nodeDefinitionsByType, { campaignVariables: campaign }),
      );
    };
    run();
    const unsubscribe = store.subscribe((state, previous) => {
      if (state.version === previous.version) return;
      clearTimeout(timer);
      timer = setTimeout(run, 150);
    });
    return () => {
      unsubscribe();
      clearTimeout(timer);
    };
  }, [store, provided]);
}
