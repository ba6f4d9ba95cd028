package com.fruits.common;

import java.net.URI;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.Set;
import org.apache.hadoop.fs.Path;

/**
 * An image path as a person types it, turned into the spelling every output of a run uses (the input
 * listing's qualified path: {@code file:/data/Apple/1.jpg}, {@code s3a://bucket/in/Apple/1.jpg}).
 * A plain absolute path, a {@code file:} URI with one or three slashes, a path relative to the run's
 * input and one with {@code .}, {@code ..} or doubled slashes all name the same image; so do the GDPR
 * commands and the subject manifests, which must never miss a row for a spelling.
 */
public final class ImagePaths {
    private ImagePaths() {
    }

    /**
     * The spellings of {@code typed} that a run over {@code input} (qualified; null when unknown) could
     * hold, most likely first. {@code workingDir} resolves a relative path typed from the shell.
     */
    public static Set<String> candidates(String typed, Path input, String workingDir) {
        Set<String> out = new LinkedHashSet<>();
        String text = typed.strip();
        if (text.isEmpty()) {
            return out;
        }
        if (text.indexOf('\\') >= 0) {
            // A Windows spelling ("Kiwi 1\33_100.jpg", from a manifest made in Excel), after the literal one:
            // a backslash is a legal file-name character on Linux and S3.
            out.addAll(literal(text, input, workingDir));
            out.addAll(literal(text.replace('\\', '/'), input, workingDir));
            return out;
        }
        return literal(text, input, workingDir);
    }

    private static Set<String> literal(String text, Path input, String workingDir) {
        Set<String> out = new LinkedHashSet<>();
        URI uri = uri(text);
        if (uri != null && uri.getScheme() != null && uri.getScheme().length() > 1) {
            // A scheme (file:, s3a:, hdfs:); a one-letter one is a Windows drive, not a scheme.
            out.add(normal(new Path(uri)));
            if ("s3".equals(uri.getScheme()) || "s3n".equals(uri.getScheme())) {
                out.add(normal(new Path("s3a", uri.getAuthority(), uri.getPath())));
            }
            return out;
        }
        if (text.startsWith("/")) {
            String scheme = input == null ? "file" : input.toUri().getScheme();
            String authority = input == null ? null : input.toUri().getAuthority();
            out.add(normal(new Path(scheme, authority, text)));
            if (!"file".equals(scheme)) {
                out.add(normal(new Path("file", null, text)));
            }
            return out;
        }
        if (input != null) {
            out.add(normal(new Path(input, text)));
        }
        if (workingDir != null) {
            out.add(normal(new Path("file", null, new Path(workingDir, text).toUri().getPath())));
        }
        return out;
    }

    /** The path as the outputs write it: qualified, without {@code .}, {@code ..} or doubled slashes. */
    public static String normal(Path path) {
        URI uri = path.toUri();
        Deque<String> parts = new ArrayDeque<>();
        for (String segment : (uri.getPath() == null ? "" : uri.getPath()).split("/")) {
            if (segment.equals("..")) {
                parts.pollLast();
            } else if (!segment.isEmpty() && !segment.equals(".")) {
                parts.addLast(segment);
            }
        }
        String authority = uri.getAuthority() == null || uri.getAuthority().isEmpty() ? null : uri.getAuthority();
        return new Path(uri.getScheme(), authority, "/" + String.join("/", parts)).toString();
    }

    private static URI uri(String text) {
        try {
            return new Path(text).toUri();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
