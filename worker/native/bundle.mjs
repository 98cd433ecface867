// Copies llama.cpp's shared libraries out of the platform packages npm installed (package-lock.json pins each
// one's version and integrity) into the worker's classes, one folder per platform, with a bundle.properties the
// worker reads at start (NativeBundle). Usage: node bundle.mjs <classes directory>
//
// The platform table: the one place that says which npm package carries which platform's libraries, and which of
// its files the worker needs. The key is the worker's name for the platform (NativePlatform: <os>-<arch> as node
// names them). To add a platform, add its package to package.json's optionalDependencies (npm installs the one
// matching the build host and skips the others), refresh package-lock.json, and add a row here. npm also skips an
// optional package whose download fails its integrity check, so the build host's own row must have been installed.
import { createHash } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const PLATFORMS = {
  "linux-x64": {
    package: "@node-llama-cpp/linux-x64",
    bins: "bins/linux-x64",
    // libllama and ggml's libraries with the names their SONAME/NEEDED entries and ggml's backend loader expect;
    // not llama-addon.node (node's binding) nor libllama-common.so (the CLI tools' helpers).
    library: /^libllama\.v[0-9.]+\.so$/,
    keep: /^lib(llama\.v[0-9.]+|ggml\.v[0-9.]+|ggml-base|ggml-cpu-[a-z0-9_]+)\.so$/,
  },
};

const classes = process.argv[2];
if (!classes) {
  console.error("usage: node bundle.mjs <classes directory>");
  process.exit(2);
}
const here = new URL(".", import.meta.url).pathname;
const lock = JSON.parse(readFileSync(join(here, "package-lock.json"), "utf8"));
const host = `${process.platform}-${process.arch}`;
let bundled = 0;
for (const [platform, row] of Object.entries(PLATFORMS)) {
  const installed = join(here, "node_modules", row.package);
  if (!existsSync(installed)) {
    if (platform === host) {
      throw new Error(`${row.package} is not installed: npm ci failed to fetch it or its integrity check (see above)`);
    }
    continue; // npm skipped it: another platform's package
  }
  const locked = lock.packages[`node_modules/${row.package}`];
  const bins = join(installed, row.bins);
  const release = JSON.parse(readFileSync(join(bins, "_nlcBuildMetadata.json"), "utf8")).buildOptions.llamaCpp.release;
  const files = readdirSync(bins).filter((name) => row.keep.test(name)).sort();
  const library = files.filter((name) => row.library.test(name));
  if (library.length !== 1) {
    throw new Error(`${row.package}: expected one library matching ${row.library}, found ${library.join(", ") || "none"}`);
  }
  const target = join(classes, "dev", "hangar", "worker", "native", platform);
  rmSync(target, { recursive: true, force: true });
  mkdirSync(target, { recursive: true });
  const hash = createHash("sha256");
  for (const name of files) {
    hash.update(name + "\0").update(readFileSync(join(bins, name)));
    copyFileSync(join(bins, name), join(target, name));
  }
  writeFileSync(
    join(target, "bundle.properties"),
    [
      `# Written by worker/native/bundle.mjs from ${row.package}@${locked.version} (${locked.integrity})`,
      `release=${release}`,
      `package=${row.package}@${locked.version}`,
      `library=${library[0]}`,
      `files=${files.join(",")}`,
      `sha256=${hash.digest("hex")}`,
      "",
    ].join("\n"),
  );
  console.log(`llama.cpp ${release} for ${platform}: ${files.length} libraries from ${row.package}@${locked.version}`);
  bundled++;
}
if (bundled === 0) {
  console.warn(`no llama.cpp platform package for ${host}: the worker jar carries no libraries `
    + "(HANGAR_LLAMA_LIBRARY must name one)");
}
