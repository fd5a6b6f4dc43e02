#!/usr/bin/env bash
# `npm run package`: builds the production bundles and packs them into airlock-<version>.vsix at the repo root.
# esbuild bundles every runtime dependency into dist/, so the .vsix carries no node_modules (--no-dependencies);
# .vscodeignore keeps it to dist/ (without source maps), media/, package.json, the marketplace page (as README.md),
# CHANGELOG and LICENSE.
# Build and vsce logs go to stderr; stdout is only the .vsix's absolute path, so callers can do
#   vsix="$(bash scripts/package.sh)"
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

log() { printf '[package] %s\n' "$*" >&2; }
die() { printf '[package] error: %s\n' "$*" >&2; exit 1; }

# esbuild and vsce come from the project's node_modules (cached; a no-op when the lockfile is unchanged).
bash scripts/setup.sh npm >&2

[ -f LICENSE ] || die "LICENSE is missing: vsce would stop to ask whether to go on without one"

version="$(node -p 'require("./package.json").version')"
name="$(node -p 'require("./package.json").name')"
vsix="$root/$name-$version.vsix"

log "building production bundles"
node esbuild.js --production >&2 || die "the production build failed"

log "packing $vsix"
rm -f "$vsix"
# stdin from /dev/null: any question vsce would ask (a missing LICENSE, say) fails the run instead of hanging it.
# The marketplace page is written for users (docs/marketplace.md); the repository README stays for contributors.
npx --no vsce package --no-dependencies --readme-path docs/marketplace.md -o "$vsix" </dev/null >&2 || die "vsce package failed"
[ -f "$vsix" ] || die "vsce reported success but $vsix is missing"

printf '%s\n' "$vsix"
