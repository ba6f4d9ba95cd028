package com.fruits.common;

import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.api.InitContext;
import org.apache.parquet.hadoop.api.ReadSupport;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
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

    /** A group whose only field is {@code child}. */
    private static final class Through extends GroupConverter {
        private final Converter child;

        Through(Converter child) {
            this.child = child;
        }

        @Override
        public Converter getConverter(int fieldIndex) {
            return child;
        }

        @Override
        public void start() {
        }

        @Override
        public void end() {
        }
    }

    private static final class Materializer extends RecordMaterializer<FeatureRow> {
        private String path;
        private String label;
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
        /** features (LIST) -> repeated group list -> element: two levels that only lead to the floats. */
        private final GroupConverter list = new Through(new Through(element));
        private final GroupConverter root = new GroupConverter() {
            private final Converter pathColumn = new PrimitiveConverter() {
                @Override
                public void addBinary(Binary value) {
                    path = value.toStringUsingUTF8();
                }
            };
            private final Converter labelColumn = new PrimitiveConverter() {
                @Override
                public void addBinary(Binary value) {
                    label = value.toStringUsingUTF8();
                }
            };

            @Override
            public Converter getConverter(int fieldIndex) {
                return switch (fieldIndex) {
                    case 0 -> pathColumn;
                    case 1 -> labelColumn;
                    default -> list;
                };
            }

            @Override
            public void start() {
                path = null;
                label = null;
                count = 0;
            }

            @Override
            public void end() {
            }
        };

        @Override
        public FeatureRow getCurrentRecord() {
            return new FeatureRow(path, label, java.util.Arrays.copyOf(values, count));
        }

        @Override
        public GroupConverter getRootConverter() {
            return root;
        }
    }
}
