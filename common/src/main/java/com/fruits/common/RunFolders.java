package com.fruits.common;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** Checks a command's input and output folders before any job is submitted, in one clear sentence each. */
public final class RunFolders {
    private RunFolders() {
    }

    /** The input folder, qualified; a {@link UsageException} when it does not exist. */
    public static Path input(Configuration conf) throws IOException {
        Path input = new Path(FruitsConfigKeys.INPUT.require(conf));
        EuRegionGuard.check(input, conf);
        FileSystem fs = input.getFileSystem(conf);
        if (!fs.exists(input)) {
            throw new UsageException("The input " + input + " does not exist"
                    + (input.toString().contains("fruits-360")
                    ? "; get the Fruits-360 images as README.md says ('Getting the images and the model')" : ""));
        }
        return fs.makeQualified(input);
    }

    /**
     * The output folder, qualified. When it exists already the run stops with a clear sentence, unless
     * {@code --overwrite} was given, in which case it is deleted first, or {@code --incremental}, which adds to it.
     */
    public static Path output(Configuration conf) throws IOException {
        Path output = new Path(FruitsConfigKeys.OUTPUT.require(conf));
        EuRegionGuard.check(output, conf);
        FileSystem fs = output.getFileSystem(conf);
        if (fs.exists(output)) {
            if (FruitsConfigKeys.INCREMENTAL.getBoolean(conf)) {
                return fs.makeQualified(output); // an earlier run, to add to
            }
            if (!FruitsConfigKeys.OVERWRITE.getBoolean(conf)) {
                throw new UsageException("The output " + output + " already exists; choose another --output "
                        + "or add --overwrite to replace it");
            }
            fs.delete(output, true);
        }
        return fs.makeQualified(output);
    }
}
