#!/usr/bin/env bash
# Small batches (issue 22): 50 photos added with 'pipeline --incremental' to runs of 1,000, 10,000 and 22,688
# Fruits-360 Test tiles, by default (the run's PCA kept) and with --refit-pca, plus the run with nothing new;
# beside the original's Python way (Pillow + Keras) featurizing the same 50 photos, in the same run.
#   bench/batches.sh                          # BENCH_RUNS=1000,10000,22688 BENCH_ROUNDS=2
# Wall times include the JVM's (or Python's) start. The runs are set up once, untimed, under target/bench/batches;
# the 50 photos of each step are Training-sample images, new to the run. Writes bench/results/batches.{csv,md}.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source bench/lib.sh
bench_require_shared
training="$shared/data/fruits-360/Training-sample"
IFS=, read -r -a runs <<<"${BENCH_RUNS:-1000,10000,22688}"
rounds="${BENCH_ROUNDS:-2}"
work=target/bench/batches
mkdir -p "$work" bench/results
./mvnw -B -q -DskipTests package
python_ok=true
bench_python_venv || python_ok=false

mapfile -t all < <(cd "$tiles" && find . -name '*.jpg' | LC_ALL=C sort)
mapfile -t extra < <(cd "$training" && find . -name '*.jpg' | LC_ALL=C sort)
next=0
# Copies the next 50 Training-sample photos into $1 (as <Label>/train-<name>) and into the folder $2, alone.
add50() {
  rm -rf "$2" && mkdir -p "$2"
  for f in "${extra[@]:$next:50}"; do
    label=$(dirname "$f")
    mkdir -p "$1/$label" "$2/$label"
    cp "$training/$f" "$1/$label/train-$(basename "$f")"
    cp "$training/$f" "$2/$label/train-$(basename "$f")"
  done
  next=$((next + 50))
}

csv=bench/results/batches.csv
echo "run_images,round,case,wall_seconds" > "$csv"
for n in "${runs[@]}"; do
  in="$work/in-$n" run="$work/run-$n"
  rm -rf "$in" "$run"
  for f in "${all[@]:0:$n}"; do
    mkdir -p "$in/$(dirname "$f")" && cp -l "$tiles/$f" "$in/$f" 2>/dev/null || cp "$tiles/$f" "$in/$f"
  done
  echo "bench: setting up a run of $n images"
  bin/fruits pipeline --input "$in" --output "$run" --model "$model" >/dev/null
  for round in $(seq 1 "$rounds"); do
    for case in nothing-new keep-pca refit-pca python; do
      flags=()
      case "$case" in
        nothing-new) ;;
        keep-pca) add50 "$in" "$work/batch" ;;
        refit-pca) add50 "$in" "$work/batch"; flags=(--refit-pca) ;;
        python) $python_ok || continue ;;
      esac
      echo "bench: run of $n, round $round: $case"
      start=$(now)
      if [[ "$case" == python ]]; then
        TF_CPP_MIN_LOG_LEVEL=2 "$venv/bin/python" bench/keras_featurize.py "$work/batch" "$model" 50 32 \
          >/dev/null 2>>target/bench/keras.log
      else
        bin/fruits pipeline --input "$in" --output "$run" --model "$model" --incremental "${flags[@]}" >/dev/null
      fi
      echo "$n,$round,$case,$(echo "$(now) - $start" | bc)" >> "$csv"
    done
  done
done

{
  echo "# 50 photos onto a run: \`bench/batches.sh\` ($(date -u +%F), $(nproc) cores, $rounds rounds)"
  echo
  echo "Wall seconds, JVM or Python start included, mean of the rounds. keep-pca is the default of"
  echo "\`pipeline --incremental\`; python featurizes the same 50 photos the original's way (Pillow + Keras)."
  echo
  echo "| run images | nothing new | 50 added (default) | 50 added, --refit-pca | Python/Keras, the 50 alone |"
  echo "|---:|---:|---:|---:|---:|"
  for n in "${runs[@]}"; do
    row="| $n"
    for case in nothing-new keep-pca refit-pca python; do
      row+=" | $(awk -F, -v n="$n" -v c="$case" '$1 == n && $3 == c { s += $4; k++ } END { print k ? sprintf("%.2f", s / k) : "-" }' "$csv")"
    done
    echo "$row |"
  done
} > bench/results/batches.md
cat bench/results/batches.md
