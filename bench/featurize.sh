#!/usr/bin/env bash
# Featurize throughput on this machine, next to the bare inference ceiling measured in the same run.
#   bench/featurize.sh                 # 2,000 and all 22,688 Test images
#   BENCH_SIZES="1000 5000" bench/featurize.sh
# Writes bench/results/featurize.csv and bench/results/featurize.md.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
shared="${FRUITS_SHARED:-../shared}"
images="$shared/data/fruits-360/Test"
model="$shared/model/mobilenet_v2_features"
sizes="${BENCH_SIZES:-2000 22688}"
batch="${BENCH_BATCH:-32}"
results=bench/results
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$results"

./mvnw -B -q -DskipTests package

ceiling_line=$(bin/fruits ceiling --input "$images" --model "$model" --limit 2000 --batch-size "$batch" 2>"$work/ceiling.log" | grep '^ceiling:')
echo "$ceiling_line"
ceiling=$(sed -E 's/.*inference ([0-9.]+) images\/s.*/\1/' <<<"$ceiling_line")
decode=$(sed -E 's/.*decode \+ resize ([0-9.]+) images\/s.*/\1/' <<<"$ceiling_line")

echo "images,wall_seconds,images_per_second,ratio_to_ceiling,ceiling_images_per_second,decode_resize_images_per_second,model_load_ms,decode_ms,inference_ms" > "$results/featurize.csv"
for n in $sizes; do
  start=$(date +%s.%N)
  line=$(bin/fruits featurize --input "$images" --output "$work/features-$n" --model "$model" --limit "$n" \
           --batch-size "$batch" 2>"$work/featurize-$n.log" | grep '^featurize:')
  end=$(date +%s.%N)
  echo "$line"
  wall=$(awk -v a="$start" -v b="$end" 'BEGIN{print b-a}')
  done_n=$(sed -E 's/.*featurized ([0-9]+).*/\1/' <<<"$line")
  rate=$(awk -v n="$done_n" -v w="$wall" 'BEGIN{print n/w}')
  load=$(sed -E 's/.*model load ([0-9]+) ms.*/\1/' <<<"$line")
  dec=$(sed -E 's/.*decode ([0-9]+) ms.*/\1/' <<<"$line")
  inf=$(sed -E 's/.*inference ([0-9]+) ms.*/\1/' <<<"$line")
  printf '%d,%.1f,%.1f,%.3f,%s,%s,%s,%s,%s\n' "$done_n" "$wall" "$rate" "$(awk -v r="$rate" -v c="$ceiling" 'BEGIN{print r/c}')" \
    "$ceiling" "$decode" "$load" "$dec" "$inf" >> "$results/featurize.csv"
  rm -rf "$work/features-$n"
done

{
  echo "# Featurize benchmark"
  echo
  echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(java -version 2>&1 | head -1)."
  echo "Command: \`BENCH_SIZES=\"$sizes\" bench/featurize.sh\` ($(date -u +%Y-%m-%d)). Batch $batch, TensorFlow on all cores."
  echo
  echo "Ceiling (same SavedModel, pre-decoded batches, no Hadoop): **$ceiling images/s**; decode + resize alone: $decode images/s on one thread."
  echo "Wall time is the whole \`bin/fruits featurize\` command: JVM start, listing, job set-up, model load, inference, commit."
  echo
  echo "| images | wall s | images/s | x ceiling | model load ms | decode ms | inference ms |"
  echo "|---:|---:|---:|---:|---:|---:|---:|"
  tail -n +2 "$results/featurize.csv" | while IFS=, read -r n wall rate ratio c d load dec inf; do
    echo "| $n | $wall | $rate | $ratio | $load | $dec | $inf |"
  done
} > "$results/featurize.md"
cat "$results/featurize.md"
