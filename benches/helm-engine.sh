#!/usr/bin/env bash
# Times real Helm on the engine benchmark's template and data, for comparison
# with `cargo bench --bench engine`. Needs helm (../shared/tools/install-helm).
set -euo pipefail
cd "$(dirname "$0")/.."
helm=${HELM:-$HOME/.cache/chartguard-helm/helm-v3/helm}
chart=$(mktemp -d)/bench
cargo bench -q --bench engine -- --write-chart "$chart"
home=$(mktemp -d)
export HELM_CACHE_HOME=$home HELM_CONFIG_HOME=$home HELM_DATA_HOME=$home KUBECONFIG=/nonexistent
"$helm" template x "$chart" > /dev/null   # warm the page cache
for i in 1 2 3 4 5; do
  /usr/bin/time -f "helm template: %e s wall, %U s user, %S s sys" "$helm" template x "$chart" > /dev/null
done
