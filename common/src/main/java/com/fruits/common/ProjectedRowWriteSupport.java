package com.fruits.common;

import java.util.HashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

/**
 * Writes {@link ProjectedRow}s with the original's columns: {@code path}, {@code label} (strings) and
 * {@code pca_features} as a standard 3-level LIST of doubles, which Spark, pyarrow/pandas and DuckDB
 * read as {@code list<double>} with no schema work. The job's {@link Lineage} becomes key-value
 * metadata of every file ({@code fruits.model.fingerprint}, {@code fruits.pca.k}, ...).
 */
public class ProjectedRowWriteSupport extends WriteSupport<ProjectedRow> {
    public static final MessageType SCHEMA = MessageTypeParser.parseMessageType(
            "message projected {\n"
                    + "  required binary path (STRING);\n"
                    + "  required binary label (STRING);\n"
                    + "  required group pca_features (LIST) {\n"
                    + "    repeated group list {\n"
                    + "      required double element;\n"
                    + "    }\n"
                    + "  }\n"
                    + "}");
    /** With {@code --subject-column}: the same plus the subject's id, where the manifest names one. */
    public static final MessageType SCHEMA_WITH_SUBJECT = SCHEMA.union(MessageTypeParser.parseMessageType(
            "message projected { optional binary subject_id (STRING); }"));
    private RecordConsumer consumer;
    private boolean subjectColumn;

    @Override
    public WriteContext init(Configuration conf) {
        Map<String, String> metadata = new HashMap<>();
        Lineage.of(conf).forEach((key, value) -> metadata.put("fruits." + key, value));
        subjectColumn = RunConfigKeys.SUBJECT_COLUMN.getBoolean(conf);
        return new WriteContext(subjectColumn ? SCHEMA_WITH_SUBJECT : SCHEMA, metadata);
    }

    @Override
    public void prepareForWrite(RecordConsumer recordConsumer) {
        this.consumer = recordConsumer;
    }

    @Override
    public void write(ProjectedRow row) {
        consumer.startMessage();
        RecordFields.string(consumer, "path", 0, row.path());
        RecordFields.string(consumer, "label", 1, row.label());
        RecordFields.doubles(consumer, "pca_features", 2, row.pcaFeatures());
        if (subjectColumn && row.subjectId() != null) {
            RecordFields.string(consumer, "subject_id", 3, row.subjectId());
        }
        consumer.endMessage();
    }
}
