"""Exports Keras MobileNetV2 (ImageNet weights, classifier removed) as the SavedModel the suite loads.

    pip install tensorflow keras
    python scripts/export_mobilenet_v2.py ../shared/model/mobilenet_v2_features

Signature `serving_default`: `images` float32[-1,224,224,3] already scaled to [-1,1]
(Keras preprocess_input) -> `features` float32[-1,1280] (the global-average-pooled layer,
MobileNetV2(include_top=True).layers[-2], as the original PySpark pipeline used).
"""
import sys

import keras
import tensorflow as tf

out = sys.argv[1] if len(sys.argv) > 1 else "mobilenet_v2_features"
base = keras.applications.MobileNetV2(weights="imagenet", include_top=True)
features = keras.Model(inputs=base.inputs, outputs=base.layers[-2].output)


@tf.function(input_signature=[tf.TensorSpec([None, 224, 224, 3], tf.float32, name="images")])
def serve(images):
    return {"features": features(images, training=False)}


tf.saved_model.save(features, out, signatures={"serving_default": serve})
print("SavedModel written to", out)
