#!/usr/bin/env bash
# fruits serve under load, in one command, on this machine's cores:
#   1. a pipeline run of the Fruits-360 Training sample (its featurize images/s is the batch figure),
#   2. fruits ceiling at one image per call on one thread (the single-image decode + inference time),
#   3. the service on that run, loaded with hey (Debian package 'hey') for SERVE_SECONDS at concurrency
#      1, 2 and 8, with a Fruits-360 tile and with a 2 MP photo,
#   4. SERVE_OVERLOAD seconds at 4x the measured capacity: status codes, client errors, p99 of the
#      accepted requests, the service's memory (RSS each second), then how soon it answers 200 again.
#   bench/serve.sh                                  # SERVE_SECONDS=20 SERVE_OVERLOAD=300 by default
# Writes bench/results/serve.md (and the raw hey CSVs under target/bench/serve/).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
shared="${FRUITS_SHARED:-../shared}"
train="$shared/data/fruits-360/Training-sample"
tests="$shared/data/fruits-360/Test"
model="$shared/model/mobilenet_v2_features"
large="$shared/reference/large/photos"
seconds="${SERVE_SECONDS:-20}"
overload="${SERVE_OVERLOAD:-300}"
port="${SERVE_PORT:-18080}"
for need in "$train" "$tests" "$model" "$large/2mp-a.jpg"; do
  [[ -e "$need" ]] || { echo "bench/serve.sh: $need is missing (see README, 'Getting the images and the model')." >&2; exit 2; }
done
command -v hey >/dev/null || { echo "bench/serve.sh: needs hey, the HTTP load generator (apt-get install hey)." >&2; exit 2; }
work=target/bench/serve
rm -rf "$work" && mkdir -p "$work"
[[ -f emr-steps/target/fruits-suite.jar ]] || ./mvnw -B -q -DskipTests package

tile="$(find "$tests" -name '*.jpg' | sort | sed -n 1p)"
photo="$large/2mp-a.jpg"
report=bench/results/serve.md
cores="$(nproc)"

echo "serve bench: pipeline on the Training sample"
bin/fruits pipeline --input "$train" --output "$work/run" --model "$model" --overwrite | tee "$work/pipeline.log"
featurize_rate="$(grep -m1 -oE '^featurize: .* [0-9.]+ images/s' "$work/pipeline.log" | grep -oE '[0-9.]+ images/s' | cut -d' ' -f1)"

echo "serve bench: single-image ceiling"
mkdir -p "$work/photos/Photo"
for i in $(seq -w 1 20); do cp "$photo" "$work/photos/Photo/$i.jpg"; done # 20 passes: the JIT warmed up as in the service
bin/fruits ceiling --input "$tests" --model "$model" --limit 500 --batch-size 1 --tf-threads 1 | tee "$work/ceiling.log"
bin/fruits ceiling --input "$work/photos" --model "$model" --batch-size 1 --tf-threads 1 | tee -a "$work/ceiling.log"
# "inference X images/s; decode + resize Y images/s": one image's time in ms is 1000/X + 1000/Y.
single_ms() { grep '^ceiling:' "$work/ceiling.log" | sed -n "${1}p" | grep -oE '[0-9.]+ images/s' | awk '{ms += 1000 / $1} END {printf "%.1f", ms}'; }
tile_single="$(single_ms 1)"
photo_single="$(single_ms 2)"

bin/fruits serve --run "$work/run" --model "$model" --port "$port" > "$work/serve.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
until grep -q ' ready in ' "$work/serve.log"; do
  kill -0 $server 2>/dev/null || { cat "$work/serve.log" >&2; exit 1; }
  sleep 0.5
done
url="http://127.0.0.1:$port/v1/features"

# "| p50 | p95 | p99 | answers/s |" of the 200 answers in a hey CSV (ms; per second of the load's
# actual span, first request sent to last answer received), and every status seen into <csv>.status.
summarize() {
  awk -F, 'NR > 1 { status[$7]++; end = $8 + $1; if (end > span) span = end; if ($7 == 200) print $1 * 1000 > "/dev/stderr" }
    END { for (s in status) printf "%s:%d ", s, status[s]; printf "\n"; print span > "/dev/stderr" }' "$1" 2> "$1.ok" > "$1.status"
  span="$(tail -1 "$1.ok")"
  sed -i '$d' "$1.ok"
  sort -n "$1.ok" -o "$1.ok"
  awk -v secs="$span" '{ v[NR] = $1 } END {
      if (NR == 0) { print "| – | – | – | 0 |"; exit }
      split("50 95 99", q, " ")
      for (i = 1; i <= 3; i++) { k = int(NR * q[i] / 100 + 0.999999); printf "| %.1f ", v[k] }
      printf "| %.1f |", NR / secs }' "$1.ok"
}

