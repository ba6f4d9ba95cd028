package com.fruits.featurize.image;

import com.fruits.featurize.RejectReason;

/** Raised by {@link ImageDecoder} for input that is data, not a bug: the caller quarantines the file. */
public final class ImageRejectedException extends Exception {
    private final RejectReason reason;
    private final String detail;

    public ImageRejectedException(RejectReason reason, String detail) {
        super(reason.description() + (detail == null || detail.isEmpty() ? "" : ": " + detail));
        this.reason = reason;
        this.detail = detail == null ? "" : detail;
    }

    /** What the decoder said beyond the reason's description (empty when nothing). */
    public String detail() {
        return detail;
    }

    public RejectReason reason() {
        return reason;
    }
}
