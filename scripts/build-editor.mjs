// build-editor.mjs bundles the newsroom story editor (internal/web/editor/) with the pinned
// squire-rte package into internal/web/static/editor.js (one minified IIFE, ES2017) and
// internal/web/static/editor.css. Run it with `npm run build:editor` after `npm ci`; the built
// files are committed, so Go builds never need Node.
//
// The output must run under the site's strict Content-Security-Policy: no eval, no inline
// styles. The build fails if the script grows past its size budget.

import { readFileSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const src = join(root, "internal", "web", "editor");
const out = join(root, "internal", "web", "static");

// Exact versions, as pinned in package.json / package-lock.json.
const pinned = { esbuild: "0.28.2", "squire-rte": "2.4.8" };
const budgetJS = 86 * 1024; // bytes, minified: Squire alone is about 58 KB of it

function fail(msg) {
  console.error(`build-editor: ${msg}`);
  process.exit(1);
}

function pkgJSON(name) {
  try {
    return JSON.parse(readFileSync(join(root, "node_modules", name, "package.json"), "utf8"));
  } catch {
    fail(`node_modules/${name} is missing; run \`npm ci\` first`);
  }
}

for (const [name, version] of Object.entries(pinned)) {
  const got = pkgJSON(name).version;
  if (got !== version) fail(`expected ${name} ${version}, found ${got}`);
}

const esbuild = await import("esbuild");

// Squire's MIT licence asks for its notice to travel with every copy.
const squireLicence = readFileSync(join(root, "node_modules", "squire-rte", "LICENSE"), "utf8")
  .trim()
  .replace(/\*\//g, "* /");
const banner =
  "/*! Batori story editor. Bundles Squire " + pinned["squire-rte"] +
  " (https://github.com/neilj/Squire):\n" + squireLicence + "\n*/";

const common = {
  bundle: true,
  minify: true,
  logLevel: "warning",
  legalComments: "none",
  charset: "utf8",
};

try {
  await esbuild.build({
    ...common,
    entryPoints: [join(src, "editor.js")],
    outfile: join(out, "editor.js"),
    format: "iife",
    target: "es2017",
    platform: "browser",
    banner: { js: banner },
  });
  await esbuild.build({
    ...common,
    entryPoints: [join(src, "editor.css")],
    outfile: join(out, "editor.css"),
    target: ["chrome80", "firefox78", "safari13"],
  });
} catch (err) {
  fail(err.message);
}

const js = readFileSync(join(out, "editor.js"));
// A strict CSP forbids these; fail loudly rather than ship something that cannot run.
for (const bad of [/\beval\(/, /\bnew Function\(/]) {
  if (bad.test(js.toString("utf8"))) fail(`editor.js contains ${bad}`);
}
for (const name of ["editor.js", "editor.css"]) {
  const body = readFileSync(join(out, name));
  console.log(`static/${name}: ${statSync(join(out, name)).size} bytes, ${gzipSync(body, { level: 9 }).length} gzipped`);
}
if (js.length > budgetJS) fail(`editor.js is ${js.length} bytes, over its ${budgetJS}-byte budget`);
