package com.fruits.common;

import java.util.function.IntConsumer;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;

/** The field writes the suite's WriteSupports share: a string, and a standard 3-level LIST of numbers. */
final class RecordFields {
    private RecordFields() {
    }

    static void string(RecordConsumer out, String name, int index, String value) {
        out.startField(name, index);
        out.addBinary(Binary.fromString(value));
        out.endField(name, index);
    }

    static void floats(RecordConsumer out, String name, int index, float[] values) {
        list(out, name, index, values.length, i -> out.addFloat(values[i]));
    }

    static void doubles(RecordConsumer out, String name, int index, double[] values) {
        list(out, name, index, values.length, i -> out.addDouble(values[i]));
    }

    /** {@code name (LIST) { repeated group list { required <type> element; } }}, as Spark and pyarrow write it. */
    private static void list(RecordConsumer out, String name, int index, int n, IntConsumer element) {
        out.startField(name, index);
        out.startGroup();
        if (n > 0) {
            out.startField("list", 0);
            for (int i = 0; i < n; i++) {
                out.startGroup();
                out.startField("element", 0);
                element.accept(i);
                out.endField("element", 0);
                out.endGroup();
            }
            out.endField("list", 0);
        }
        out.endGroup();
        out.endField(name, index);
    }
}
