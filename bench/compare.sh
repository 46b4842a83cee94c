#!/usr/bin/env bash
# Side by side (issue 5): figures (a) GD step, (b) particle-DMFT step and (c) kernel ridge regression of
# `./transferlab bench`, and the same algorithms in plain numpy (bench/numpy_bench.py), in one run, with
# the ratio Java/numpy of the median times (below 1: Java faster).
#
# Threads: the Java engine always runs with OPENBLAS_NUM_THREADS=1 and splits every product and
# elementwise pass over all cores itself (engine linalg.ParallelRows; a multi-threaded OpenBLAS slows
# those Java passes). numpy is run twice, with OPENBLAS_NUM_THREADS=1 and with OPENBLAS_NUM_THREADS
# = the number of cores, and Java is compared with the faster of the two for each figure.
#
# Usage: bench/compare.sh [--repeats N] [--only a,b,c]   (extra options go to both sides)
# Pure-Java BLAS instead of native: TRANSFERLAB_JAVA_OPTS=-Ddev.ludovic.netlib.blas.nativeLibPath=/nonexistent bench/compare.sh
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
ONLY=a,b,c
REPEATS=9
while [[ $# -gt 0 ]]; do
  case "$1" in
    --only) ONLY="$2"; shift 2 ;;
    --repeats) REPEATS="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
CORES="$(nproc)"
echo "Java: OPENBLAS_NUM_THREADS=1, both sides of each product split over $CORES cores in Java" >&2
OPENBLAS_NUM_THREADS=1 "$ROOT/transferlab" bench --json --only "$ONLY" --repeats "$REPEATS" > "$TMP/java.json"
for t in 1 "$CORES"; do
  echo "numpy: OPENBLAS_NUM_THREADS=$t" >&2
  OPENBLAS_NUM_THREADS=$t python3 "$ROOT/bench/numpy_bench.py" --json --only "$ONLY" --repeats "$REPEATS" \
    > "$TMP/numpy-$t.json"
done
python3 - "$TMP/java.json" "$TMP"/numpy-*.json <<'PY'
import json, sys
java = json.load(open(sys.argv[1]))
runs = [json.load(open(p)) for p in sys.argv[2:]]
blas = java["blas"]
print(f"Java BLAS: {blas['implementation']} ({'native' if blas['native'] else 'pure Java'}), "
      f"{java['cores']} cores, load average {java.get('loadAverageAtStart', float('nan')):.2f} at the start; "
      f"numpy {runs[0]['numpy']} ({runs[0]['blas']})")
print(f"{'figure':12s} {'size':38s} {'Java ms':>9s} {'GFLOP/s':>8s} " +
      " ".join(f"{'np t=' + r['openblasThreads'] + ' ms':>12s}" for r in runs) + f" {'Java/numpy':>11s}")
names = {"gdStep": "(a) GD step", "dmftStep": "(b) DMFT", "kernelRidge": "(c) KRR"}
for key, label in names.items():
    if key not in java["figures"]:
        continue
    j = java["figures"][key]
    best = min(r["figures"][key]["medianMs"] for r in runs)
    print(f"{label:12s} {j['size']:38s} {j['medianMs']:9.1f} {j['gflops']:8.1f} " +
          " ".join(f"{r['figures'][key]['medianMs']:12.1f}" for r in runs) + f" {j['medianMs'] / best:11.2f}")
PY
