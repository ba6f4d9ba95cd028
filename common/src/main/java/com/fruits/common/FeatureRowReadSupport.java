package com.fruits.common;

import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.api.InitContext;
import org.apache.parquet.hadoop.api.ReadSupport;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.io.api.RecordMaterializer;
import org.apache.parquet.schema.MessageType;

/**
 * Reads the vectors that {@link FeatureRowWriteSupport} wrote into {@link FeatureRow}s, one new array per
 * row (no object reuse to trip a caller), straight from the column values: the example Group API would
 * build a Group per float.
 */
public class FeatureRowReadSupport extends ReadSupport<FeatureRow> {
    @Override
    public ReadContext init(InitContext context) {
        MessageType file = context.getFileSchema();
        if (!file.containsField("features") || !file.containsField("path") || !file.containsField("label")) {
            throw new UsageException("This Parquet is not a fruits features file (path, label, features): " + file);
        }
        return new ReadContext(FeatureRowWriteSupport.SCHEMA);
    }

    @Override
    public RecordMaterializer<FeatureRow> prepareForRead(Configuration conf, Map<String, String> keyValueMetaData,
            MessageType fileSchema, ReadContext readContext) {
        return new Materializer();
    }

    private static final class Materializer extends RowMaterializer<FeatureRow> {
        private float[] values = new float[FeatureRow.DIMENSIONS];
        private int count;
        private final PrimitiveConverter element = new PrimitiveConverter() {
            @Override
            public void addFloat(float value) {
                if (count == values.length) {
                    values = java.util.Arrays.copyOf(values, values.length * 2);
                }
                values[count++] = value;
            }
        };

        @Override
        protected PrimitiveConverter element() {
            return element;
        }

        @Override
        protected void startRow() {
            count = 0;
        }

        @Override
        public FeatureRow getCurrentRecord() {
            return new FeatureRow(path, label, java.util.Arrays.copyOf(values, count));
        }
    }
}
