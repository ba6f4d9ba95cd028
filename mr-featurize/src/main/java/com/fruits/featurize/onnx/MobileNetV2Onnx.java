package com.fruits.featurize.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.util.List;

/**
 * Keras' MobileNetV2 (alpha 1.0, 224x224, no top) as an ONNX graph from its layer weights: the same
 * signature as the SavedModel ({@code images} float32[n,224,224,3] in [-1,1] to {@code features}
 * float32[n,1280]). Batch normalisation (epsilon 1e-3) is folded into the preceding convolution's
 * weights and a bias; ReLU6 is {@code Clip(0, 6)}; a depthwise convolution is a {@code Conv} with one
 * group per channel; Keras' stride-2 layers pad ((0,1),(0,1)) before a valid convolution, which is an
 * asymmetric {@code pads = [0,0,1,1]}; the pooling is {@code GlobalAveragePool}.
 */
public final class MobileNetV2Onnx {
    /** Bumped whenever the graph this class emits changes: cached conversions of older revisions are not reused. */
    public static final int REVISION = 1;
    private static final float EPSILON = 1e-3f;
    /** Expansion blocks 1..16: output channels and stride (Keras' mobilenet_v2.py). */
    public static final int[][] BLOCKS = {
        {24, 2}, {24, 1}, {32, 2}, {32, 1}, {32, 1}, {64, 2}, {64, 1}, {64, 1}, {64, 1},
        {96, 1}, {96, 1}, {96, 1}, {160, 2}, {160, 1}, {160, 1}, {320, 1}};

    /** Where the layer weights come from: a Keras .h5 file or a SavedModel's variables. */
    public interface Weights {
        KerasWeights.Tensor get(String layer, String name);
    }

    private final Weights weights;
    private final GraphProto.Builder graph = GraphProto.newBuilder().setName("mobilenet_v2_features");
    private int counter;

    private MobileNetV2Onnx(Weights weights) {
        this.weights = weights;
    }

    /** The ONNX model, serialised. */
    public static byte[] convert(Weights weights) {
        return new MobileNetV2Onnx(weights).build().toByteArray();
    }

