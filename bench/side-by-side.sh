#!/usr/bin/env bash
# Training speed of the service's model step against PyTorch's on this machine: both benchmarks
# alternately, ROUNDS rounds, the same batch sizes and the same method (random data, 3 warm-up
# steps, median of 10 timed steps), then the median ratio service / PyTorch per batch size.
#   bench/side-by-side.sh [ROUNDS=3] [BATCHES="64 128"]
# PyTorch runs in its --quick mode for batch 64 unless SIDE_BY_SIDE_FULL=1, in full mode otherwise
# (about 2 minutes per batch size; timings taken while other processes used the CPU are retried).
# Needs Debian's python3-torch (apt-get install python3-torch) and the PyTorch reference scripts
# (SALIENCE_REFERENCE, default ../shared/reference).
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS="${1:-3}"
BATCHES="${2:-64 128}"
REFERENCE="${SALIENCE_REFERENCE:-../shared/reference}"

mvn -q -B test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
CLASSPATH="target/test-classes:target/classes:$(cat target/bench-classpath.txt)"
RESULTS=$(mktemp)

for round in $(seq 1 "$ROUNDS"); do
  java -cp "$CLASSPATH" -Dsalience.engine.cache-dir="$HOME/.salience/engine-cache" \
      io.salience.bench.TrainingBenchmark --model-step $BATCHES 2>/dev/null | grep '^model-step' \
    | while read -r _ _ batch rate _; do echo "salience ${batch%:} $rate $round"; done >> "$RESULTS"
  for batch in $BATCHES; do
    # The reference's --quick mode knows batch 64 only.
    MODE=--quick; { [ "$batch" != 64 ] || [ -n "${SIDE_BY_SIDE_FULL:-}" ]; } && MODE=
    /usr/bin/python3 "$REFERENCE/bench_train.py" $MODE \
        --threads "$(nproc)" --only "train$batch" | grep '^JSON ' \
      | /usr/bin/python3 -c '
import json, sys
r = json.loads(sys.stdin.read()[5:])
for batch, v in r["train"].items():
    print("pytorch", batch, round(v["img_per_s"], 1), sys.argv[1])' "$round" >> "$RESULTS"
  done
  echo "round $round:"; grep " $round\$" "$RESULTS" | sed 's/^/  /'
done

/usr/bin/python3 - "$RESULTS" <<'PY'
import statistics, sys
rows = [line.split() for line in open(sys.argv[1])]
for batch in sorted({int(r[1]) for r in rows}):
    ratios = []
    for rnd in sorted({r[3] for r in rows}):
        s = [float(r[2]) for r in rows if r[0] == "salience" and int(r[1]) == batch and r[3] == rnd]
        p = [float(r[2]) for r in rows if r[0] == "pytorch" and int(r[1]) == batch and r[3] == rnd]
        if s and p and p[0] == p[0]:  # a NaN means every PyTorch timing was contended
            ratios.append(s[0] / p[0])
    if not ratios:
        print(f"batch {batch}: no uncontended PyTorch timing")
        continue
    print(f"batch {batch}: service / PyTorch per round {', '.join(f'{x:.2f}' for x in ratios)}; "
          f"median {statistics.median(ratios):.2f}x")
PY
rm -f "$RESULTS"
