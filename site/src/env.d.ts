// Module shapes Vite gives the site's sources (kept narrow instead of pulling in astro/client,
// whose globals would leak into the whole project's type-check).
declare module '*.astro' {
  const Component: import('astro/runtime/server/index.js').AstroComponentFactory;
  export default Component;
}

declare module '*.css?inline' {
  const css: string;
  export default css;
}

declare module '*.js?raw' {
  const source: string;
  export default source;
}
