import { redirect } from '@remix-run/node';
import { publicRoute } from '~/.server/http/route-guard';

export const loader = publicRoute(() => redirect('/login'));
