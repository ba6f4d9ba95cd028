package com.fruits.common;

import java.io.IOException;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.s3a.S3AFileSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GDPR: photos and everything derived from them stay in the EU. Every {@code s3a://} path the suite
 * is given must live in an AWS region of an EU member state: the bucket's configured region
 * ({@code fs.s3a.bucket.<b>.endpoint.region}, else {@code fs.s3a.endpoint.region}), or the region
 * S3 reports for it. London (eu-west-2) and Zurich (eu-central-2) are outside the EU and refused too.
 */
public final class EuRegionGuard {
    /** AWS regions in EU member states (Ireland, Paris, Frankfurt, Stockholm, Milan, Spain, EU sovereign cloud). */
    public static final Set<String> EU_REGIONS = Set.of("eu-west-1", "eu-west-3", "eu-central-1", "eu-north-1",
            "eu-south-1", "eu-south-2", "eusc-de-east-1");
    public static final String ALLOW_NON_EU = "fruits.gdpr.allow.non.eu";
    private static final Logger LOG = LoggerFactory.getLogger(EuRegionGuard.class);

    private EuRegionGuard() {
    }

    /** Returns normally for non-S3 paths and EU buckets; a {@link UsageException} otherwise. */
    public static void check(Path path, Configuration conf) throws IOException {
        if (!"s3a".equals(path.toUri().getScheme())) {
            return;
        }
        String bucket = path.toUri().getHost();
        String region = conf.get("fs.s3a.bucket." + bucket + ".endpoint.region", conf.get("fs.s3a.endpoint.region"));
        if (region == null || region.isBlank()) {
            region = discover(path, conf);
        }
        checkRegion(region, "Bucket " + bucket, conf);
    }

    /** Checks a region named directly (an EMR cluster's, say). */
    public static void checkRegion(String region, String what, Configuration conf) {
        if (region != null && EU_REGIONS.contains(region)) {
            return;
        }
        if (conf.getBoolean(ALLOW_NON_EU, false)) {
            LOG.warn("GDPR: {} is in region {}, OUTSIDE the EU; allowed only because {}=true was given",
                    what, region, ALLOW_NON_EU);
            return;
        }
        throw new UsageException(what + " is in region " + region + ", outside the EU, where this suite keeps no "
                + "data (GDPR); use a bucket in " + String.join(", ", new java.util.TreeSet<>(EU_REGIONS))
                + ", or set -D " + ALLOW_NON_EU + "=true if your data protection officer allows it");
    }

    private static String discover(Path path, Configuration conf) throws IOException {
        FileSystem fs = path.getFileSystem(conf);
        try {
            return ((S3AFileSystem) fs).getBucketLocation();
        } catch (IOException | RuntimeException e) {
            throw new UsageException("The region of bucket " + path.toUri().getHost() + " is unknown (" + e.getMessage()
                    + "); set -D fs.s3a.endpoint.region=<EU region> so the suite can check it stays in the EU");
        }
    }
}
