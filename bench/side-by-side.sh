#!/usr/bin/env bash
# Training speed of the service against PyTorch on this machine, both alternately, ROUNDS rounds,
# the same batch sizes, then the median ratio service / PyTorch per batch size:
#   bench/side-by-side.sh [ROUNDS=3] [BATCHES="64 128"] [CIFAR10_BINARY_DIR]
# - model step: the same method on both sides (random data, 3 warm-up steps, median of 10 timed
#   steps of forward + backward + Adam): TrainingBenchmark --model-step against bench_train.py
#   (its --quick mode for batch 64 unless SIDE_BY_SIDE_FULL=1, its full mode otherwise, about
#   2 minutes per batch size; timings taken while other processes used the CPU are retried).
# - end to end, when a CIFAR-10 binary folder is given (../shared/datasets/cifar10/make-binary
#   builds one): one epoch over the first 5,120 training images with the reference recipe's
#   augmentation, training images per second: TrainingBenchmark --end-to-end (after an untimed
#   two-batch epoch that warms the JVM up) against train_ref.py.
# SIDE_BY_SIDE_KINDS="model-step end-to-end" (the default) chooses what to measure.
# Needs Debian's python3-torch (apt-get install python3-torch) and the PyTorch reference scripts
# (SALIENCE_REFERENCE, default ../shared/reference).
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS="${1:-3}"
BATCHES="${2:-64 128}"
DATA="${3:-}"
IMAGES=5120
REFERENCE="${SALIENCE_REFERENCE:-../shared/reference}"
KINDS="${SIDE_BY_SIDE_KINDS:-model-step end-to-end}"

mvn -q -B test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
CLASSPATH="target/test-classes:target/classes:$(cat target/bench-classpath.txt)"
RESULTS=$(mktemp)
service() {
  java -cp "$CLASSPATH" -Dsalience.engine.cache-dir="$HOME/.salience/engine-cache" \
      io.salience.bench.TrainingBenchmark "$@" 2>/dev/null
}

for round in $(seq 1 "$ROUNDS"); do
  if [[ " $KINDS " == *" model-step "* ]]; then
    service --model-step $BATCHES | grep '^model-step' \
      | while read -r _ _ batch rate _; do echo "model-step salience ${batch%:} $rate $round"; done >> "$RESULTS"
    for batch in $BATCHES; do
      # The reference's --quick mode knows batch 64 only.
      MODE=--quick; { [ "$batch" != 64 ] || [ -n "${SIDE_BY_SIDE_FULL:-}" ]; } && MODE=
      /usr/bin/python3 "$REFERENCE/bench_train.py" $MODE \
          --threads "$(nproc)" --only "train$batch" | grep '^JSON ' \
        | /usr/bin/python3 -c '
import json, sys
r = json.loads(sys.stdin.read()[5:])
for batch, v in r["train"].items():
    print("model-step pytorch", batch, round(v["img_per_s"], 1), sys.argv[1])' "$round" >> "$RESULTS"
    done
  fi
  if [ -n "$DATA" ] && [[ " $KINDS " == *" end-to-end "* ]]; then
    service --end-to-end "$DATA" "$IMAGES" $BATCHES | grep '^end-to-end' \
      | while read -r _ _ batch rate _; do echo "end-to-end salience ${batch%:} $rate $round"; done >> "$RESULTS"
    for batch in $BATCHES; do
      /usr/bin/python3 "$REFERENCE/train_ref.py" --data "$DATA" --epochs 1 --train-limit "$IMAGES" \
          --test-limit 256 --batch "$batch" --threads "$(nproc)" | grep '^JSON ' \
        | /usr/bin/python3 -c '
import json, sys
r = json.loads(sys.stdin.read()[5:])
print("end-to-end pytorch", sys.argv[1], round(r["epochs"][0]["train_img_per_s"], 1), sys.argv[2])' "$batch" "$round" \
        >> "$RESULTS"
    done
  fi
  echo "round $round:"; grep " $round\$" "$RESULTS" | sed 's/^/  /'
done

/usr/bin/python3 - "$RESULTS" <<'PY'
import statistics, sys
rows = [line.split() for line in open(sys.argv[1])]
for kind in ("model-step", "end-to-end"):
    for batch in sorted({int(r[2]) for r in rows if r[0] == kind}):
        ratios = []
        for rnd in sorted({r[4] for r in rows}, key=int):
            s = [float(r[3]) for r in rows if r[:2] == [kind, "salience"] and int(r[2]) == batch and r[4] == rnd]
            p = [float(r[3]) for r in rows if r[:2] == [kind, "pytorch"] and int(r[2]) == batch and r[4] == rnd]
            if s and p and p[0] == p[0]:  # a NaN means every PyTorch timing was contended
                ratios.append(s[0] / p[0])
        if not ratios:
            print(f"{kind} batch {batch}: no uncontended PyTorch timing")
            continue
        print(f"{kind} batch {batch}: service / PyTorch per round {', '.join(f'{x:.2f}' for x in ratios)}; "
              f"median {statistics.median(ratios):.2f}x")
PY
rm -f "$RESULTS"
