// Zod re-exports every locale (about 60) from its namespace object, which defeats tree-shaking.
// Herald's messages are English, so bundles map the locale index to English alone.
import type { Plugin } from 'esbuild';

export const englishOnlyZodLocales: Plugin = {
  name: 'zod-english-locales',
  setup(build) {
    build.onResolve({ filter: /\/locales\/index\.js$/ }, (args) =>
      args.importer.includes('/node_modules/zod/') ? { path: 'zod-locales-en', namespace: 'zod-locales' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'zod-locales' }, () => ({
      contents: "export { default as en } from 'zod/v4/locales/en.js';",
      resolveDir: process.cwd(),
      loader: 'js',
    }));
  },
};
