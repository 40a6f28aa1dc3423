// Builds static/dist from govuk-frontend and static/src: the compiled stylesheet, GOV.UK Frontend's script,
// and the images it refers to. Run by `npm run build` (the Makefile runs it only when a source changed).
import { compile } from "sass";
import { cpSync, mkdirSync, writeFileSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const govuk = join(root, "node_modules", "govuk-frontend", "dist", "govuk");
const dist = join(root, "static", "dist");

rmSync(dist, { recursive: true, force: true });
mkdirSync(join(dist, "assets"), { recursive: true });

const css = compile(join(root, "static", "src", "app.scss"), {
  loadPaths: [join(root, "node_modules")],
  style: "compressed",
  quietDeps: true,
  silenceDeprecations: ["import"],
});
writeFileSync(join(dist, "app.css"), css.css);
// The print stylesheet (static/src/print.scss), linked with media="print" so screens never download its rules' cost.
const print = compile(join(root, "static", "src", "print.scss"), { style: "compressed" });
writeFileSync(join(dist, "print.css"), print.css);
cpSync(join(govuk, "govuk-frontend.min.js"), join(dist, "govuk-frontend.min.js"));
for (const script of ["app.js", "search.js", "shortlist.js"]) cpSync(join(root, "static", "src", script), join(dist, script));
cpSync(join(root, "static", "src", "images"), join(dist, "assets", "images"), { recursive: true });
console.log(`built ${dist}: app.css ${css.css.length} bytes`);
