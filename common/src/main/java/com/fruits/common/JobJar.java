package com.fruits.common;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Enumeration;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.MRConfig;
import org.apache.hadoop.util.ClassUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Names the job jar, as {@link Job#setJarByClass} does, only where it is needed: on a cluster the
 * containers load our classes from it. The local job runner runs the tasks in this JVM, with our
 * classes already loaded, yet would copy the whole 200 MB suite jar into its staging folder for
 * every job (1.3 GB read for a pipeline on 300 images): seconds of fixed cost for nothing.
 */
public final class JobJar {
    private static final Logger LOG = LoggerFactory.getLogger(JobJar.class);
    /**
     * What only the featurize job calls: the inference engines with their native libraries, the image
     * readers, the Keras weight reader, and the report's chart library. 90% of the suite jar's bytes.
     */
    static final List<String> ENGINE_ENTRIES = List.of("org/tensorflow/", "org/bytedeco/", "ai/onnxruntime/",
            "ai/onnx/", "io/jhdf/", "com/twelvemonkeys/", "org/jfree/", "META-INF/resources/",
            "META-INF/services/javax.imageio.");

    private JobJar() {
    }

    public static void set(Job job, Class<?> cls) {
        if (!local(job.getConfiguration())) {
            job.setJarByClass(cls);
        }
    }

    /**
     * For a job whose tasks run no model: on a cluster, ships a copy of the suite jar without
     * {@link #ENGINE_ENTRIES}, made once per suite jar and kept in the {@link UserCache}; the whole jar
     * when no copy can be made there.
     */
    public static void setWithoutEngines(Job job, Class<?> cls) {
        if (local(job.getConfiguration())) {
            return;
        }
        String jar = ClassUtil.findContainingJar(cls);
        if (jar == null) {
            job.setJarByClass(cls);
            return;
        }
        try {
            job.setJar(withoutEngines(UserCache.area(job.getConfiguration(), "jobjars"), Path.of(jar)).toString());
        } catch (IOException | RuntimeException e) {
            LOG.warn("Could not make the job jar without inference engines ({}); shipping {} whole", e.toString(), jar);
            job.setJarByClass(cls);
        }
    }

    /** The copy of {@code jar} without {@link #ENGINE_ENTRIES} in {@code dir}, named by the jar's size and time. */
    static Path withoutEngines(Path dir, Path jar) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(jar, BasicFileAttributes.class);
        String name = jar.getFileName().toString().replaceFirst("\\.jar$", "");
        Path target = dir.resolve(name + "-" + attributes.size() + "-" + attributes.lastModifiedTime().toMillis()
                + "-no-engines.jar");
        if (Files.exists(target)) {
            return target;
        }
        Path tmp = Files.createTempFile(dir, "." + name, ".part");
        try {
            try (ZipFile in = new ZipFile(jar.toFile()); ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(tmp))) {
                for (Enumeration<? extends ZipEntry> entries = in.entries(); entries.hasMoreElements(); ) {
                    ZipEntry entry = entries.nextElement();
                    if (ENGINE_ENTRIES.stream().anyMatch(entry.getName()::startsWith)) {
                        continue;
                    }
                    out.putNextEntry(new ZipEntry(entry.getName()));
                    in.getInputStream(entry).transferTo(out);
                    out.closeEntry();
                }
            }
            UserCache.moveAtomically(tmp, target);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return target;
    }

    /** True when jobs run in this JVM (Hadoop's local job runner). */
    /**
     * {@link #local} for a plain Configuration, before any job exists: a JobConf reads mapred-site.xml, where a
     * cluster names its framework.
     */
    public static boolean localRunner(org.apache.hadoop.conf.Configuration conf) {
        return local(new org.apache.hadoop.mapred.JobConf(conf));
    }

    public static boolean local(org.apache.hadoop.conf.Configuration conf) {
        return MRConfig.LOCAL_FRAMEWORK_NAME.equals(conf.get(MRConfig.FRAMEWORK_NAME, MRConfig.LOCAL_FRAMEWORK_NAME));
    }
}
