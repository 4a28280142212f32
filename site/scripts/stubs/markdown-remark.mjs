// Stand-in for `@astrojs/markdown-remark` in the renderer build (build-renderer.mjs aliases it).
// Astro's config schema, which the container validates its defaults against, takes only these two
// default objects from it; the real package brings unified, remark, Prism and Shiki (with 1.3 MB
// of theme data) into the publisher's bundle. Herald renders Markdown with marked
// (functions/content/markdown.ts), never through Astro.
export const syntaxHighlightDefaults = { type: 'shiki', excludeLangs: ['math'] };
export const markdownConfigDefaults = {
  syntaxHighlight: syntaxHighlightDefaults,
  shikiConfig: { langs: [], theme: 'github-dark', themes: {}, wrap: false, transformers: [], langAlias: {} },
  remarkPlugins: [],
  rehypePlugins: [],
  remarkRehype: {},
  gfm: true,
  smartypants: true,
};
