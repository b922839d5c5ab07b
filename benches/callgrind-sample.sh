#!/usr/bin/env bash
# Instructions (callgrind) that `chartguard render` spends on a list of cases:
# a steadier measure than seconds on a shared 2-core machine.
#
# Usage: benches/callgrind-sample.sh CASES [BINARY]
#   CASES: one line per case, the arguments after `render`
#          (e.g. `rel /tmp/corpus/charts/bitnami+charts/redis --namespace default`)
#   BINARY: defaults to target/release/chartguard
# Prints the total in millions of instructions.
set -euo pipefail
cases=${1:?usage: benches/callgrind-sample.sh CASES [BINARY]}
bin=${2:-"$(dirname "$0")/../target/release/chartguard"}
xargs -P2 -L1 sh -c 'valgrind --tool=callgrind --callgrind-out-file=/dev/null "$0" render "$@" 2>&1 >/dev/null | awk "/Collected/ {print \$4}"' "$bin" <"$cases" |
    awk '{s += $1} END {printf "%.1fM instructions\n", s / 1e6}'
