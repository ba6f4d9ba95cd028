package com.fruits.featurize;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.lib.input.CombineFileSplit;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Splits by number of files: equal image counts whatever the files' sizes, in path order, nothing left out. */
@Tag("unit")
class WholeFileInputFormatTest {
    @TempDir
    Path tmp;

    @Test
    void splitsCutThePathOrderedListingIntoEqualCounts() throws Exception {
        Path input = tmp.resolve("in");
        int[] sizes = {9000, 100, 100, 100, 8000, 7000, 100};
        for (int i = 0; i < sizes.length; i++) {
            Path file = input.resolve((i < 4 ? "Apple" : "Banana") + "/" + i + ".jpg");
            Files.createDirectories(file.getParent());
            Files.write(file, new byte[sizes[i]]);
        }
        Configuration conf = new Configuration();
        conf.setInt(WholeFileInputFormat.SPLITS, 2);
        conf.setBoolean(FileInputFormat.INPUT_DIR_RECURSIVE, true);
        Job job = Job.getInstance(conf);
        FileInputFormat.addInputPath(job, new org.apache.hadoop.fs.Path(input.toUri()));

        List<InputSplit> splits = new WholeFileInputFormat().getSplits(job);

        assertEquals(2, splits.size());
        CombineFileSplit first = (CombineFileSplit) splits.get(0);
        CombineFileSplit second = (CombineFileSplit) splits.get(1);
        assertEquals(List.of("Apple/0.jpg", "Apple/1.jpg", "Apple/2.jpg"), names(first));
        assertEquals(List.of("Apple/3.jpg", "Banana/4.jpg", "Banana/5.jpg", "Banana/6.jpg"), names(second));
        assertEquals(9200, first.getLength());
        assertEquals(15200, second.getLength());
        for (int count : new int[] {1, 3, 7, 10}) {
            job.getConfiguration().setInt(WholeFileInputFormat.SPLITS, count);
            List<InputSplit> cut = new WholeFileInputFormat().getSplits(job);
            assertEquals(Math.min(count, sizes.length), cut.size());
            assertEquals(List.of("Apple/0.jpg", "Apple/1.jpg", "Apple/2.jpg", "Apple/3.jpg", "Banana/4.jpg", "Banana/5.jpg",
                    "Banana/6.jpg"), cut.stream().flatMap(split -> names((CombineFileSplit) split).stream()).toList(),
                    "every file once, in path order, with " + count + " splits");
        }
    }

    private static List<String> names(CombineFileSplit split) {
        return Arrays.stream(split.getPaths()).map(p -> p.getParent().getName() + "/" + p.getName()).toList();
    }
}