    private ModelProto build() {
        graph.addInput(valueInfo("images", "n", 224, 224, 3));
        graph.addOutput(valueInfo("features", "n", 1280));
        constant("relu6_min", new float[] {0f}, new long[0]);
        constant("relu6_max", new float[] {6f}, new long[0]);
        String x = node("Transpose", List.of("images"), List.of(AttributeProto.newBuilder().setName("perm")
                .setType(AttributeProto.AttributeType.INTS).addAllInts(List.of(0L, 3L, 1L, 2L)).build()));
        x = relu6(conv(x, "Conv1", "bn_Conv1", 2, false));
        x = relu6(conv(x, "expanded_conv_depthwise", "expanded_conv_depthwise_BN", 1, true));
        x = conv(x, "expanded_conv_project", "expanded_conv_project_BN", 1, false);
        int channels = 16;
        for (int b = 0; b < BLOCKS.length; b++) {
            String name = "block_" + (b + 1);
            int out = BLOCKS[b][0];
            int stride = BLOCKS[b][1];
            String in = x;
            x = relu6(conv(x, name + "_expand", name + "_expand_BN", 1, false));
            x = relu6(conv(x, name + "_depthwise", name + "_depthwise_BN", stride, true));
            x = conv(x, name + "_project", name + "_project_BN", 1, false);
            if (stride == 1 && channels == out) {
                x = node("Add", List.of(in, x), List.of());
            }
            channels = out;
        }
        x = relu6(conv(x, "Conv_1", "Conv_1_bn", 1, false));
        x = node("GlobalAveragePool", List.of(x), List.of());
        graph.addNode(NodeProto.newBuilder().setOpType("Flatten").addInput(x).addOutput("features").setName("features"));
        return ModelProto.newBuilder().setIrVersion(8).setProducerName("fruits-suite")
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(13))
                .setGraph(graph).build();
    }

    /** A Keras convolution (depthwise or not) with its batch normalisation folded in. */
    private String conv(String x, String layer, String bn, int stride, boolean depthwise) {
        KerasWeights.Tensor kernel = depthwise ? depthwiseKernel(layer) : weights.get(layer, "kernel");
        int kh = kernel.shape()[0];
        int kw = kernel.shape()[1];
        int cin = kernel.shape()[2];
        int cout = depthwise ? cin : kernel.shape()[3];
        float[] gamma = weights.get(bn, "gamma").values();
        float[] beta = weights.get(bn, "beta").values();
        float[] mean = weights.get(bn, "moving_mean").values();
        float[] variance = weights.get(bn, "moving_variance").values();
        int perGroupIn = depthwise ? 1 : cin;
        float[] w = new float[cout * perGroupIn * kh * kw];
        float[] bias = new float[cout];
        for (int o = 0; o < cout; o++) {
            float scale = (float) (gamma[o] / Math.sqrt(variance[o] + EPSILON));
            bias[o] = beta[o] - mean[o] * scale;
            for (int i = 0; i < perGroupIn; i++) {
                for (int y = 0; y < kh; y++) {
                    for (int z = 0; z < kw; z++) {
                        // Keras HWIO (depthwise: H,W,C,1) to ONNX OIHW (depthwise: C,1,H,W).
                        float v = depthwise ? kernel.values()[(y * kw + z) * cin + o]
                                : kernel.values()[((y * kw + z) * cin + i) * cout + o];
                        w[((o * perGroupIn + i) * kh + y) * kw + z] = v * scale;
                    }
                }
            }
        }
        String wName = constant(layer + "_w", w, new long[] {cout, perGroupIn, kh, kw});
        String bName = constant(layer + "_b", bias, new long[] {cout});
        long pad = kh / 2;
        List<Long> pads = stride == 2 ? List.of(0L, 0L, 1L, 1L) : List.of(pad, pad, pad, pad);
        return node("Conv", List.of(x, wName, bName), List.of(
                ints("strides", stride, stride), ints("kernel_shape", kh, kw),
                AttributeProto.newBuilder().setName("pads").setType(AttributeProto.AttributeType.INTS).addAllInts(pads).build(),
                AttributeProto.newBuilder().setName("group").setType(AttributeProto.AttributeType.INT)
                        .setI(depthwise ? cin : 1).build()));
    }

    private KerasWeights.Tensor depthwiseKernel(String layer) {
        return depthwiseKernel(weights, layer);
    }

    /** Keras 2 names a depthwise kernel {@code depthwise_kernel}, Keras 3 {@code kernel}. */
    public static KerasWeights.Tensor depthwiseKernel(Weights weights, String layer) {
        try {
            return weights.get(layer, "depthwise_kernel");
        } catch (IllegalArgumentException e) {
            return weights.get(layer, "kernel");
        }
    }

    private String relu6(String x) {
        return node("Clip", List.of(x, "relu6_min", "relu6_max"), List.of());
    }

    private String node(String op, List<String> inputs, List<AttributeProto> attributes) {
        String out = op.toLowerCase() + "_" + (counter++);
        graph.addNode(NodeProto.newBuilder().setOpType(op).setName(out).addAllInput(inputs).addOutput(out)
                .addAllAttribute(attributes));
        return out;
    }

    private String constant(String name, float[] values, long[] dims) {
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT_VALUE);
        for (long d : dims) {
            t.addDims(d);
        }
        java.nio.ByteBuffer raw = java.nio.ByteBuffer.allocate(values.length * 4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        raw.asFloatBuffer().put(values);
        t.setRawData(shade.com.google.protobuf.ByteString.copyFrom(raw.array()));
        graph.addInitializer(t);
        return name;
    }

    private static AttributeProto ints(String name, long... values) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (long v : values) {
            a.addInts(v);
        }
        return a.build();
    }

    private static ValueInfoProto valueInfo(String name, String batch, int... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder()
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam(batch));
        for (int d : dims) {
            shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE).setShape(shape))).build();
    }
}
