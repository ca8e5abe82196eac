#!/usr/bin/env bash
# Refresh the vendored browser libraries from the npm registry (needs npm; nothing at run time does).
# Usage: bash api/web/static/vendor/update.sh [cytoscape-version] [cytoscape-dagre-version] [dagre-version]
# then update the versions in README.md beside this script and run the browser tests.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cy="${1:-3.34.4}"; cyd="${2:-4.0.1}"; dagre="${3:-3.1.3}"
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
npm pack --silent "cytoscape@$cy" "cytoscape-dagre@$cyd" "@dagrejs/dagre@$dagre" >/dev/null
for f in *.tgz; do mkdir "${f%.tgz}"; tar xzf "$f" -C "${f%.tgz}"; done
cp "cytoscape-$cy/package/dist/cytoscape.esm.min.mjs" "$here/"
cp "cytoscape-$cy/package/LICENSE" "$here/cytoscape.LICENSE"
# cytoscape-dagre's ES module build bundles @dagrejs/dagre (and its graphlib).
cp "cytoscape-dagre-$cyd/package/dist/cytoscape-dagre.min.mjs" "$here/"
cp "cytoscape-dagre-$cyd/package/LICENSE" "$here/cytoscape-dagre.LICENSE"
cp "dagrejs-dagre-$dagre/package/LICENSE" "$here/dagre.LICENSE"
# The source maps are not vendored: drop the comment that points at them.
sed -i '/^\/\/# sourceMappingURL=/d' "$here/cytoscape.esm.min.mjs" "$here/cytoscape-dagre.min.mjs"
echo "vendored cytoscape $cy, cytoscape-dagre $cyd (bundling @dagrejs/dagre), dagre licence $dagre into $here"
