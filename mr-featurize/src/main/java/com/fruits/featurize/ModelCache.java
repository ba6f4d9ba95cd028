package com.fruits.featurize;

import com.fruits.common.Lineage;
import com.fruits.common.UsageException;
import com.fruits.common.UserCache;
import com.fruits.featurize.model.ModelFingerprint;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.JobContext;

/**
 * Ships the SavedModel to the tasks through the distributed cache and finds it again inside a task.
 * A local model folder is zipped and handed to Hadoop as {@code -archives} would (the
 * {@code tmparchives} property), so the job client uploads it to the job's staging area; an archive
 * already on a shared file system (HDFS, S3) is added to the cache as it is.
 */
public final class ModelCache {
    /** The name under which tasks see the unpacked model (the archive URI's fragment). */
    static final String LINK = "mobilenet";
    private static final List<String> ARCHIVES = List.of(".zip", ".tar.gz", ".tgz", ".tar", ".jar");

    private ModelCache() {
    }

    /** Ships the model named by {@code fruits.model} and records its fingerprint in the job's lineage. */
    public static void ship(Job job) throws IOException {
        Configuration conf = job.getConfiguration();
        Lineage.set(conf, Lineage.MODEL_FINGERPRINT, fingerprint(conf));
        String onnx = conf.get(ModelCheck.ONNX_FILE);
        if (onnx != null) {
            // The converted model travels as a cache file, as -files would ship it; the task loads it in setup().
            String files = conf.get("tmpfiles");
            String entry = onnx + "#" + com.fruits.featurize.onnx.OnnxConversion.FILE;
            conf.set("tmpfiles", files == null || files.isEmpty() ? entry : files + "," + entry);
            return; // the tasks need nothing else: the SavedModel stays where it is
        }
        String model = FeaturizeConfigKeys.MODEL.require(conf);
        URI uri = new org.apache.hadoop.fs.Path(model).toUri();
        boolean local = uri.getScheme() == null || "file".equals(uri.getScheme());
        boolean archive = ARCHIVES.stream().anyMatch(model.toLowerCase()::endsWith);
        if (local) {
            Path path = Paths.get(uri.getPath());
            if (Files.isDirectory(path)) {
                path = zip(path);
            } else if (!Files.isRegularFile(path) || !archive) {
                throw new UsageException("The model " + model + " is missing: give --model the MobileNetV2 SavedModel "
                        + "folder or an archive of it, or build it with 'fruits model fetch' (README.md, 'Getting the images and the model')");
            }
            String uploads = conf.get("tmparchives");
            String entry = path.toUri() + "#" + LINK;
            conf.set("tmparchives", uploads == null || uploads.isEmpty() ? entry : uploads + "," + entry);
        } else if (archive) {
            job.addCacheArchive(URI.create(uri + "#" + LINK));
        } else {
            throw new UsageException("A model on " + uri.getScheme() + ": must be an archive (.zip or .tar.gz) "
                    + "of the SavedModel folder, not the folder itself");
        }
    }

    /** The {@link ModelFingerprint} of the model named by {@code fruits.model}, folder or archive, on any file system. */
    public static String fingerprint(Configuration conf) throws IOException {
        String model = FeaturizeConfigKeys.MODEL.require(conf);
        org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(model);
        URI uri = path.toUri();
        if (uri.getScheme() == null || "file".equals(uri.getScheme())) {
            Path local = Paths.get(uri.getPath());
            Path dir = findSavedModel(local);
            if (dir != null) {
                Path memo;
                try {
                    memo = UserCache.area(conf, "fingerprints");
                } catch (IOException e) { // no writable cache: hashed once per JVM
                    return ModelFingerprint.ofFolder(dir);
                }
                return ModelFingerprint.ofFolder(dir, memo);
            }
            if (!Files.isRegularFile(local)) {
                throw new UsageException("The model " + model + " is missing: give --model the MobileNetV2 SavedModel "
                        + "folder or an archive of it, or build it with 'fruits model fetch' (README.md, 'Getting the images and the model')");
            }
        }
        com.fruits.common.EuRegionGuard.check(path, conf);
        org.apache.hadoop.fs.FileSystem fs = path.getFileSystem(conf);
        if (!fs.exists(path)) {
            throw new UsageException("The model " + model + " does not exist");
        }
        try (java.io.InputStream in = fs.open(path)) {
            return ModelFingerprint.ofArchive(in, path.getName());
        }
    }

