import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import {
  isRouteErrorResponse,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useRouteError,
  useRouteLoaderData,
} from '@remix-run/react';
import type { ReactNode } from 'react';
import { ErrorPage } from '~/components/error-page';
import { useNonce } from '~/components/nonce';
import { ToastProvider } from '~/components/ui/toast';
import { defaultLocale, I18nProvider } from '~/i18n';
import { dictionaries } from '~/i18n/dictionaries';
import { en } from '~/i18n/en';
import { getLocale, wantsPseudoLocale } from '~/i18n/locale.server';
import { pseudoDictionary } from '~/i18n/pseudo';
import { translatorFromMatches } from '~/i18n/meta';
import stylesheet from '~/tailwind.css?url';

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: stylesheet },
  { rel: 'icon', href: '/favicon.svg', type: 'image/svg+xml' },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const locale = getLocale(request);
  const pseudo = wantsPseudoLocale(request);
  return { locale, pseudo, dictionary: pseudo ? pseudoDictionary() : dictionaries[locale] };
}

export const meta: MetaFunction<typeof loader> = ({ matches }) => {
  const t = translatorFromMatches(matches, en);
  return [{ title: t('app.name') }, { name: 'description', content: t('app.tagline') }];
};

/** Document shell shared by the app and the error boundary. */
export function Layout({ children }: { children: ReactNode }) {
  const data = useRouteLoaderData<typeof loader>('root');
  const locale = data?.locale ?? defaultLocale;
  // Without root data (the root loader itself failed) fall back to the source dictionary.
  const dictionary = data?.dictionary ?? en;
  const nonce = useNonce();
  return (
    <html lang={locale} className="h-full">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light dark" />
        <Meta />
        <Links />
        {/* Before any module: zod (flow schemas in the studio) would probe `new Function` to compile faster
            parsers, which the CSP forbids and reports as a violation; jitless skips the probe. */}
        <script
          nonce={nonce}
          suppressHydrationWarning
          dangerouslySetInnerHTML={{ __html: 'globalThis.__zod_globalConfig={jitless:true};' }}
        />
      </head>
      <body className="h-full">
        <I18nProvider locale={locale} pseudo={data?.pseudo ?? false} dictionary={dictionary}>
          <ToastProvider>{children}</ToastProvider>
        </I18nProvider>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  if (!isRouteErrorResponse(error) && import.meta.env.DEV) console.error(error);
  return <ErrorPage status={status} />;
}
