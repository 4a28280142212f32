// The console's page shell: a skip link, the header with the page's name and who is signed in,
// the navigation (only the screens the person's role may use), and the screen itself.
import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';
import type { Person } from '#app/people/person';
import { can, type Action } from '#core/roles';
import { ASSET_PATHS } from './assets';
import { Csrf } from './ui/form';

export type Screen = 'now' | 'declare' | 'incidents' | 'maintenance' | 'components' | 'subscribers' | 'templates' | 'metrics' | 'people' | 'account';

const NAV: ReadonlyArray<{ screen: Screen; href: string; label: string; needs: Action }> = [
  { screen: 'now', href: '/console', label: 'Now', needs: 'read' },
  { screen: 'incidents', href: '/console/incidents', label: 'Incidents', needs: 'read' },
  { screen: 'maintenance', href: '/console/maintenance', label: 'Maintenance', needs: 'read' },
  { screen: 'components', href: '/console/components', label: 'Components', needs: 'read' },
  { screen: 'subscribers', href: '/console/subscribers', label: 'Subscribers', needs: 'subscribers' },
  { screen: 'templates', href: '/console/templates', label: 'Templates', needs: 'read' },
  { screen: 'metrics', href: '/console/metrics', label: 'Metrics', needs: 'read' },
  { screen: 'people', href: '/console/people', label: 'People & keys', needs: 'people' },
];

export interface SignedInFrame {
  person: Person;
  csrf: string;
  pageName: string;
}

interface LayoutProps {
  title: string;
  /** Absent on the sign-in screens. */
  frame?: SignedInFrame;
  pageName: string;
  active?: Screen;
  /** Seconds between reloads (the Now screen), done by the script: it skips a reload while someone
   *  is typing or the tab is hidden (a meta refresh would not, and fails WCAG 2.2.1). */
  refresh?: number;
  children: Child;
}

export function Layout({ title, frame, pageName, active, refresh, children }: LayoutProps) {
  return (
    <>
      {raw('<!doctype html>')}
      <html lang="en">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <meta name="color-scheme" content="light dark" />
          <meta name="robots" content="noindex" />
          <link rel="icon" href="data:," />
          <title>{`${title} · ${pageName} console`}</title>
          <link rel="stylesheet" href={ASSET_PATHS.css} />
          <script src={ASSET_PATHS.js} defer></script>
        </head>
        <body data-refresh={refresh ? String(refresh) : undefined}>
          <a class="skip" href="#main">
            Skip to content
          </a>
          <header class="top">
            <a class="brand" href="/console">
              {pageName} <span>console</span>
            </a>
            {frame && (
              <div class="who">
                <a href="/console/account" aria-current={active === 'account' ? 'page' : undefined}>
                  {frame.person.name ?? frame.person.email}
                </a>
                <span class="role">{frame.person.role}</span>
                <form method="post" action="/console/sign-out" class="inline">
                  <Csrf token={frame.csrf} />
                  <button type="submit" class="link">
                    Sign out
                  </button>
                </form>
              </div>
            )}
          </header>
          {frame && (
            <nav class="nav" aria-label="Console">
              <ul>
                {NAV.filter((item) => can(frame.person.role, item.needs)).map((item) => (
                  <li>
                    <a href={item.href} aria-current={active === item.screen ? 'page' : undefined}>
                      {item.label}
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
          )}
          <main id="main" tabindex={-1}>
            {children}
          </main>
        </body>
      </html>
    </>
  );
}
