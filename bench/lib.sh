# Shared by the bench scripts (sourced): where ../shared is, and the Python venv of the original's way.
shared="${FRUITS_SHARED:-../shared}"
tiles="$shared/data/fruits-360/Test"
model="$shared/model/mobilenet_v2_features"
venv=target/bench/venv

# Stops the script in one sentence when the Fruits-360 Test images or the SavedModel are missing.
bench_require_shared() {
  if [[ ! -d "$tiles" || ! -d "$model" ]]; then
    echo "bench: the Fruits-360 Test images or the SavedModel are missing under $shared (see README, 'Data and model')." >&2
    exit 2
  fi
}

# Makes target/bench/venv with tensorflow-cpu, keras and pillow (from the machine's wheel mirror); false if pip cannot.
bench_python_venv() {
  mkdir -p target/bench
  { [[ -x "$venv/bin/python" ]] || python3 -m venv "$venv"; } >target/bench/venv.log 2>&1 \
    && "$venv/bin/pip" install -q --disable-pip-version-check --retries 1 --timeout 10 tensorflow-cpu keras pillow \
       >>target/bench/venv.log 2>&1
}

now() { date +%s.%N; }
