// What `zod` resolves to in the Lambda bundles (infra/constructs/bundling.ts): zod's own entry
// (node_modules/zod/index.js), minus the locales. esbuild cannot tree-shake `import { z } from
// 'zod'` (it builds the whole `z` namespace object), and that namespace carries `z.locales`, every
// translation of every error message: 258 KiB of each handler that nothing reads (Herald's error
// messages are zod's default English, set in zod's core). test/infra/bundle-substitutes.test.ts
// checks that `z` here has every member the real one has except `locales`.
import * as z from './zod-classic.mjs';
export * from './zod-classic.mjs';
export { z, z as default };
