// The console's stylesheet and script at content-hashed paths: cached for a year, replaced by a
// new path when they change.
import { createHash } from 'node:crypto';
import { CONSOLE_CSS } from './assets/console-css';
import { CONSOLE_JS } from './assets/console-js';

const hashOf = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 10);

export const ASSETS: Readonly<Record<string, { body: string; type: string }>> = {
  [`/console/assets/console.${hashOf(CONSOLE_CSS)}.css`]: { body: CONSOLE_CSS, type: 'text/css; charset=utf-8' },
  [`/console/assets/console.${hashOf(CONSOLE_JS)}.js`]: { body: CONSOLE_JS, type: 'text/javascript; charset=utf-8' },
};

export const ASSET_PATHS = {
  css: `/console/assets/console.${hashOf(CONSOLE_CSS)}.css`,
  js: `/console/assets/console.${hashOf(CONSOLE_JS)}.js`,
};
