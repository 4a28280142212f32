// Stand-in for `shiki` in the renderer build (build-renderer.mjs aliases it). Astro's config
// schema, which the container validates its defaults against, reads only the *names* of shiki's
// bundled themes (to validate markdown.shikiConfig.theme, a setting Herald never uses); the real
// module would add 1.3 MB of theme data to the publisher's Lambda bundle. Nothing renders Markdown
// or highlights code through Astro here (functions/content/markdown.ts does that with marked).
export const bundledThemes = { 'github-dark': null, 'github-light': null };