    /** Inside a task: the folder holding {@code saved_model.pb}, unpacked from the cache archive. */
    @SuppressWarnings("deprecation") // getLocalCacheArchives is the only call that works on YARN and locally.
    public static Path localModelDir(JobContext context) throws IOException {
        org.apache.hadoop.fs.Path[] archives = context.getLocalCacheArchives();
        if (archives != null) {
            for (org.apache.hadoop.fs.Path archive : archives) {
                Path dir = findSavedModel(Paths.get(archive.toUri().getPath()));
                if (dir != null) {
                    return dir;
                }
            }
        }
        Path linked = findSavedModel(Paths.get(LINK));
        if (linked != null) {
            return linked;
        }
        throw new IOException("The MobileNetV2 SavedModel is not in this task's distributed cache");
    }

    /**
     * In the driver: the folder holding {@code saved_model.pb} of {@code --model}; an archive, local or
     * on HDFS/S3, is copied and unpacked (Hadoop's own {@code FileUtil}) into a temporary folder first.
     */
    public static Path localSavedModel(Configuration conf) throws IOException {
        String model = FeaturizeConfigKeys.MODEL.require(conf);
        org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(model);
        URI uri = path.toUri();
        if ((uri.getScheme() == null || "file".equals(uri.getScheme())) && Files.isDirectory(Paths.get(uri.getPath()))) {
            Path dir = findSavedModel(Paths.get(uri.getPath()));
            if (dir == null) {
                throw new UsageException("No TensorFlow SavedModel (saved_model.pb) in " + model
                        + "; see README.md, 'Getting the images and the model'");
            }
            return dir;
        }
        Path tmp = Files.createTempDirectory("fruits-model-");
        tmp.toFile().deleteOnExit();
        java.io.File archive = tmp.resolve(path.getName()).toFile();
        path.getFileSystem(conf).copyToLocalFile(false, path, new org.apache.hadoop.fs.Path(archive.toURI()), true);
        java.io.File unpacked = tmp.resolve("unpacked").toFile();
        String name = path.getName().toLowerCase();
        if (name.endsWith(".zip") || name.endsWith(".jar")) {
            org.apache.hadoop.fs.FileUtil.unZip(archive, unpacked);
        } else {
            org.apache.hadoop.fs.FileUtil.unTar(archive, unpacked);
        }
        org.apache.hadoop.fs.FileUtil.fullyDeleteOnExit(tmp.toFile());
        Path dir = findSavedModel(unpacked.toPath());
        if (dir == null) {
            throw new UsageException("No TensorFlow SavedModel (saved_model.pb) in the archive " + model);
        }
        return dir;
    }

    /** Inside a task: the converted ONNX model from the cache files. */
    @SuppressWarnings("deprecation") // getLocalCacheFiles, as getLocalCacheArchives above.
    public static Path localOnnxFile(JobContext context) throws IOException {
        org.apache.hadoop.fs.Path[] files = context.getLocalCacheFiles();
        if (files != null) {
            for (org.apache.hadoop.fs.Path file : files) {
                if (file.getName().endsWith(".onnx")) {
                    return Paths.get(file.toUri().getPath()).toRealPath();
                }
            }
        }
        Path linked = Paths.get(com.fruits.featurize.onnx.OnnxConversion.FILE);
        if (Files.isRegularFile(linked)) {
            return linked.toRealPath(); // the job's own localized copy, whatever the task's folder
        }
        throw new IOException("The converted ONNX model is not in this task's distributed cache");
    }

    /** The folder itself, or its single sub-folder, when it holds {@code saved_model.pb}. */
    static Path findSavedModel(Path dir) throws IOException {
        if (Files.isRegularFile(dir.resolve("saved_model.pb"))) {
            return dir;
        }
        if (!Files.isDirectory(dir)) {
            return null;
        }
        try (Stream<Path> children = Files.list(dir)) {
            List<Path> models = children.filter(c -> Files.isRegularFile(c.resolve("saved_model.pb")))
                    .collect(Collectors.toList());
            return models.size() == 1 ? models.get(0) : null;
        }
    }

    /** Zips a SavedModel folder (files at the archive's root) into a temporary file. */
    static Path zip(Path dir) throws IOException {
        Path root = findSavedModel(dir);
        if (root == null) {
            throw new UsageException("No TensorFlow SavedModel (saved_model.pb) in " + dir
                    + "; see README.md, 'Getting the images and the model'");
        }
        Path zip = Files.createTempFile("fruits-model-", ".zip");
        zip.toFile().deleteOnExit();
        try (OutputStream out = Files.newOutputStream(zip);
             ZipOutputStream zipOut = new ZipOutputStream(out);
             Stream<Path> files = Files.walk(root)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
                zipOut.putNextEntry(new ZipEntry(root.relativize(file).toString().replace('\\', '/')));
                Files.copy(file, zipOut);
                zipOut.closeEntry();
            }
        }
        return zip;
    }
}
