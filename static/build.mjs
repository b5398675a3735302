// Builds the front-end assets into static/dist: GOV.UK Frontend's fonts, images and script, and our
// stylesheet compiled from static/scss with Sass. Run by `make assets` (npm run build).
import { cpSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const govuk = join(root, "node_modules", "govuk-frontend", "dist", "govuk");
const dist = join(root, "static", "dist");

rmSync(dist, { recursive: true, force: true });
mkdirSync(join(dist, "govuk"), { recursive: true });
cpSync(join(govuk, "assets"), join(dist, "govuk", "assets"), { recursive: true });
cpSync(join(govuk, "govuk-frontend.min.js"), join(dist, "govuk", "govuk-frontend.min.js"));

const result = sass.compile(join(root, "static", "scss", "portal.scss"), {
  style: "compressed",
  loadPaths: [join(root, "node_modules")],
  quietDeps: true,
});
writeFileSync(join(dist, "portal.css"), result.css);
console.log(`Built static/dist (${result.css.length} bytes of CSS)`);
