import { useCallback } from 'react';
import { useT } from '~/i18n';
import { Button } from '../ui/button';
import { cn } from '../ui/cn';
import { VoiceTestPanel } from '../voice/voice-test-panel';
import type { StudioApi } from './studio-api';
import { useStudioStore } from './studio-context';
import { TestConsole } from './test-console';

export type TestMode = 'text' | 'voice';

export interface TestPanelProps {
  api: StudioApi;
  canEdit: boolean;
  projectId: string;
  agentId: string;
  mode: TestMode;
  onModeChange: (mode: TestMode) => void;
}

/**
 * The studio's test side panel: chat with the draft by text and keypad, or talk to it by voice through the
 * microphone, without leaving the canvas. The text conversation stays while the voice test is open; both
 * show on the canvas where the conversation is.
 */
export function TestPanel({ api, canEdit, projectId, agentId, mode, onModeChange }: TestPanelProps) {
  const t = useT();
  const store = useStudioStore();
  // The voice test follows the call on the canvas as the text test does: the block where the call waits
  // is highlighted and brought into view, the blocks it passed are marked.
  const followCall = useCallback(
    (nodePath: string[]) => {
      const active = nodePath.at(-1) ?? null;
      const visited = [...new Set([...store.getState().visitedNodeIds, ...nodePath])];
      store.getState().setActive(active, visited);
      if (active) store.getState().revealNode(active);
    },
    [store],
  );
  return (
    <div className="flex h-full min-h-0 flex-col">
      {canEdit && (
        <div
          role="group"
          aria-label={t('studio.console.modeLabel')}
          className="flex shrink-0 gap-1 border-b border-border px-2 py-1.5"
        >
          {(['text', 'voice'] as const).map((m) => (
            <Button
              key={m}
              size="sm"
              variant={mode === m ? 'secondary' : 'ghost'}
              aria-pressed={mode === m}
              onClick={() => onModeChange(m)}
            >
              {m === 'text' ? t('studio.console.modeText') : t('studio.console.modeVoice')}
            </Button>
          ))}
        </div>
      )}
      <div className={cn('min-h-0 flex-1', mode === 'text' || !canEdit ? 'block' : 'hidden')}>
        <TestConsole api={api} canEdit={canEdit} />
      </div>
      {canEdit && mode === 'voice' && (
        <div className="min-h-0 flex-1 overflow-y-auto p-3">
          <VoiceTestPanel projectId={projectId} agentId={agentId} onTurn={followCall} />
        </div>
      )}
    </div>
  );
}
