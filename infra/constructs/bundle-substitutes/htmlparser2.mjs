// What `htmlparser2` resolves to in the Lambda bundles (infra/constructs/bundling.ts): only its
// Parser, the one thing sanitize-html uses (`new htmlparser.Parser(...)`). sanitize-html requires
// the CommonJS build, whose index cannot be tree-shaken and drags in domhandler, domutils,
// dom-serializer and a second copy of entities' encoder (about 150 KiB of each bundle that
// sanitizes). test/infra/bundle-substitutes.test.ts checks that sanitizing is unchanged.
export { Parser } from '../../../node_modules/htmlparser2/dist/esm/Parser.js';
