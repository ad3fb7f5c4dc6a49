// build-fonts.mjs copies the self-hosted Assamese web fonts from the pinned
// @fontsource/noto-sans-bengali package into internal/web/static/fonts/, where
// the Go binary embeds them. Run it with `npm run build:fonts` after `npm install`
// (or `npm ci`); the copied files are committed, so Go builds never need Node.
//
// Only the "bengali" subset is copied: Latin text uses the reader's system
// fonts, and the subset's unicode-range (see app.css) makes browsers download
// a weight only when a page actually has Assamese text in it.

import { copyFileSync, existsSync, mkdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const pkgDir = join(root, "node_modules", "@fontsource", "noto-sans-bengali");
const outDir = join(root, "internal", "web", "static", "fonts");

const family = "noto-sans-bengali";
const subset = "bengali";
const weights = [400, 700];
const expectedVersion = "5.3.0";

function fail(msg) {
  console.error(`build-fonts: ${msg}`);
  process.exit(1);
}

if (!existsSync(pkgDir)) {
  fail("node_modules/@fontsource/noto-sans-bengali is missing; run `npm ci` first");
}

const pkg = JSON.parse(readFileSync(join(pkgDir, "package.json"), "utf8"));
if (pkg.version !== expectedVersion) {
  fail(`expected @fontsource/noto-sans-bengali ${expectedVersion}, found ${pkg.version}`);
}

mkdirSync(outDir, { recursive: true });

for (const weight of weights) {
  const name = `${family}-${subset}-${weight}-normal.woff2`;
  const from = join(pkgDir, "files", name);
  if (!existsSync(from)) {
    fail(`missing ${from}`);
  }
  copyFileSync(from, join(outDir, name));
  console.log(`fonts/${name} (${statSync(from).size} bytes)`);
}

// The SIL Open Font License asks that the licence travel with the font files.
copyFileSync(join(pkgDir, "LICENSE"), join(outDir, "OFL.txt"));
console.log("fonts/OFL.txt");

// app.css declares the subset's unicode-range by hand; say so when the package
// disagrees, so an upgrade cannot silently change which characters use the font.
const ranges = JSON.parse(readFileSync(join(pkgDir, "unicode.json"), "utf8"));
const cssPath = join(root, "internal", "web", "static", "app.css");
const css = existsSync(cssPath) ? readFileSync(cssPath, "utf8") : "";
if (!css.includes(`unicode-range: ${ranges[subset]}`)) {
  console.warn(`build-fonts: app.css should use unicode-range: ${ranges[subset]}`);
}
