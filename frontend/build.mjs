// Builds GOV.UK Frontend, MOJ Frontend and our own styles and script into ../build/static,
// which Django's staticfiles serves (STATICFILES_DIRS). Run with `npm run build` after
// `npm ci`. The output is not committed.
import { cp, mkdir, readdir, rm, writeFile } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const here = dirname(fileURLToPath(import.meta.url));
const modules = join(here, "node_modules");
const out = join(here, "..", "build", "static");
const govuk = join(modules, "govuk-frontend", "dist", "govuk");
const moj = join(modules, "@ministryofjustice", "frontend", "moj");

await rm(out, { recursive: true, force: true });
for (const dir of ["css", "js", "vendor", "assets"]) {
  await mkdir(join(out, dir), { recursive: true });
}

// Styles. quietDeps silences deprecation warnings (and @warn) from GOV.UK Frontend and
// MOJ Frontend, which are theirs to fix; warnings from our own SCSS are still shown.
const result = await sass.compileAsync(join(here, "scss", "application.scss"), {
  loadPaths: [here],
  style: "compressed",
  quietDeps: true,
});
await writeFile(join(out, "css", "application.css"), result.css);

// GOV.UK Frontend's fonts, images and manifest, then MOJ Frontend's icons, which its CSS
// expects beside GOV.UK's images ($moj-assets-path is the same "/static/assets/").
await cp(join(govuk, "assets"), join(out, "assets"), { recursive: true });
for (const name of await readdir(join(moj, "assets", "images"))) {
  if (name.startsWith("icon-")) {
    await cp(join(moj, "assets", "images", name), join(out, "assets", "images", name));
  }
}

// Scripts: both libraries are ES modules; application.js imports and initialises them.
// Their source maps come too: the minified files point at them, and Django's manifest
// storage (collectstatic) fails on a sourceMappingURL whose file is missing.
for (const [dir, name] of [[govuk, "govuk-frontend.min.js"], [moj, "moj-frontend.min.js"]]) {
  await cp(join(dir, name), join(out, "js", name));
  await cp(join(dir, `${name}.map`), join(out, "js", `${name}.map`));
}
await cp(join(here, "js", "application.mjs"), join(out, "js", "application.js"));

// axe-core is loaded only by the browser tests, never by pages.
await cp(join(modules, "axe-core", "axe.min.js"), join(out, "vendor", "axe.min.js"));

console.log(`Built assets into ${relative(process.cwd(), out) || "."}`);
