package com.fruits.common;

import java.util.HashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

/**
 * Writes {@link FeatureRow}s as {@code path}, {@code label} (strings) and {@code features}, a standard
 * 3-level LIST of floats: Spark reads {@code array<float>}, pandas a float32 array per row, DuckDB
 * {@code FLOAT[]}. The job's {@link Lineage} becomes key-value metadata of every file.
 */
public class FeatureRowWriteSupport extends WriteSupport<FeatureRow> {
    public static final MessageType SCHEMA = MessageTypeParser.parseMessageType(
            "message features {\n"
                    + "  required binary path (STRING);\n"
                    + "  required binary label (STRING);\n"
                    + "  required group features (LIST) {\n"
                    + "    repeated group list {\n"
                    + "      required float element;\n"
                    + "    }\n"
                    + "  }\n"
                    + "}");
    private final Map<String, String> extraMetadata;
    private RecordConsumer consumer;

    public FeatureRowWriteSupport() {
        this(Map.of());
    }

    /** With {@code extraMetadata} as the footer's key-value metadata (a rewritten file keeps its lineage). */
    public FeatureRowWriteSupport(Map<String, String> extraMetadata) {
        this.extraMetadata = extraMetadata;
    }

    @Override
    public WriteContext init(Configuration conf) {
        Map<String, String> metadata = new HashMap<>(extraMetadata);
        Lineage.of(conf).forEach((key, value) -> metadata.put("fruits." + key, value));
        return new WriteContext(SCHEMA, metadata);
    }

    @Override
    public void prepareForWrite(RecordConsumer recordConsumer) {
        this.consumer = recordConsumer;
    }

    @Override
    public void write(FeatureRow row) {
        consumer.startMessage();
        RecordFields.string(consumer, "path", 0, row.path());
        RecordFields.string(consumer, "label", 1, row.label());
        RecordFields.floats(consumer, "features", 2, row.features());
        consumer.endMessage();
    }

    /** A writer of one vector file outside a job (a GDPR rewrite), with the given footer metadata. */
    public static final class Builder extends ParquetWriter.Builder<FeatureRow, Builder> {
        private final Map<String, String> metadata;

        public Builder(OutputFile file, Map<String, String> metadata) {
            super(file);
            this.metadata = metadata;
        }

        @Override
        protected Builder self() {
            return this;
        }

        @Override
        protected WriteSupport<FeatureRow> getWriteSupport(Configuration conf) {
            return new FeatureRowWriteSupport(metadata);
        }
    }
}
