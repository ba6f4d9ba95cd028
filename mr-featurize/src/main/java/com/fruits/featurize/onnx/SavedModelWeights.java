package com.fruits.featurize.onnx;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.train.Restore;
import org.tensorflow.proto.TrackableObjectGraphOuterClass.TrackableObjectGraph;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TString;
import org.tensorflow.types.family.TType;

/**
 * The Keras layer weights inside a SavedModel's checkpoint ({@code variables/variables}): its object
 * graph ({@code _CHECKPOINTABLE_OBJECT_GRAPH}) names each variable by its Keras name
 * ({@code block_1_expand/kernel}) and gives its checkpoint key, which {@code RestoreV2} reads, in a
 * graph of its own: the loaded SavedModel keeps its variables inside its functions, out of reach.
 */
public final class SavedModelWeights implements MobileNetV2Onnx.Weights {
    private static final String OBJECT_GRAPH = "_CHECKPOINTABLE_OBJECT_GRAPH";
    private final Map<String, KerasWeights.Tensor> tensors = new HashMap<>();

    private SavedModelWeights() {
    }

    public static SavedModelWeights read(Path savedModel) throws Exception {
        String prefix = savedModel.resolve("variables/variables").toString();
        SavedModelWeights weights = new SavedModelWeights();
        try (Graph graph = new Graph(); Session session = new Session(graph)) {
            Ops tf = Ops.create(graph);
            Map<String, String> keyByName = new HashMap<>();
            try (Result result = session.runner().fetch(restore(tf, prefix, List.of(OBJECT_GRAPH), TString.class).tensors().get(0)).run()) {
                byte[] bytes = ((TString) result.get(0)).asBytes().getObject();
                for (TrackableObjectGraph.TrackableObject node : TrackableObjectGraph.parseFrom(bytes).getNodesList()) {
                    for (TrackableObjectGraph.TrackableObject.SerializedTensor attribute : node.getAttributesList()) {
                        if (attribute.getName().equals("VARIABLE_VALUE")) {
                            keyByName.put(attribute.getFullName(), attribute.getCheckpointKey());
                        }
                    }
                }
            }
            List<String> names = new ArrayList<>(keyByName.keySet());
            List<String> keys = names.stream().map(keyByName::get).toList();
            Restore values = restore(tf, prefix, keys, TFloat32.class);
            Session.Runner runner = session.runner();
            values.tensors().forEach(runner::fetch);
            try (Result result = runner.run()) {
                for (int i = 0; i < names.size(); i++) {
                    TFloat32 t = (TFloat32) result.get(i);
                    float[] data = new float[(int) t.size()];
                    t.copyTo(DataBuffers.of(data, false, false));
                    long[] dims = t.shape().asArray();
                    int[] shape = new int[dims.length];
                    for (int d = 0; d < dims.length; d++) {
                        shape[d] = (int) dims[d];
                    }
                    weights.tensors.put(names.get(i), new KerasWeights.Tensor(data, shape));
                }
            }
        }
        return weights;
    }

    private static Restore restore(Ops tf, String prefix, List<String> keys, Class<? extends TType> type) {
        List<Class<? extends TType>> types = new ArrayList<>();
        keys.forEach(k -> types.add(type));
        return tf.train.restore(tf.constant(prefix), tf.array(keys.toArray(String[]::new)),
                tf.array(keys.stream().map(k -> "").toArray(String[]::new)), types);
    }

    @Override
    public KerasWeights.Tensor get(String layer, String name) {
        KerasWeights.Tensor t = tensors.get(layer + "/" + name);
        if (t == null) {
            throw new IllegalArgumentException("The SavedModel has no variable " + layer + "/" + name
                    + ": it is not a Keras MobileNetV2 (alpha 1.0)");
        }
        return t;
    }
}
