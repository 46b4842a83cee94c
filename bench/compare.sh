#!/usr/bin/env bash
# Side by side: figures (a) GD step, (b) particle-DMFT step and (c) kernel ridge regression of
# `./transferlab bench`, and the same algorithms in plain numpy (bench/numpy_bench.py), with the ratio
# Java/numpy of the median times (below 1: Java faster).
#
# Threads: the Java engine always runs with OPENBLAS_NUM_THREADS=1 and splits every product and
# elementwise pass over all cores itself (engine linalg.ParallelRows; a multi-threaded OpenBLAS slows
# those Java passes). numpy is run twice, with OPENBLAS_NUM_THREADS=1 and with OPENBLAS_NUM_THREADS
# = the number of cores, and Java is compared with the faster of the two for each figure.
#
# Rounds: the speed of a shared (virtual) machine drifts by 20 % and more over minutes, so the three
# runs (Java, numpy on one thread, numpy on all cores) are interleaved for --rounds rounds; each round
# gives a ratio from runs a minute apart, and the summary is the median and range of those ratios.
#
# Usage: bench/compare.sh [--repeats N] [--rounds R] [--only a,b,c] [--json FILE]
#                         [--gd-size P,D,N] [--dmft-size M,P,Q,D] [--krr-size P]   (sizes go to both sides)
# Pure-Java BLAS instead of native: TRANSFERLAB_JAVA_OPTS=-Ddev.ludovic.netlib.blas.nativeLibPath=/nonexistent bench/compare.sh
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
ONLY=a,b,c
REPEATS=9
ROUNDS=3
JSON_OUT=
SIZES=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --only) ONLY="$2"; shift 2 ;;
    --repeats) REPEATS="$2"; shift 2 ;;
    --rounds) ROUNDS="$2"; shift 2 ;;
    --json) JSON_OUT="$2"; shift 2 ;;
    --gd-size|--dmft-size|--krr-size) SIZES+=("$1" "$2"); shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
CORES="$(nproc)"
echo "Java: OPENBLAS_NUM_THREADS=1, products and passes split over $CORES cores in Java; $ROUNDS rounds" >&2
for r in $(seq 1 "$ROUNDS"); do
  echo "round $r: Java" >&2
  OPENBLAS_NUM_THREADS=1 "$ROOT/transferlab" bench --json --only "$ONLY" --repeats "$REPEATS" ${SIZES[@]+"${SIZES[@]}"} \
    > "$TMP/java-$r.json"
  for t in 1 "$CORES"; do
    echo "round $r: numpy, OPENBLAS_NUM_THREADS=$t" >&2
    OPENBLAS_NUM_THREADS=$t python3 "$ROOT/bench/numpy_bench.py" --json --only "$ONLY" --repeats "$REPEATS" ${SIZES[@]+"${SIZES[@]}"} \
      > "$TMP/numpy-$r-$t.json"
  done
done
python3 - "$TMP" "$ROUNDS" "$CORES" "$JSON_OUT" <<'PY'
import json, statistics, sys
tmp, rounds, cores, json_out = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
load = lambda p: json.load(open(p))
java = [load(f"{tmp}/java-{r}.json") for r in range(1, rounds + 1)]
numpy = [[load(f"{tmp}/numpy-{r}-{t}.json") for t in ("1", cores)] for r in range(1, rounds + 1)]
blas = java[0]["blas"]
print(f"Java BLAS: {blas['implementation']} ({'native' if blas['native'] else 'pure Java'}), "
      f"{java[0]['cores']} cores, load average {java[0].get('loadAverageAtStart', float('nan')):.2f} at the start; "
      f"numpy {numpy[0][0]['numpy']} ({numpy[0][0]['blas']})")
names = {"gdStep": "(a) GD step", "dmftStep": "(b) DMFT", "kernelRidge": "(c) KRR"}
print(f"{'figure':12s} {'size':38s} {'round':>5s} {'Java ms':>9s} {'GFLOP/s':>8s} {'np t=1 ms':>10s} "
      f"{'np t=' + cores + ' ms':>10s} {'Java/numpy':>11s}")
summary = {}
for key, label in names.items():
    if key not in java[0]["figures"]:
        continue
    ratios = []
    for r in range(rounds):
        j = java[r]["figures"][key]
        n1, n2 = (numpy[r][i]["figures"][key]["medianMs"] for i in (0, 1))
        ratios.append(j["medianMs"] / min(n1, n2))
        print(f"{label:12s} {j['size']:38s} {r + 1:5d} {j['medianMs']:9.1f} {j['gflops']:8.1f} {n1:10.1f} {n2:10.1f} "
              f"{ratios[-1]:11.2f}")
    summary[key] = {"ratios": ratios, "median": statistics.median(ratios)}
print()
for key, s in summary.items():
    print(f"{names[key]:12s} Java/numpy median {s['median']:.2f} over {rounds} rounds "
          f"(range {min(s['ratios']):.2f}-{max(s['ratios']):.2f})")
if json_out:
    json.dump({"rounds": rounds, "java": java, "numpy": numpy, "ratios": summary}, open(json_out, "w"), indent=1)
PY
