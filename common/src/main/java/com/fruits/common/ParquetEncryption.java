package com.fruits.common;

import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.crypto.keytools.KeyToolkit;
import org.apache.parquet.crypto.keytools.PropertiesDrivenCryptoFactory;

/**
 * Parquet modular encryption of the projected vectors, through parquet-hadoop's own
 * {@link PropertiesDrivenCryptoFactory}: each file gets random data keys, wrapped by the KMS master
 * key named in {@code fruits.parquet.encryption.key}. The feature column is encrypted; path and label
 * stay readable (plaintext footer) so that files can be listed and counted without key access.
 * Every {@code parquet.encryption.*} property can still be set with {@code -D}.
 */
public final class ParquetEncryption {
    /** The leaf column that carries what was computed from the photos (the values of the pca_features list). */
    public static final String FEATURE_COLUMN = "pca_features.list.element";

    private ParquetEncryption() {
    }

    /** Sets the job up to write encrypted Parquet when an encryption key is configured; otherwise changes nothing. */
    public static void forWriting(Configuration conf) {
        String key = RunConfigKeys.ENCRYPTION_KEY.get(conf);
        if (key == null) {
            return;
        }
        forReading(conf);
        conf.setIfUnset(PropertiesDrivenCryptoFactory.COLUMN_KEYS_PROPERTY_NAME, key + ":" + FEATURE_COLUMN);
        conf.setIfUnset(PropertiesDrivenCryptoFactory.FOOTER_KEY_PROPERTY_NAME, key);
        conf.setIfUnset(PropertiesDrivenCryptoFactory.PLAINTEXT_FOOTER_PROPERTY_NAME, "true");
    }

    /**
     * Lets readers decrypt: Parquet's crypto factory, and AWS KMS as the key service unless another
     * {@code parquet.encryption.kms.client.class} is set. Plaintext files read as before.
     */
    public static Configuration forReading(Configuration conf) {
        if (RunConfigKeys.ENCRYPTION_KEY.get(conf) != null) {
            conf.setIfUnset("parquet.crypto.factory.class", PropertiesDrivenCryptoFactory.class.getName());
            conf.setIfUnset(KeyToolkit.KMS_CLIENT_CLASS_PROPERTY_NAME, AwsKmsClient.class.getName());
        }
        return conf;
    }
}
