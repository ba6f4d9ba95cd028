package com.fruits.featurize;

/**
 * Why an input entry was not featurized; each reason is also a job counter. Most are rejections, which
 * count towards {@code --max-rejected-ratio}; a few are skips of what is not a photo to featurize (a
 * hidden file, the suite's own marker, an erased image), counted and reported but never a failure.
 */
public enum RejectReason {
    EMPTY_FILE("the file is empty"),
    NOT_AN_IMAGE("no image decoder recognises the bytes"),
    UNSUPPORTED_FORMAT("an image in a format or layout the suite does not read"),
    CORRUPT_IMAGE("the image data is truncated or corrupt"),
    TOO_MANY_PIXELS("the header declares more pixels than the limit (raise it with --max-pixels)"),
    DECOMPRESSION_BOMB("the file inflates to far more data than a photo holds (a decompression bomb)"),
    UNSUPPORTED_IMAGE("the image layout cannot be converted to 8-bit RGB"),
    NO_LABEL("the file lies directly in the input folder, not in a <Label> folder"),
    UNSUPPORTED_NAME("the file name is not valid UTF-8 or holds a line break or tab (its path is given percent-encoded)"),
    DANGLING_LINK("the symbolic link points to nothing, or to a loop of links"),
    DUPLICATE("the same bytes were already read under another name (a copy, a symbolic link)"),
    NOT_A_FILE("the entry is not a regular file (a pipe, socket or device)"),
    UNREADABLE("the file cannot be read (permission denied or an I/O error)"),
    HIDDEN("a hidden entry (its name starts with '.'): skipped", true),
    MARKER("a marker or folder the suite itself writes (_SUCCESS, _FRUITS_OUTPUT, _inputs, ...): skipped", true),
    KNOWN_BYTES("bytes the run already holds under another name: a moved photo or a copy, resolved after the job", true),
    ERASED("an image erased from this run (fruits erase or retention): skipped, and its path is not listed", true);

    private final String description;
    private final boolean skip;

    RejectReason(String description) {
        this(description, false);
    }

    RejectReason(String description, boolean skip) {
        this.description = description;
        this.skip = skip;
    }

    /** True for what is skipped rather than rejected: never counted against --max-rejected-ratio. */
    public boolean skip() {
        return skip;
    }

    public String description() {
        return description;
    }
}
