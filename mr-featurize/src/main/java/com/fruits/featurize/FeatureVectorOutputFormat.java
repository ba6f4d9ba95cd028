package com.fruits.featurize;

import com.fruits.common.CommittedParquetOutputFormat;
import com.fruits.common.FeatureRow;
import com.fruits.common.FeatureRowWriteSupport;

/** The vectors as Parquet ({@link FeatureRowWriteSupport}), committed by the scheme's committer. */
public class FeatureVectorOutputFormat extends CommittedParquetOutputFormat<FeatureRow> {
    public FeatureVectorOutputFormat() {
        super(new FeatureRowWriteSupport());
    }
}
