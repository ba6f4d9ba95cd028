package com.fruits.common;

import java.util.Base64;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.crypto.KeyAccessDeniedException;
import org.apache.parquet.crypto.keytools.KmsClient;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.model.KmsException;

/**
 * Parquet's key service on AWS KMS: data keys are wrapped and unwrapped by KMS Encrypt/Decrypt under
 * the master key (key id, ARN or alias) named in {@code fruits.parquet.encryption.key}, so key material
 * never leaves KMS and access follows the key's IAM policy (and is logged by CloudTrail). The region is
 * {@code fs.s3a.endpoint.region} (an EU region, like the data); credentials come from the default chain
 * (the EMR instance profile).
 */
public class AwsKmsClient implements KmsClient {
    private software.amazon.awssdk.services.kms.KmsClient kms;

    @Override
    public void initialize(Configuration conf, String kmsInstanceId, String kmsInstanceUrl, String accessToken) {
        String region = conf.get("fs.s3a.endpoint.region");
        var builder = software.amazon.awssdk.services.kms.KmsClient.builder();
        if (region != null && !region.isEmpty()) {
            EuRegionGuard.checkRegion(region, "the KMS key service", conf);
            builder.region(Region.of(region));
        }
        kms = builder.build();
    }

    @Override
    public String wrapKey(byte[] key, String masterKeyId) throws KeyAccessDeniedException {
        try {
            byte[] wrapped = kms.encrypt(r -> r.keyId(masterKeyId).plaintext(SdkBytes.fromByteArray(key)))
                    .ciphertextBlob().asByteArray();
            return Base64.getEncoder().encodeToString(wrapped);
        } catch (KmsException e) {
            throw new KeyAccessDeniedException("AWS KMS refused to wrap a data key with " + masterKeyId, e);
        } catch (SdkException e) {
            throw new KeyAccessDeniedException("AWS KMS could not be reached to wrap a data key", e);
        }
    }

    @Override
    public byte[] unwrapKey(String wrappedKey, String masterKeyId) throws KeyAccessDeniedException {
        try {
            return kms.decrypt(r -> r.keyId(masterKeyId)
                            .ciphertextBlob(SdkBytes.fromByteArray(Base64.getDecoder().decode(wrappedKey))))
                    .plaintext().asByteArray();
        } catch (KmsException e) {
            throw new KeyAccessDeniedException("AWS KMS refused to unwrap a data key of " + masterKeyId, e);
        } catch (SdkException e) {
            throw new KeyAccessDeniedException("AWS KMS could not be reached to unwrap a data key", e);
        }
    }
}
