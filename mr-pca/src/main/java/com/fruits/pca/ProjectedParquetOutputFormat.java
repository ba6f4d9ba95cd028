package com.fruits.pca;

import com.fruits.common.CommittedParquetOutputFormat;
import com.fruits.common.ProjectedRow;
import com.fruits.common.ProjectedRowWriteSupport;

/** The projection job's Parquet ({@link ProjectedRowWriteSupport}), committed by the scheme's committer. */
public class ProjectedParquetOutputFormat extends CommittedParquetOutputFormat<ProjectedRow> {
    public ProjectedParquetOutputFormat() {
        super(new ProjectedRowWriteSupport());
    }
}
