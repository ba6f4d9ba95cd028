package com.fruits.common;

import java.time.Duration;
import java.time.format.DateTimeParseException;

/** Ages and periods given on the command line: {@code 365d}, {@code 12h}, {@code 30m}, {@code 45s} or ISO-8601 ({@code P30D}). */
public final class Durations {
    private Durations() {
    }

    /**
     * The duration, which must be longer than zero: a zero or negative retention period would make
     * "older than" match everything, including what was collected a second ago.
     */
    public static Duration positive(String text, String flag) {
        Duration duration;
        try {
            char unit = Character.toLowerCase(text.charAt(text.length() - 1));
            String number = text.substring(0, text.length() - 1).trim();
            duration = text.toUpperCase(java.util.Locale.ROOT).startsWith("P") ? Duration.parse(text) : switch (unit) {
                case 'd' -> Duration.ofDays(Long.parseLong(number));
                case 'h' -> Duration.ofHours(Long.parseLong(number));
                case 'm' -> Duration.ofMinutes(Long.parseLong(number));
                case 's' -> Duration.ofSeconds(Long.parseLong(number));
                default -> Duration.parse(text);
            };
        } catch (NumberFormatException | DateTimeParseException | StringIndexOutOfBoundsException | ArithmeticException e) {
            throw new UsageException(flag + " takes a duration like 365d, 12h, 30s or P30D, not '" + text + "'");
        }
        if (duration.isNegative() || duration.isZero()) {
            throw new UsageException(flag + " must be a period longer than zero, not '" + text
                    + "' (it would match every image, however recent)");
        }
        return duration;
    }
}
