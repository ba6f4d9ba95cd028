package com.fruits.featurize.image;

import com.fruits.common.Lineage;
import com.fruits.common.UsageException;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * How a run read its photos ({@code --decode}, {@code --orientation}): recorded in its lineage, followed by
 * {@code fruits serve}, and never mixed, since vectors read two ways are not comparable. Runs made before an
 * option was recorded read photos as its default does.
 */
public record PhotoReading(DecodeMode decode, Orientation orientation) {
    /** The original's reading: Pillow's exact pixels, as stored. */
    public static final PhotoReading ORIGINAL = new PhotoReading(DecodeMode.EXACT, Orientation.IGNORE);

    public static PhotoReading ofLineage(Map<String, String> lineage) {
        return new PhotoReading(DecodeMode.of(lineage.getOrDefault(Lineage.DECODE, DecodeMode.EXACT.id())),
                Orientation.of(lineage.getOrDefault(Lineage.ORIENTATION, Orientation.IGNORE.id())));
    }

    /** The value of {@code values} whose id is {@code value} (any case), or a sentence naming the accepted ones. */
    static <E extends Enum<E>> E option(E[] values, String value, String flag) {
        for (E option : values) {
            if (option.name().equalsIgnoreCase(value.trim())) {
                return option;
            }
        }
        throw new UsageException(flag + " takes " + java.util.Arrays.stream(values).map(v -> v.name().toLowerCase(java.util.Locale.ROOT))
                .collect(java.util.stream.Collectors.joining(" or ")) + ", not '" + value + "'");
    }

    /** Writes both options into a lineage. */
    public void record(BiConsumer<String, String> lineage) {
        lineage.accept(Lineage.DECODE, decode.id());
        lineage.accept(Lineage.ORIENTATION, orientation.id());
    }

    /** The options as a user types them. */
    public String flags() {
        return "--decode " + decode.id() + " --orientation " + orientation.id();
    }

    /**
     * Refuses to combine vectors read in two ways (as one sentence naming both): a fast or upright vector is
     * not comparable with an exact or as-stored one.
     */
    public static void requireSame(PhotoReading mine, String what, PhotoReading theirs, String theirWhat) {
        if (!mine.equals(theirs)) {
            throw new UsageException(what + " read its photos with " + mine.flags() + ", " + theirWhat + " with "
                    + theirs.flags() + ": their vectors are not comparable; use the same options for both");
        }
    }
}
