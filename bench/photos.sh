#!/usr/bin/env bash
# The app's workload (issue 22): phone-sized photos a few at a time, featurized by the suite (--decode exact
# and fast) and by the original's Python way (Pillow + Keras) on the same cores, alternated, in one run.
#   bench/photos.sh                     # 960 tiles (100x100), 96 and 1,000 photos of 2 MP, 48 of 12 MP; 2 rounds
#   BENCH_ROUNDS=3 bench/photos.sh      # FRUITS_SHARED=<dir> when not ../shared
#   BENCH_SETS=2mp,12mp bench/photos.sh # only those sets
# Photos are made from Fruits-360 Test tiles by 'fruits photos' (upscaled, sensor-like noise, quality 92).
# Writes bench/results/photos.csv and photos.md.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source bench/lib.sh
rounds="${BENCH_ROUNDS:-2}"
bench_require_shared
work=target/bench/photos
mkdir -p "$work" bench/results
./mvnw -B -q -DskipTests package

if ! bench_python_venv; then
  echo "bench: pip could not install tensorflow-cpu, keras and pillow here ($(tail -1 target/bench/venv.log))" >&2
  exit 2
fi

# name size count: a few photos at a time, as the app sends them, and one larger 2 MP batch
sets=("100x100 100x100 960" "2mp 1600x1200 96" "12mp 4000x3000 48" "2mp-1000 1600x1200 1000")
if [[ -n "${BENCH_SETS:-}" ]]; then # e.g. BENCH_SETS=2mp,12mp: only those
  mapfile -t sets < <(printf '%s\n' "${sets[@]}" | grep -E "^(${BENCH_SETS//,/|}) ")
fi
for set in "${sets[@]}"; do
  read -r name size count <<<"$set"
  if [[ ! -d "$work/$name" ]]; then
    bin/fruits photos --input "$tiles" --output "$work/$name" --size "$size" --limit "$count"
  fi
done

# Untimed: the first run of a command leaves its class-data-sharing archive in the user cache (bin/fruits),
# as Python's first import leaves its bytecode; every timed run below maps it.
first="${sets[0]%% *}"
rm -rf "$work/out" && bin/fruits featurize --input "$work/$first" --output "$work/out" --model "$model" --limit 2 >/dev/null
bin/fruits ceiling --input "$work/$first" --model "$model" --limit 2 --batch-size 1 --tf-threads 1 >/dev/null

csv=bench/results/photos.csv
# load_seconds: Python's model load and warm-up, outside its loop's timer (the suite's job time has its own in).
echo "round,photos,count,way,job_seconds,images_per_second,wall_seconds,decode_resize_ms,load_seconds" > "$csv"
for round in $(seq 1 "$rounds"); do
  for set in "${sets[@]}"; do
    read -r name size count <<<"$set"
    echo "bench: round $round, $name: Python/Keras"
    start=$(now)
    line=$(TF_CPP_MIN_LOG_LEVEL=2 "$venv/bin/python" bench/keras_featurize.py "$work/$name" "$model" "$count" 32 2>>target/bench/keras.log)
    wall=$(echo "$(now) - $start" | bc)
    IFS=, read -r n seconds rate decode _ load <<<"$line"
    echo "$round,$name,$n,python,$seconds,$rate,$wall,$(echo "scale=2; 1000 * $decode / $n" | bc),$load" >> "$csv"
    for mode in exact fast; do
      echo "bench: round $round, $name: suite --decode $mode"
      rm -rf "$work/out"
      start=$(now)
      line=$(bin/fruits featurize --input "$work/$name" --output "$work/out" --model "$model" --decode "$mode" | grep '^featurize: read')
      wall=$(echo "$(now) - $start" | bc)
      # "featurize: read N = ...; 8.6 s, 11.2 images/s (...)"
      seconds=$(sed -E 's/.*; ([0-9.]+) s, ([0-9.]+) images\/s.*/\1/' <<<"$line")
      rate=$(sed -E 's/.*; ([0-9.]+) s, ([0-9.]+) images\/s.*/\2/' <<<"$line")
      # Decode + resize on one thread, as Pillow's loop runs: 'fruits ceiling' on the same photos.
      ceiling=$(bin/fruits ceiling --input "$work/$name" --model "$model" --limit "$((count < 200 ? count : 200))" \
        --batch-size 1 --tf-threads 1 \
        --decode "$mode" | grep '^ceiling:')
      decode=$(sed -E 's/.*decode \+ resize ([0-9.]+) images\/s.*/\1/' <<<"$ceiling")
      echo "$round,$name,$count,suite-$mode,$seconds,$rate,$wall,$(echo "scale=2; 1000 / $decode" | bc)," >> "$csv"
    done
  done
done
rm -rf "$work/out"

# Per photo size: mean images/s and wall of each way, and the suite's ratios to Python.
awk -F, 'NR > 1 { key = $2 "," $4; rate[key] += $6; wall[key] += $7; dec[key] += $8; n[key]++; sets[$2] = $3
    if ($4 == "python") loaded[key] += $3 / ($5 + $9) }
  END {
    print "| photos | count | way | images/s (job) | wall s (command) | x Python (images/s) | x Python (images/s, model load in both) | x Python (wall) | decode + resize ms/photo, one thread | x Pillow |"
    print "|---|---:|---|---:|---:|---:|---:|---:|---:|---:|"
    split("100x100 2mp 12mp 2mp-1000", order, " ")
    split("python suite-exact suite-fast", ways, " ")
    for (i = 1; i <= 4; i++) for (j = 1; j <= 3; j++) {
      k = order[i] "," ways[j]; p = order[i] ",python"
      if (!(k in n)) continue
      r = rate[k] / n[k]; w = wall[k] / n[k]; d = dec[k] / n[k]; rl = ways[j] == "python" ? 1 : r / (loaded[p] / n[p])
      printf "| %s | %d | %s | %.1f | %.1f | %.2f | %.2f | %.2f | %.1f | %.2f |\n", order[i], sets[order[i]], ways[j], r, w, \
        r / (rate[p] / n[p]), rl, (wall[p] / n[p]) / w, d, (dec[p] / n[p]) / d
    }
  }' "$csv" > bench/results/photos.md
{
  echo
  echo "bench/photos.sh, $rounds alternated round(s), $(nproc) cores, $(date -u +%Y-%m-%d). Python: Pillow open + resize"
  echo "and Keras predict in batches of 32, its own loop timed (model load and warm-up excluded); \"model load in both\""
  echo "adds them to Python's time, as the suite's job time has its own; wall is the whole command."
  echo "Suite: bin/fruits featurize on the local job runner, images/s as the job reports it; wall includes the JVM."
  echo "Decode + resize: Pillow open + convert + resize + float32 (the Python loop's own timer) against"
  echo "bin/fruits ceiling --batch-size 1 --tf-threads 1 (decode, resize and scaling), one thread each, cold start included."
} >> bench/results/photos.md
cat bench/results/photos.md
