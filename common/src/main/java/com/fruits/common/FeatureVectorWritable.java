package com.fruits.common;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.Writable;
import org.apache.hadoop.io.WritableUtils;

/** One image's label and float32 feature vector: the value of the featurize job's SequenceFiles. */
public final class FeatureVectorWritable implements Writable {
    private String label = "";
    private float[] features = new float[0];

    public FeatureVectorWritable() {
    }

    public FeatureVectorWritable(String label, float[] features) {
        set(label, features);
    }

    public void set(String label, float[] features) {
        this.label = label;
        this.features = features;
    }

    public String label() {
        return label;
    }

    public float[] features() {
        return features;
    }

    @Override
    public void write(DataOutput out) throws IOException {
        Text.writeString(out, label);
        WritableUtils.writeVInt(out, features.length);
        for (float f : features) {
            out.writeFloat(f);
        }
    }

    @Override
    public void readFields(DataInput in) throws IOException {
        label = Text.readString(in);
        int n = WritableUtils.readVInt(in);
        if (features.length != n) {
            features = new float[n];
        }
        for (int i = 0; i < n; i++) {
            features[i] = in.readFloat();
        }
    }
}
