package com.fruits.common;

import org.apache.parquet.hadoop.ParquetInputFormat;

/** The featurize job's Parquet vectors as job input: (null, {@link FeatureRow}) records, split by row group. */
public class FeatureParquetInputFormat extends ParquetInputFormat<FeatureRow> {
    public FeatureParquetInputFormat() {
        super(FeatureRowReadSupport.class);
    }
}
