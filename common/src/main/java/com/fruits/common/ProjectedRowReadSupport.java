package com.fruits.common;

import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.api.InitContext;
import org.apache.parquet.hadoop.api.ReadSupport;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.io.api.RecordMaterializer;
import org.apache.parquet.schema.MessageType;

/**
 * Reads projected rows ({@link ProjectedRowWriteSupport}) into {@link ProjectedRow}s straight from the
 * column values (the example Group API builds a Group per double, ten times slower on a run's rows);
 * the subject column, when a file has one, is not read.
 */
public class ProjectedRowReadSupport extends ReadSupport<ProjectedRow> {
    @Override
    public ReadContext init(InitContext context) {
        MessageType file = context.getFileSchema();
        if (!file.containsField("pca_features") || !file.containsField("path") || !file.containsField("label")) {
            throw new UsageException("This Parquet is not a fruits projected file (path, label, pca_features): " + file);
        }
        return new ReadContext(ProjectedRowWriteSupport.SCHEMA);
    }

    @Override
    public RecordMaterializer<ProjectedRow> prepareForRead(Configuration conf, Map<String, String> keyValueMetaData,
            MessageType fileSchema, ReadContext readContext) {
        return new Materializer();
    }

    private static final class Materializer extends RowMaterializer<ProjectedRow> {
        private double[] values = new double[128];
        private int count;
        private final PrimitiveConverter element = new PrimitiveConverter() {
            @Override
            public void addDouble(double value) {
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
        public ProjectedRow getCurrentRecord() {
            return new ProjectedRow(path, label, java.util.Arrays.copyOf(values, count));
        }
    }
}
