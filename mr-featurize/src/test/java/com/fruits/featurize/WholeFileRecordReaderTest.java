package com.fruits.featurize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.mapreduce.TaskAttemptID;
import org.apache.hadoop.mapreduce.lib.input.CombineFileSplit;
import org.apache.hadoop.mapreduce.task.TaskAttemptContextImpl;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file that vanished after the listing gives a record without bytes (rejected by the mapper), not a failed task. */
@Tag("unit")
class WholeFileRecordReaderTest {
    @TempDir
    Path tmp;

    @Test
    void aFileGoneSinceTheListingGivesAnEmptyRecord() throws Exception {
        org.apache.hadoop.fs.Path gone = new org.apache.hadoop.fs.Path(tmp.resolve("Apple/gone.jpg").toUri());
        CombineFileSplit split = new CombineFileSplit(new org.apache.hadoop.fs.Path[] {gone}, new long[] {4836});
        WholeFileRecordReader reader = new WholeFileRecordReader(split,
                new TaskAttemptContextImpl(new Configuration(), new TaskAttemptID()), 0);
        assertTrue(reader.nextKeyValue());
        assertEquals(gone.toString(), reader.getCurrentKey().toString());
        assertEquals(0, reader.getCurrentValue().getLength());
        assertFalse(reader.nextKeyValue());
    }
}
