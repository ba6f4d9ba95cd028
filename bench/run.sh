#!/usr/bin/env bash
# The benchmark, in one command: every stage timed on its own at 1,000, 5,000 and 22,688 Test images,
# the ceiling, memory, tuning runs and the original's Python/Keras way, all in the same run.
#   bench/run.sh
#   BENCH_SIZES=1000,5000 bench/run.sh        # other sizes; FRUITS_SHARED=<dir> when not ../shared
# Writes bench/results/benchmark.csv, benchmark.md and benchmark.png.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
shared="${FRUITS_SHARED:-../shared}"
images="$shared/data/fruits-360/Test"
model="$shared/model/mobilenet_v2_features"
sizes="${BENCH_SIZES:-1000,5000,22688}"
batch="${BENCH_BATCH:-32}"
if [[ ! -d "$images" || ! -d "$model" ]]; then
  echo "bench: the Fruits-360 Test images or the SavedModel are missing under $shared (see README, 'Data and model')." >&2
  exit 2
fi
mkdir -p target/bench
keras=target/bench/keras.csv

./mvnw -B -q -DskipTests package

# The original's way (Pillow + Keras model.predict) in a virtual environment of its own, when pip can
# install its packages here; otherwise the table says why the row is missing.
venv=target/bench/venv
if { [[ -x "$venv/bin/python" ]] || python3 -m venv "$venv"; } >target/bench/venv.log 2>&1 \
   && "$venv/bin/pip" install -q --disable-pip-version-check --retries 1 --timeout 10 tensorflow-cpu keras pillow >>target/bench/venv.log 2>&1; then
  : > "$keras"
  for n in ${sizes//,/ }; do
    echo "bench: Python/Keras on $n images"
    TF_CPP_MIN_LOG_LEVEL=2 "$venv/bin/python" bench/keras_featurize.py "$images" "$model" "$n" "$batch" 2>>target/bench/keras.log \
      | tee -a "$keras"
  done
else
  echo "# skipped: pip could not install tensorflow-cpu, keras and pillow here ($(tail -1 target/bench/venv.log))" > "$keras"
  cat "$keras"
fi

bin/fruits bench --input "$images" --model "$model" --sizes "$sizes" --batch-size "$batch" \
  --keras "$keras" --results bench/results
