package com.fruits.pca;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

/**
 * The PCA model in the folder layout of Spark ML's {@code PCAModel.save}, so that
 * {@code PCAModel.load("<run>/pca/spark")} works in Spark and PySpark with no jar of ours:
 * {@code metadata/part-00000} (the params JSON line) and {@code data/} (one Parquet row: {@code pc}, a
 * d x k dense matrix, and {@code explainedVariance}, a dense vector, in the struct layouts of Spark's
 * MatrixUDT and VectorUDT, with the Catalyst schema in the footer where Spark looks for it).
 * The components keep the suite's signs (largest-magnitude entry positive).
 */
public final class SparkPcaModelFiles {
    public static final String DIR = "spark";
    /** The Spark version whose layout this is; PCAModel's layout is unchanged from 2.0 to 3.5. */
    static final String SPARK_VERSION = "3.5.6";
    /** Spark's footer key for the Catalyst schema (ParquetReadSupport.SPARK_METADATA_KEY). */
    static final String ROW_METADATA = "org.apache.spark.sql.parquet.row.metadata";

    static final MessageType DATA_SCHEMA = MessageTypeParser.parseMessageType(
            "message spark_schema {\n"
                    + "  optional group pc {\n"
                    + "    required int32 type (INTEGER(8,true));\n"
                    + "    required int32 numRows;\n"
                    + "    required int32 numCols;\n"
                    + "    optional group colPtrs (LIST) { repeated group list { required int32 element; } }\n"
                    + "    optional group rowIndices (LIST) { repeated group list { required int32 element; } }\n"
                    + "    optional group values (LIST) { repeated group list { required double element; } }\n"
                    + "    required boolean isTransposed;\n"
                    + "  }\n"
                    + "  optional group explainedVariance {\n"
                    + "    required int32 type (INTEGER(8,true));\n"
                    + "    optional int32 size;\n"
                    + "    optional group indices (LIST) { repeated group list { required int32 element; } }\n"
                    + "    optional group values (LIST) { repeated group list { required double element; } }\n"
                    + "  }\n"
                    + "}");

    private SparkPcaModelFiles() {
    }

    /**
     * Writes {@code dir} as Spark's PCAModel would: input column {@code inputCol} (a Spark ML vector
     * column), output column {@code pca_features} as in the suite's projected Parquet.
     */
    public static void write(PcaModel model, Path dir, String inputCol, Configuration conf) throws IOException {
        FileSystem fs = dir.getFileSystem(conf);
        String uid = "pca_" + model.id().substring(0, 12);
        ObjectNode metadata = JsonNodeFactory.instance.objectNode();
        metadata.put("class", "org.apache.spark.ml.feature.PCAModel");
        metadata.put("timestamp", System.currentTimeMillis());
        metadata.put("sparkVersion", SPARK_VERSION);
        metadata.put("uid", uid);
        metadata.putObject("paramMap").put("k", model.k()).put("inputCol", inputCol).put("outputCol", "pca_features");
        metadata.putObject("defaultParamMap").put("outputCol", uid + "__output");
        Path metadataDir = new Path(dir, "metadata");
        try (FSDataOutputStream out = fs.create(new Path(metadataDir, "part-00000"), true)) {
            out.write((new ObjectMapper().writeValueAsString(metadata) + "\n").getBytes(StandardCharsets.UTF_8));
        }
        fs.create(new Path(metadataDir, "_SUCCESS"), true).close();

        int d = model.mean().length;
        Group row = new SimpleGroupFactory(DATA_SCHEMA).newGroup();
        Group pc = row.addGroup("pc").append("type", 1).append("numRows", d).append("numCols", model.k());
        Group values = pc.addGroup("values");
        for (double[] component : model.components()) { // column-major: one component after the other
            for (double v : component) {
                values.addGroup(0).append("element", v);
            }
        }
        pc.append("isTransposed", false);
        Group explained = row.addGroup("explainedVariance").append("type", 1);
        Group explainedValues = explained.addGroup("values");
        for (double v : model.explainedVariance()) {
            explainedValues.addGroup(0).append("element", v);
        }
        Path dataDir = new Path(dir, "data");
        try (ParquetWriter<Group> writer = ExampleParquetWriter.builder(new Path(dataDir, "part-00000.snappy.parquet"))
                .withConf(conf).withType(DATA_SCHEMA).withCompressionCodec(CompressionCodecName.SNAPPY)
                .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                .withExtraMetaData(Map.of(ROW_METADATA, catalystSchema(), "org.apache.spark.version", SPARK_VERSION))
                .build()) {
            writer.write(row);
        }
        fs.create(new Path(dataDir, "_SUCCESS"), true).close();
    }

    /** The Catalyst schema JSON of Spark's (pc: MatrixUDT, explainedVariance: VectorUDT) data frame. */
    static String catalystSchema() throws IOException {
        ObjectNode matrix = struct(
                field("type", "byte", false), field("numRows", "integer", false), field("numCols", "integer", false),
                field("colPtrs", array("integer"), true), field("rowIndices", array("integer"), true),
                field("values", array("double"), true), field("isTransposed", "boolean", false));
        ObjectNode vector = struct(field("type", "byte", false), field("size", "integer", true),
                field("indices", array("integer"), true), field("values", array("double"), true));
        return new ObjectMapper().writeValueAsString(struct(
                field("pc", udt("org.apache.spark.ml.linalg.MatrixUDT", "pyspark.ml.linalg.MatrixUDT", matrix), true),
                field("explainedVariance", udt("org.apache.spark.ml.linalg.VectorUDT", "pyspark.ml.linalg.VectorUDT",
                        vector), true)));
    }

    private static ObjectNode struct(ObjectNode... fields) {
        ObjectNode struct = JsonNodeFactory.instance.objectNode().put("type", "struct");
        ArrayNode list = struct.putArray("fields");
        for (ObjectNode f : fields) {
            list.add(f);
        }
        return struct;
    }

    private static ObjectNode field(String name, Object type, boolean nullable) {
        ObjectNode field = JsonNodeFactory.instance.objectNode().put("name", name);
        if (type instanceof String s) {
            field.put("type", s);
        } else {
            field.set("type", (ObjectNode) type);
        }
        field.put("nullable", nullable);
        field.putObject("metadata");
        return field;
    }

    private static ObjectNode array(String elementType) {
        return JsonNodeFactory.instance.objectNode().put("type", "array").put("elementType", elementType)
                .put("containsNull", false);
    }

    private static ObjectNode udt(String cls, String pyClass, ObjectNode sqlType) {
        ObjectNode udt = JsonNodeFactory.instance.objectNode().put("type", "udt").put("class", cls).put("pyClass", pyClass);
        udt.set("sqlType", sqlType);
        return udt;
    }
}
