package com.fruits.evaluate;

import com.fruits.common.ConfigKey;

/** Settings of {@code fruits evaluate}. */
public enum EvaluateConfigKeys implements ConfigKey {
    TRAIN("train", "fruits.evaluate.train", null, "<run>",
            "Pipeline run whose projected vectors are the labelled references."),
    TEST("test", "fruits.evaluate.test", null, "<run>",
            "Pipeline run whose projected vectors are classified; evaluation.json is written into it.");

    private final Spec spec;

    EvaluateConfigKeys(String flag, String property, String defaultValue, String argument, String description) {
        this.spec = new Spec(flag, property, defaultValue, argument, description);
    }

    @Override
    public Spec spec() {
        return spec;
    }
}
