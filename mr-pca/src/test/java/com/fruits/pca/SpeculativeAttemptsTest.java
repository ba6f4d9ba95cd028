package com.fruits.pca;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fruits.common.LocalJobConf;
import com.fruits.common.ParquetGroups;
import com.fruits.common.ProjectedRow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.JobID;
import org.apache.hadoop.mapreduce.OutputCommitter;
import org.apache.hadoop.mapreduce.RecordWriter;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.TaskAttemptID;
import org.apache.hadoop.mapreduce.TaskType;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;
import org.apache.hadoop.mapreduce.task.JobContextImpl;
import org.apache.hadoop.mapreduce.task.TaskAttemptContextImpl;
import org.apache.parquet.example.data.Group;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What speculative execution does to the projection's output, played through Hadoop's own output
 * committer protocol: two attempts of one task both write every row, the second one commits and the
 * first is killed (aborted). The Parquet must hold each row once.
 */
@Tag("job")
class SpeculativeAttemptsTest {
    @TempDir
    Path tmp;

    @Test
    void twoAttemptsOfOneTaskLeaveEachRowOnce() throws Exception {
        Configuration conf = LocalJobConf.in(tmp);
        Job job = Job.getInstance(conf);
        FileOutputFormat.setOutputPath(job, new org.apache.hadoop.fs.Path(tmp.resolve("projected").toUri()));
        Configuration jobConf = job.getConfiguration();
        JobContextImpl jobContext = new JobContextImpl(jobConf, new JobID("speculative", 1));
        TaskAttemptContext original = new TaskAttemptContextImpl(jobConf, new TaskAttemptID("speculative", 1, TaskType.MAP, 0, 0));
        TaskAttemptContext twin = new TaskAttemptContextImpl(jobConf, new TaskAttemptID("speculative", 1, TaskType.MAP, 0, 1));
        ProjectedParquetOutputFormat originalFormat = new ProjectedParquetOutputFormat();
        OutputCommitter originalCommitter = originalFormat.getOutputCommitter(original);
        ProjectedParquetOutputFormat twinFormat = new ProjectedParquetOutputFormat();
        OutputCommitter twinCommitter = twinFormat.getOutputCommitter(twin);

        originalCommitter.setupJob(jobContext);
        originalCommitter.setupTask(original);
        twinCommitter.setupTask(twin);
        write(originalFormat, original);
        write(twinFormat, twin);
        // The twin finishes first and commits; the original is killed.
        if (twinCommitter.needsTaskCommit(twin)) {
            twinCommitter.commitTask(twin);
        }
        originalCommitter.abortTask(original);
        originalCommitter.commitJob(jobContext);

        List<String> paths = new ArrayList<>();
        try (Stream<Path> files = Files.list(tmp.resolve("projected"))) {
            for (Path part : (Iterable<Path>) files.filter(f -> f.getFileName().toString().endsWith(".parquet"))::iterator) {
                for (Group row : ParquetGroups.read(part)) {
                    paths.add(row.getString("path", 0));
                }
            }
        }
        assertEquals(List.of("a/1.jpg", "a/2.jpg", "b/3.jpg"), paths);
    }

    private static void write(ProjectedParquetOutputFormat format, TaskAttemptContext attempt) throws Exception {
        RecordWriter<Void, ProjectedRow> writer = format.getRecordWriter(attempt);
        for (String path : List.of("a/1.jpg", "a/2.jpg", "b/3.jpg")) {
            writer.write(null, new ProjectedRow(path, path.substring(0, 1), new double[] {1, 2, 3}));
        }
        writer.close(attempt);
    }
}
