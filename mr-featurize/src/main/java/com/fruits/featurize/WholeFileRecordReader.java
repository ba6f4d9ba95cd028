package com.fruits.featurize;

import java.io.IOException;
import org.apache.hadoop.fs.ChecksumFileSystem;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.BytesWritable;
import org.apache.hadoop.io.IOUtils;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.RecordReader;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.lib.input.CombineFileSplit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads file {@code index} of a CombineFileSplit as a single (path, bytes) record. A file that cannot be
 * read gives a record with no bytes, which the mapper rejects: one bad file never fails the task.
 */
public class WholeFileRecordReader extends RecordReader<Text, BytesWritable> {
    private static final Logger LOG = LoggerFactory.getLogger(WholeFileRecordReader.class);
    private final Path path;
    private final long length;
    private final TaskAttemptContext context;
    private final Text key = new Text();
    private final BytesWritable value = new BytesWritable();
    private boolean done;

    /** The constructor CombineFileRecordReader calls reflectively, once per file of the split. */
    public WholeFileRecordReader(CombineFileSplit split, TaskAttemptContext context, Integer index) {
        this.path = split.getPath(index);
        this.length = split.getLength(index);
        this.context = context;
    }

    @Override
    public void initialize(InputSplit split, TaskAttemptContext context) {
        // Everything is known from the constructor.
    }

    @Override
    public boolean nextKeyValue() throws IOException {
        if (done) {
            return false;
        }
        key.set(path.toString());
        value.setSize(0);
        done = true;
        if (length > Integer.MAX_VALUE - 8) {
            LOG.warn("{} is larger than 2 GB, which no image can be: not read", path);
            return true;
        }
        byte[] bytes = new byte[(int) length];
        try (FSDataInputStream in = open(path, context.getConfiguration())) {
            IOUtils.readFully(in, bytes, 0, bytes.length);
        } catch (IOException e) {
            // A file that vanished or cannot be read since the listing: the mapper rejects it, the job goes on.
            LOG.warn("Could not read {}: {}", path, e.toString());
            return true;
        }
        value.set(bytes, 0, bytes.length);
        return true;
    }

    /** Opens an input photo without the local file system's checksum layer. */
    static FSDataInputStream open(Path path, org.apache.hadoop.conf.Configuration conf) throws IOException {
        FileSystem fs = path.getFileSystem(conf);
        if (fs instanceof ChecksumFileSystem checksummed) {
            // Photos carry no .crc; and the checksum file's name (".a:b.jpg.crc") is not a valid Path for a name with a colon.
            fs = checksummed.getRawFileSystem();
        }
        return fs.open(path);
    }

    @Override
    public Text getCurrentKey() {
        return key;
    }

    @Override
    public BytesWritable getCurrentValue() {
        return value;
    }

    @Override
    public float getProgress() {
        return done ? 1f : 0f;
    }

    @Override
    public void close() {
        // Each file is opened and closed inside nextKeyValue().
    }
}
