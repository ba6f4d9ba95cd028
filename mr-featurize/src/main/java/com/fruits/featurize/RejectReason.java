package com.fruits.featurize;

/** Why an input file was quarantined instead of featurized; each reason is also a job counter. */
public enum RejectReason {
    EMPTY_FILE("the file is empty"),
    NOT_AN_IMAGE("no image decoder recognises the bytes"),
    CORRUPT_IMAGE("the image data is truncated or corrupt"),
    TOO_MANY_PIXELS("the header declares more pixels than the configured limit"),
    UNSUPPORTED_IMAGE("the image layout cannot be converted to 8-bit RGB"),
    NO_LABEL("the file lies directly in the input folder, not in a <Label> folder"),
    UNSUPPORTED_NAME("the file name is not valid UTF-8 or holds a line break or tab (its path is given percent-encoded)"),
    DANGLING_LINK("the symbolic link points to nothing, or to a loop of links"),
    DUPLICATE("the same file was already read through another name (a symbolic link)"),
    NOT_A_FILE("the entry is not a regular file (a pipe, socket or device)"),
    UNREADABLE("the file cannot be read (permission denied or an I/O error)");

    private final String description;

    RejectReason(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
