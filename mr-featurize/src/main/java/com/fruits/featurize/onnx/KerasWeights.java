package com.fruits.featurize.onnx;

import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The weights of a Keras model saved by {@code save_weights} in HDF5, as the Keras Applications
 * {@code mobilenet_v2_weights_tf_dim_ordering_tf_kernels_1.0_224_no_top.h5} is: one group per layer,
 * its {@code weight_names} attribute naming datasets such as {@code Conv1/kernel:0}. Weight names are
 * matched without the {@code :0} suffix, which newer Keras versions leave out.
 */
public final class KerasWeights implements MobileNetV2Onnx.Weights {
    private final Map<String, Tensor> tensors = new HashMap<>();

    /** One weight: row-major values and the shape Keras stores (HWIO for kernels). */
    public record Tensor(float[] values, int[] shape) {
    }

    private KerasWeights() {
    }

    public static KerasWeights read(Path h5) {
        KerasWeights weights = new KerasWeights();
        try (HdfFile file = new HdfFile(h5)) {
            for (Node layer : file.getChildren().values()) {
                if (layer instanceof Group group) {
                    weights.readLayer(group);
                }
            }
        }
        if (weights.tensors.isEmpty()) {
            throw new IllegalArgumentException(h5 + " holds no Keras layer weights");
        }
        return weights;
    }

    private void readLayer(Group layer) {
        Attribute names = layer.getAttribute("weight_names");
        if (names == null) {
            return;
        }
        Object data = names.getData();
        if (data == null || names.isEmpty()) {
            return; // a layer without weights (activation, padding, addition)
        }
        String[] weightNames = data instanceof String[] array ? array : new String[] {String.valueOf(data)};
        for (String weightName : weightNames) {
            Node node = layer.getByPath(weightName);
            if (node instanceof Dataset dataset) {
                String key = layer.getName() + "/" + shortName(weightName);
                tensors.put(key, new Tensor(floats(dataset.getDataFlat()), dataset.getDimensions()));
            }
        }
    }

    /** {@code block_1_expand/kernel:0} to {@code kernel}; Keras 3 writes a depthwise kernel as {@code kernel} too. */
    private static String shortName(String weightName) {
        String name = weightName.substring(weightName.lastIndexOf('/') + 1);
        return name.endsWith(":0") ? name.substring(0, name.length() - 2) : name;
    }

    private static float[] floats(Object flat) {
        if (flat instanceof float[] f) {
            return f;
        }
        if (flat instanceof double[] d) {
            float[] f = new float[d.length];
            for (int i = 0; i < d.length; i++) {
                f[i] = (float) d[i];
            }
            return f;
        }
        throw new IllegalArgumentException("Unexpected weight type " + flat.getClass());
    }

    @Override
    public Tensor get(String layer, String name) {
        Tensor t = tensors.get(layer + "/" + name);
        if (t == null) {
            throw new IllegalArgumentException("The weight file has no " + layer + "/" + name
                    + ": it is not a Keras MobileNetV2 (alpha 1.0) weight file");
        }
        return t;
    }
}
