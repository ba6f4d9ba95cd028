package com.fruits.common;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.crypto.ParquetCryptoRuntimeException;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.api.ReadSupport;
import org.apache.parquet.example.data.simple.SimpleGroup;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

/** Reads small Parquet files (PCA models, the reference outputs) as parquet-hadoop example Groups, and projected rows. */
public final class ParquetGroups {
    private ParquetGroups() {
    }

    public static List<Group> read(java.nio.file.Path file) throws IOException {
        return read(new Path(file.toUri()), new Configuration());
    }

    public static List<Group> read(Path file, Configuration conf) throws IOException {
        List<Group> rows = new ArrayList<>();
        each(new GroupReadSupport(), file, conf, rows::add);
        return rows;
    }

    /** Every projected row of {@code file}, straight from its columns (no Group per value). */
    public static void readProjected(Path file, Configuration conf, Consumer<ProjectedRow> rows) throws IOException {
        each(new ProjectedRowReadSupport(), file, conf, rows);
    }

    private static <T> void each(ReadSupport<T> support, Path file, Configuration conf, Consumer<T> rows) throws IOException {
        try (ParquetReader<T> reader = ParquetReader.builder(support, file).withConf(ParquetEncryption.forReading(conf)).build()) {
            for (T row = reader.read(); row != null; row = reader.read()) {
                rows.accept(row);
            }
        } catch (RuntimeException e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof ParquetCryptoRuntimeException) {
                    throw new UsageException(file + " holds encrypted columns that could not be decrypted ("
                            + cause.getMessage() + "); give --encryption-key and the KMS settings it was written with");
                }
            }
            throw e;
        }
    }

    /** A {@code list<double|float>} column (3-level LIST layout, as pyarrow writes it). */
    public static double[] list(Group row, String column) {
        Group list = row.getGroup(column, 0);
        int n = list.getFieldRepetitionCount(0);
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            Group element = list.getGroup(0, i);
            out[i] = element.getType().getType(0).asPrimitiveType().getPrimitiveTypeName() == PrimitiveTypeName.FLOAT
                    ? element.getFloat(0, 0) : element.getDouble(0, 0);
        }
        return out;
    }

    /** Appends {@code values} to a {@code list<double>} column of {@code row}, the layout {@link #list} reads. */
    public static void addList(Group row, String column, double[] values) {
        Group list = row.addGroup(column);
        for (double v : values) {
            list.addGroup(0).append("element", v);
        }
    }

    /** A copy of the row with one string column set to {@code value} (the example Group API cannot set a field in place). */
    public static Group withString(Group row, String column, String value) {
        GroupType type = row.getType();
        SimpleGroup copy = new SimpleGroup(type);
        for (int f = 0; f < type.getFieldCount(); f++) {
            if (type.getFieldName(f).equals(column)) {
                copy.add(f, value);
                continue;
            }
            for (int i = 0; i < row.getFieldRepetitionCount(f); i++) {
                Object v = ((SimpleGroup) row).getObject(f, i);
                if (v instanceof Group g) {
                    copy.add(f, g);
                } else if (v instanceof org.apache.parquet.io.api.Binary b) {
                    copy.add(f, b);
                } else if (v instanceof Double d) {
                    copy.add(f, d);
                } else if (v instanceof Float x) {
                    copy.add(f, x);
                } else if (v instanceof Long l) {
                    copy.add(f, l);
                } else if (v instanceof Integer n) {
                    copy.add(f, n);
                } else if (v instanceof Boolean b) {
                    copy.add(f, b);
                } else {
                    throw new IllegalArgumentException("Unexpected Parquet value " + v + " in column " + type.getFieldName(f));
                }
            }
        }
        return copy;
    }
}
