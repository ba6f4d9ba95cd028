package com.fruits.common;

import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;

/** A group whose only field is {@code child}: the levels of a Parquet LIST that only lead to its elements. */
final class ThroughConverter extends GroupConverter {
    private final Converter child;

    private ThroughConverter(Converter child) {
        this.child = child;
    }

    /** A LIST column (LIST -> repeated group list -> element) handing its elements to {@code element}. */
    static GroupConverter list(Converter element) {
        return new ThroughConverter(new ThroughConverter(element));
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
