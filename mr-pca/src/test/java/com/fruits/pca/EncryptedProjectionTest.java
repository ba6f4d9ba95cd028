package com.fruits.pca;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fruits.common.FeatureRow;
import com.fruits.common.FeatureRowWriteSupport;
import com.fruits.common.LocalJobConf;
import com.fruits.common.ParquetGroups;
import com.fruits.common.RunConfigKeys;
import com.fruits.common.SharedData;
import com.fruits.common.UsageException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.crypto.KeyAccessDeniedException;
import org.apache.parquet.crypto.keytools.LocalWrapKmsClient;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --encryption-key}: the projected vectors are unreadable without the KMS master key, path and
 * label stay readable, and with the key the values are exactly those of a plaintext run.
 */
@Tag("job")
class EncryptedProjectionTest {
    @TempDir
    java.nio.file.Path tmp;

    /** A key service in memory: master keys by id, data keys wrapped locally with AES-GCM by Parquet. */
    public static class InMemoryKms extends LocalWrapKmsClient {
        static final Map<String, byte[]> MASTER_KEYS = Map.of("fruits-eu-key",
                Base64.getDecoder().decode("AAECAwQFBgcICQoLDA0ODw=="));

        @Override
        protected byte[] getMasterKeyFromServer(String id) throws KeyAccessDeniedException {
            byte[] key = MASTER_KEYS.get(id);
            if (key == null) {
                throw new KeyAccessDeniedException("no master key " + id);
            }
            return key;
        }

        @Override
        protected void initializeInternal() {
        }
    }

    @Test
    void featureColumnIsEncryptedAndDecryptsToThePlaintextValues() throws Exception {
        Configuration conf = LocalJobConf.in(tmp);
        Path features = writeFeatures(conf, 200);
        Path pca = new Path(tmp.resolve("pca").toUri());
        conf.setInt(PcaConfigKeys.K.property(), 10);
        CovarianceJob.computePca(conf, features, pca);

        Path plain = new Path(tmp.resolve("plain").toUri());
        assertTrue(ProjectionJob.project(conf, features, pca, plain));
        Configuration encrypting = new Configuration(conf);
        encrypting.set(RunConfigKeys.ENCRYPTION_KEY.property(), "fruits-eu-key");
        encrypting.set("parquet.encryption.kms.client.class", InMemoryKms.class.getName());
        Path encrypted = new Path(tmp.resolve("encrypted").toUri());
        assertTrue(ProjectionJob.project(encrypting, features, pca, encrypted));

        Path part = onlyPart(conf, encrypted);
        // Without the key service: path and label readable, the vectors not.
        Configuration noKeys = new Configuration();
        noKeys.set("parquet.read.schema", "message projected { required binary path (STRING); required binary label (STRING); }");
        assertEquals(200, ParquetGroups.read(part, noKeys).size());
        UsageException refused = assertThrows(UsageException.class, () -> ParquetGroups.read(part, new Configuration()));
        assertTrue(refused.getMessage().contains("could not be decrypted"), refused.getMessage());
        // With it: the same rows and values as the plaintext run.
        List<Group> plainRows = ParquetGroups.read(onlyPart(conf, plain), conf);
        List<Group> decrypted = ParquetGroups.read(part, encrypting);
        assertEquals(plainRows.size(), decrypted.size());
        for (int i = 0; i < plainRows.size(); i++) {
            assertEquals(plainRows.get(i).getString("path", 0), decrypted.get(i).getString("path", 0));
            assertArrayEquals(ParquetGroups.list(plainRows.get(i), "pca_features"),
                    ParquetGroups.list(decrypted.get(i), "pca_features"));
        }
    }

    /** The first n reference sample vectors as a featurize output (Parquet of path, label, features). */
    private Path writeFeatures(Configuration conf, int n) throws Exception {
        Path dir = new Path(tmp.resolve("features").toUri());
        List<Group> sample = ParquetGroups.read(SharedData.reference().resolve("features-sample.parquet"));
        try (ParquetWriter<FeatureRow> writer = new FeatureRowWriteSupport.Builder(
                HadoopOutputFile.fromPath(new Path(dir, "part-m-00000.parquet"), conf), Map.of()).withConf(conf).build()) {
            for (Group row : sample.subList(0, n)) {
                double[] v = ParquetGroups.list(row, "features");
                float[] f = new float[v.length];
                for (int i = 0; i < v.length; i++) {
                    f[i] = (float) v[i];
                }
                writer.write(new FeatureRow(row.getString("path", 0), row.getString("label", 0), f));
            }
        }
        return dir;
    }

    private static Path onlyPart(Configuration conf, Path dir) throws Exception {
        List<Path> parts = new ArrayList<>();
        for (FileStatus s : dir.getFileSystem(conf).globStatus(new Path(dir, "part-*.parquet"))) {
            parts.add(s.getPath());
        }
        assertEquals(1, parts.size(), parts.toString());
        return parts.get(0);
    }
}
