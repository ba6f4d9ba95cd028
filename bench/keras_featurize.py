"""The original's way, for comparison: Pillow decode + resize, Keras model.predict on the same SavedModel.

Run by bench/run.sh in a virtual environment it creates; prints one CSV line:
images,seconds,images_per_second,decode_resize_seconds,predict_seconds,load_seconds
seconds is the loop's (the original's own timer); load_seconds is the model's load and warm-up before it, which
the suite's featurize job counts in its own time.
"""
import os
import sys
import time

import numpy as np
from PIL import Image
import keras

root, model_dir, limit, batch = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])

# Same order as the Java job: every file under root, sorted by path, first `limit`.
paths = sorted(os.path.join(d, f) for d, _, files in os.walk(root) for f in files if not f.startswith(('.', '_')))
paths = paths[:limit]

load = time.perf_counter()
layer = keras.layers.TFSMLayer(model_dir, call_endpoint="serving_default")
inputs = keras.Input(shape=(224, 224, 3), dtype="float32")
model = keras.Model(inputs, layer(inputs)["features"])
model.predict(np.zeros((batch, 224, 224, 3), np.float32), batch_size=batch, verbose=0)  # warm-up, not in the loop
load = time.perf_counter() - load

decode = predict = 0.0
start = time.perf_counter()
for i in range(0, len(paths), batch):
    t = time.perf_counter()
    x = np.stack([np.asarray(Image.open(p).convert("RGB").resize((224, 224), Image.BICUBIC), np.float32)
                  for p in paths[i:i + batch]])
    x = x / 127.5 - 1.0  # keras.applications.mobilenet_v2.preprocess_input
    decode += time.perf_counter() - t
    t = time.perf_counter()
    model.predict(x, batch_size=batch, verbose=0)
    predict += time.perf_counter() - t
total = time.perf_counter() - start
print(f"{len(paths)},{total:.2f},{len(paths) / total:.2f},{decode:.2f},{predict:.2f},{load:.2f}")
