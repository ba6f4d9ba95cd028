package com.fruits.featurize.model;

import com.fruits.featurize.onnx.KerasWeights;
import com.fruits.featurize.onnx.MobileNetV2Onnx;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.SessionFunction;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Keras' MobileNetV2 (alpha 1.0, 224x224, no top, global average pooling) built with TensorFlow
 * Java from its layer weights and exported as the SavedModel the suite loads: {@code serving_default},
 * {@code images} float32[-1,224,224,3] in [-1,1] to {@code features} float32[-1,1280]. The graph uses
 * the ops Keras' own export holds, in the same order (Conv2D, DepthwiseConv2dNative, explicit zero padding
 * before a stride-2 depthwise convolution, batch normalisation as {@code tf.nn.batch_normalization}
 * computes it, Relu6, AddV2, Mean), so it computes what Keras computes from the same weights.
 */
public final class MobileNetV2SavedModel {
    private static final float EPSILON = 1e-3f;

    private final MobileNetV2Onnx.Weights weights;
    private final Ops tf;

    private MobileNetV2SavedModel(MobileNetV2Onnx.Weights weights, Ops tf) {
        this.weights = weights;
        this.tf = tf;
    }

    /** Builds the model from {@code weights} and exports it to {@code dir} (which must not exist yet). */
    public static void export(MobileNetV2Onnx.Weights weights, Path dir) throws IOException {
        try (Graph graph = new Graph()) {
            Ops tf = Ops.create(graph);
            Placeholder<TFloat32> images = tf.withName("images").placeholder(TFloat32.class,
                    Placeholder.shape(Shape.of(-1, 224, 224, 3)));
            Operand<TFloat32> features = tf.withName("features").identity(
                    new MobileNetV2SavedModel(weights, tf).features(images));
            try (Session session = new Session(graph)) {
                session.initialize();
                Signature signature = Signature.builder().key("serving_default").input("images", images)
                        .output("features", features).methodName("tensorflow/serving/predict").build();
                SavedModelBundle.exporter(dir.toString()).withTags("serve")
                        .withFunction(SessionFunction.create(signature, session)).export();
            }
        }
    }

    private Operand<TFloat32> features(Operand<TFloat32> images) {
        Operand<TFloat32> x = relu6(bn(conv(images, "Conv1", 2), "bn_Conv1"));
        x = relu6(bn(depthwise(x, "expanded_conv_depthwise", 1), "expanded_conv_depthwise_BN"));
        x = bn(conv(x, "expanded_conv_project", 1), "expanded_conv_project_BN");
        int channels = 16;
        for (int b = 0; b < MobileNetV2Onnx.BLOCKS.length; b++) {
            String name = "block_" + (b + 1);
            int out = MobileNetV2Onnx.BLOCKS[b][0];
            int stride = MobileNetV2Onnx.BLOCKS[b][1];
            Operand<TFloat32> in = x;
            x = relu6(bn(conv(x, name + "_expand", 1), name + "_expand_BN"));
            x = relu6(bn(depthwise(x, name + "_depthwise", stride), name + "_depthwise_BN"));
            x = bn(conv(x, name + "_project", 1), name + "_project_BN");
            if (stride == 1 && channels == out) {
                x = tf.math.add(in, x);
            }
            channels = out;
        }
        x = relu6(bn(conv(x, "Conv_1", 1), "Conv_1_bn"));
        return tf.math.mean(x, tf.constant(new int[] {1, 2}));
    }

    /** A Keras Conv2D without bias; 'same' padding (TensorFlow pads a stride-2 'same' convolution (0,1) as Keras does). */
    private Operand<TFloat32> conv(Operand<TFloat32> x, String layer, int stride) {
        return tf.nn.conv2d(x, variable(weights.get(layer, "kernel")), List.of(1L, (long) stride, (long) stride, 1L), "SAME");
    }

    /** Keras' DepthwiseConv2D: 'same' at stride 1; at stride 2 a ZeroPadding2D ((0,1),(0,1)) then 'valid'. */
    private Operand<TFloat32> depthwise(Operand<TFloat32> x, String layer, int stride) {
        Operand<TFloat32> kernel = variable(MobileNetV2Onnx.depthwiseKernel(weights, layer));
        if (stride == 1) {
            return tf.nn.depthwiseConv2dNative(x, kernel, List.of(1L, 1L, 1L, 1L), "SAME");
        }
        Operand<TInt32> paddings = tf.constant(new int[][] {{0, 0}, {0, 1}, {0, 1}, {0, 0}});
        return tf.nn.depthwiseConv2dNative(tf.pad(x, paddings, tf.constant(0f)), kernel, List.of(1L, 2L, 2L, 1L), "VALID");
    }

    /** {@code tf.nn.batch_normalization}: x * inv + (beta - mean * inv), inv = rsqrt(variance + epsilon) * gamma. */
    private Operand<TFloat32> bn(Operand<TFloat32> x, String layer) {
        Operand<TFloat32> inv = tf.math.mul(tf.math.rsqrt(tf.math.add(variable(weights.get(layer, "moving_variance")),
                tf.constant(EPSILON))), variable(weights.get(layer, "gamma")));
        Operand<TFloat32> shift = tf.math.sub(variable(weights.get(layer, "beta")),
                tf.math.mul(variable(weights.get(layer, "moving_mean")), inv));
        return tf.math.add(tf.math.mul(x, inv), shift);
    }

    private Operand<TFloat32> relu6(Operand<TFloat32> x) {
        return tf.nn.relu6(x);
    }

    private Operand<TFloat32> variable(KerasWeights.Tensor t) {
        long[] shape = Arrays.stream(t.shape()).asLongStream().toArray();
        return tf.variable(tf.constant(Shape.of(shape), DataBuffers.of(t.values(), true, false)));
    }
}