{
  echo "# fruits serve under load"
  echo
  echo "Made by \`bench/serve.sh\` on $(date -u +%Y-%m-%d), $cores cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)),"
  echo "hey $(dpkg-query -W -f='${Version}' hey 2>/dev/null || echo '?') on the same cores as the service; the service's defaults: $(grep -m1 -oE '[0-9]+ session\(s\), queue [0-9]+' "$work/serve.log")."
  echo "Served run: the Fruits-360 Training sample. POST /v1/features, keep-alive connections, ${seconds} s per row."
  echo
  echo "| photo | concurrency | p50 ms | p95 ms | p99 ms | answers/s (200) | statuses |"
  echo "|---|---:|---:|---:|---:|---:|---|"
} > "$report"
declare -A rate
for kind in tile photo; do
  body="$tile"; [[ $kind == photo ]] && body="$photo"
  hey -n 5 -c 1 -m POST -T image/jpeg -D "$body" "$url" > /dev/null # warm-up
  for c in 1 2 8; do
    echo "serve bench: $kind at concurrency $c"
    csv="$work/$kind-c$c.csv"
    hey -z "${seconds}s" -c "$c" -m POST -T image/jpeg -D "$body" -o csv "$url" > "$csv"
    row="$(summarize "$csv")"
    rate[$kind-$c]="$(echo "$row" | awk -F'|' '{print $5}' | xargs)"
    label="Fruits-360 tile 100x100"; [[ $kind == photo ]] && label="2 MP photo 1600x1200"
    echo "| $label | $c $row $(cat "$csv.status")|" >> "$report"
  done
done

capacity="${rate[tile-8]}"
# Open loop: enough workers that each sends its next request before its last is answered (a worker of
# hey waits for its answer), so the offered rate is 4x capacity whatever the service does.
workers=256
offered="$(awk -v cap="$capacity" 'BEGIN { printf "%.0f", 4 * cap }')"
qps="$(awk -v o="$offered" -v w=$workers 'BEGIN { printf "%.3f", o / w }')"
total=$(( (offered * overload / workers) * workers )) # hey sends n/c requests per worker
echo "serve bench: overload, $offered requests/s offered (4x $capacity) for $overload s"
: > "$work/rss.txt"
( while kill -0 $server 2>/dev/null; do ps -o rss= -p $server >> "$work/rss.txt"; sleep 1; done ) &
sampler=$!
hey -n "$total" -c "$workers" -q "$qps" -t 30 -m POST -T image/jpeg -D "$tile" -o csv "$url" > "$work/overload.csv"
stopped=$(date +%s.%N)
until [[ "$(curl -s -o /dev/null -w '%{http_code}' --data-binary @"$tile" "$url")" == 200 ]]; do sleep 0.05; done
recovered="$(awk -v a="$stopped" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f", b - a }')"
kill $sampler
row="$(summarize "$work/overload.csv")"
answered=$(($(wc -l < "$work/overload.csv") - 1))
rss="$(awk '{ v[NR] = $1 } END { n = int(NR / 10); if (n < 1) n = 1
  for (i = 1; i <= n; i++) { a += v[i]; b += v[NR - n + i] } m = 0; for (i in v) if (v[i] > m) m = v[i]
  printf "peak %.0f MB; first tenth of the run %.0f MB, last tenth %.0f MB (mean RSS)", m / 1024, a / n / 1024, b / n / 1024 }' "$work/rss.txt")"
{
  echo
  echo "## Overload: 4x capacity for $overload s"
  echo
  echo "Capacity: $capacity answers/s (tile, concurrency 8). Offered: $offered requests/s (hey -c $workers -q $qps, $total requests)."
  echo
  echo "| requests | answered | no answer (client error) | statuses | p50 / p95 / p99 ms of the 200s | accepted/s |"
  echo "|---:|---:|---:|---|---|---:|"
  echo "| $total | $answered | $((total - answered)) | $(cat "$work/overload.csv.status")| $(echo "$row" | awk -F'|' '{printf "%s / %s / %s", $2, $3, $4}' | tr -s ' ') | $(echo "$row" | awk -F'|' '{print $5}' | xargs) |"
  echo
  echo "Memory of the service (RSS, sampled each second): $rss."
  echo "After the load stopped, the first 200 came $recovered s later."
  echo
  echo "## Beside the batch figures, same cores, same run"
  echo
  echo "| figure | value |"
  echo "|---|---|"
  echo "| \`fruits ceiling --batch-size 1 --tf-threads 1\`, tile: decode + resize + inference of one image | $tile_single ms |"
  echo "| same, 2 MP photo | $photo_single ms |"
  echo "| service p50 at concurrency 1, tile (÷ ceiling) | $(grep -m1 '^| Fruits-360 tile 100x100 | 1 ' "$report" | awk -F'|' -v s="$tile_single" '{printf "%s ms (%.2fx)", $4 + 0, ($4 + 0) / s}') |"
  echo "| service p50 at concurrency 1, 2 MP photo (÷ ceiling) | $(grep -m1 '^| 2 MP photo 1600x1200 | 1 ' "$report" | awk -F'|' -v s="$photo_single" '{printf "%s ms (%.2fx)", $4 + 0, ($4 + 0) / s}') |"
  echo "| featurize job on the Training sample (\`fruits pipeline\`) | $featurize_rate images/s |"
  echo "| service at concurrency 8, tile (÷ featurize job) | $capacity answers/s ($(awk -v a="$capacity" -v b="$featurize_rate" 'BEGIN { printf "%.2fx", a / b }')) |"
} >> "$report"
kill $server
wait $server 2>/dev/null || true
cat "$report"
