package com.fruits.emr;

import java.util.Locale;

/**
 * EC2 instance types the EMR plan knows how to size: vCPUs and the memory EMR gives YARN on each
 * ({@code yarn.nodemanager.resource.memory-mb}, EMR's defaults), and the TensorFlow native build it needs.
 */
enum InstanceType {
    M5_XLARGE("m5.xlarge", 4, 12288, "linux-x86_64"),
    M5_2XLARGE("m5.2xlarge", 8, 24576, "linux-x86_64"),
    M6I_XLARGE("m6i.xlarge", 4, 12288, "linux-x86_64"),
    M6I_2XLARGE("m6i.2xlarge", 8, 24576, "linux-x86_64"),
    C5_2XLARGE("c5.2xlarge", 8, 12288, "linux-x86_64"),
    M6G_XLARGE("m6g.xlarge", 4, 12288, "linux-arm64"),
    M7G_XLARGE("m7g.xlarge", 4, 12288, "linux-arm64"),
    M7G_2XLARGE("m7g.2xlarge", 8, 24576, "linux-arm64");

    final String name;
    final int vcpus;
    final int yarnMemoryMb;
    final String tensorflowClassifier;

    InstanceType(String name, int vcpus, int yarnMemoryMb, String tensorflowClassifier) {
        this.name = name;
        this.vcpus = vcpus;
        this.yarnMemoryMb = yarnMemoryMb;
        this.tensorflowClassifier = tensorflowClassifier;
    }

    static InstanceType of(String name) {
        for (InstanceType t : values()) {
            if (t.name.equals(name.toLowerCase(Locale.ROOT))) {
                return t;
            }
        }
        StringBuilder known = new StringBuilder();
        for (InstanceType t : values()) {
            known.append(known.length() == 0 ? "" : ", ").append(t.name);
        }
        throw new com.fruits.common.UsageException("--instance-type " + name + " is not one the plan can size; use "
                + known);
    }

    /** One featurize map per vCPU, each TensorFlow on one thread: the container's share of YARN's memory. */
    int mapMemoryMb() {
        return yarnMemoryMb / vcpus;
    }
}
