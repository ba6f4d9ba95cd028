package com.fruits.common;

import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.io.api.RecordMaterializer;

/**
 * The rows the suite writes, (path, label, a LIST of numbers), read straight from the column values:
 * a subclass gets each number from {@link #element()} and builds its record from {@link #path},
 * {@link #label} and what it collected since {@link #startRow()}.
 */
abstract class RowMaterializer<T> extends RecordMaterializer<T> {
    protected String path;
    protected String label;
    private GroupConverter list;

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
                default -> list();
            };
        }

        @Override
        public void start() {
            path = null;
            label = null;
            startRow();
        }

        @Override
        public void end() {
        }
    };

    /** Receives the list's numbers of the current row, in order. */
    protected abstract PrimitiveConverter element();

    /** A new row begins: forget the numbers of the last one. */
    protected abstract void startRow();

    private GroupConverter list() {
        if (list == null) {
            list = ThroughConverter.list(element());
        }
        return list;
    }

    @Override
    public GroupConverter getRootConverter() {
        return root;
    }
}
