// Build GOV.UK Frontend and MOJ Frontend into ../build/static for Django's staticfiles.
import { cp, mkdir, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const here = dirname(fileURLToPath(import.meta.url));
const modules = join(here, "node_modules");
const out = join(here, "..", "build", "static");

await rm(out, { recursive: true, force: true });
await mkdir(join(out, "css"), { recursive: true });
await mkdir(join(out, "js"), { recursive: true });
await mkdir(join(out, "vendor"), { recursive: true });

const result = await sass.compileAsync(join(here, "scss", "application.scss"), {
  loadPaths: [here],
  style: "compressed",
  quietDeps: true,
  // MOJ Frontend still calls a few GOV.UK mixins that GOV.UK has deprecated; those
  // warnings are theirs to fix, so only warnings from our own stylesheets are shown.
  logger: {
    warn(message, { span, stack }) {
      const where = `${span?.url ?? ""} ${stack ?? ""}`;
      if (!where.includes("node_modules/")) console.warn(message);
    },
  },
});
await writeFile(join(out, "css", "application.css"), result.css);

const govuk = join(modules, "govuk-frontend", "dist", "govuk");
const moj = join(modules, "@ministryofjustice", "frontend", "moj");
await cp(join(govuk, "assets"), join(out, "assets"), { recursive: true });
await cp(join(moj, "assets", "images"), join(out, "assets", "images"), { recursive: true });
await cp(join(govuk, "govuk-frontend.min.js"), join(out, "js", "govuk-frontend.min.js"));
await cp(join(moj, "moj-frontend.min.js"), join(out, "js", "moj-frontend.min.js"));
await cp(join(here, "js", "application.mjs"), join(out, "js", "application.mjs"));
// axe-core is loaded only by the browser tests, never by pages.
await cp(join(modules, "axe-core", "axe.min.js"), join(out, "vendor", "axe.min.js"));

console.log(`Built assets into ${out}`);
