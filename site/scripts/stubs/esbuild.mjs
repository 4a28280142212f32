// Stand-in for `esbuild` in the renderer build (build-renderer.mjs aliases it): Astro's
// client-directive code imports it to bundle `client:*` directives, which a page of plain HTML
// never has, and the container never calls it.
function unavailable() {
  throw new Error('esbuild is not part of the site renderer');
}
export const build = unavailable;
export const transform = unavailable;
