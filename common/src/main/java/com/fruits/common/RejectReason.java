package com.fruits.common;

/** Why an input file was quarantined instead of featurized; each reason is also a job counter. */
public enum RejectReason {
    EMPTY_FILE("the file is empty"),
    NOT_AN_IMAGE("no image decoder recognises the bytes"),
    CORRUPT_IMAGE("the image data is truncated or corrupt"),
    TOO_MANY_PIXELS("the header declares more pixels than the configured limit"),
    UNSUPPORTED_IMAGE("the image layout cannot be converted to 8-bit RGB");

    private final String description;

    RejectReason(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
