# Sourced by the browser checks (scripts/docs-check, scripts/live-check): installs what they need on first use.
#
#   . scripts/browser/setup.sh; browser_setup NAME      NAME prefixes its messages (e.g. docs-check)
#
# Debian's chromium, nodejs and npm (as root, through apt-get) and the pinned playwright-core (npm ci from
# scripts/browser/package-lock.json). Chromium comes from the OS because Playwright's own browser download
# cannot reach its host from here. Exports CHROMIUM (default /usr/bin/chromium; set it to name another binary)
# and BROWSER_DIR. Fails with exit status 2 and a message saying what to do.

BROWSER_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
export BROWSER_DIR
export CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"

browser_setup() {
  local name="$1"
  fail() { printf '%s: %s\n' "$name" "$*" >&2; exit 2; }

  # Node.js and npm come from the OS's own packages (Debian 12: Node 18.20, npm 9.2); the pinned
  # playwright-core is the newest line that still supports Node 18.
  if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    [ "$(id -u)" -eq 0 ] || fail "needs Node.js 18 or newer with npm: run 'apt-get install -y nodejs npm' as root"
    echo "$name: installing nodejs and npm from the OS packages (once per machine)"
    DEBIAN_FRONTEND=noninteractive timeout 600 apt-get update -qq
    DEBIAN_FRONTEND=noninteractive timeout 900 apt-get install -y -qq nodejs npm >/dev/null \
      || fail "could not install nodejs and npm (apt-get install -y nodejs npm)"
  fi
  node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 18 ? 0 : 1)' \
    || fail "needs Node.js 18 or newer (playwright-core's own minimum), found $(node --version)"

  if [ ! -x "$CHROMIUM" ]; then
    [ "$CHROMIUM" = /usr/bin/chromium ] || fail "no browser at CHROMIUM=$CHROMIUM"
    [ "$(id -u)" -eq 0 ] || fail "Chromium is missing: run 'apt-get install -y chromium' as root"
    echo "$name: installing chromium from the OS packages (once per machine)"
    DEBIAN_FRONTEND=noninteractive timeout 600 apt-get update -qq
    DEBIAN_FRONTEND=noninteractive timeout 900 apt-get install -y -qq chromium >/dev/null
  fi

  # npm ci wipes and reinstalls node_modules; skip it while the installed tree matches the lock file.
  local stamp="$BROWSER_DIR/node_modules/.installed-package-lock.json"
  if ! cmp -s "$BROWSER_DIR/package-lock.json" "$stamp"; then
    echo "$name: installing the pinned npm packages (npm ci in scripts/browser)"
    (cd "$BROWSER_DIR" && timeout 300 npm ci --no-audit --no-fund --ignore-scripts --loglevel=error)
    cp "$BROWSER_DIR/package-lock.json" "$stamp"
  fi
}
