package com.fruits.featurize;

/**
 * The label rule, the same in every command: an image's label is the name of the first folder under
 * the input root ({@code <input>/<Label>/.../<image>}), however deep the image lies below it. An image
 * directly in the input root has no label and is rejected ({@link RejectReason#NO_LABEL}).
 */
public final class ImageLabels {
    private ImageLabels() {
    }

    /** The label of {@code path} under {@code root} (both as Hadoop path strings), or null when it has none. */
    public static String labelOf(String root, String path) {
        String prefix = root.endsWith("/") ? root : root + "/";
        if (!path.startsWith(prefix)) {
            return null;
        }
        String relative = path.substring(prefix.length());
        int slash = relative.indexOf('/');
        return slash <= 0 ? null : relative.substring(0, slash);
    }
}
