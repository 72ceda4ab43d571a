import type { LinksFunction } from '@remix-run/node';
import flowStyles from '@xyflow/react/dist/style.css?url';
import studioStyles from './studio.css?url';

/** Stylesheets for any route that shows a flow canvas (loaded there only, not on every page). */
export const canvasLinks: LinksFunction = () => [
  { rel: 'stylesheet', href: flowStyles },
  { rel: 'stylesheet', href: studioStyles },
];
