import { lifecycleAction } from '~/.server/campaigns/campaign-lifecycle-route';

export const action = lifecycleAction('pause');
