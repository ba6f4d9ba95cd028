package com.fruits.common;

import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Ages and periods given on the command line: ISO-8601 ({@code P1Y}, {@code P12M}, {@code P30D},
 * {@code PT12H}) or a number with a unit that cannot be misread ({@code 30s}, {@code 45min},
 * {@code 12h}, {@code 365d}, {@code 2w}, {@code 12mo}, {@code 1y}). A bare {@code m} is refused: users
 * mean months as often as minutes, and a retention period read the wrong way erases data.
 */
public final class Durations {
    private static final Pattern SUFFIXED = Pattern.compile("([-+]?\\d+)\\s*([a-z]+)");
    private static final String SPELLINGS = "365d, 12mo, 1y, 12h, 30min, 2w, or ISO-8601 like P1Y, P12M, P30D, PT12H";

    /** A calendar part (years, months, days) and a clock part; "before now" is counted in UTC. */
    public record Age(Period period, Duration duration) {
        public Instant before(Instant now) {
            return now.atZone(ZoneOffset.UTC).minus(period).toInstant().minus(duration);
        }

        boolean positive() {
            Instant someDay = Instant.parse("2000-03-01T00:00:00Z");
            return before(someDay).isBefore(someDay);
        }
    }

    private Durations() {
    }

    /**
     * An age longer than zero, calendar units allowed: a zero or negative retention period would make
     * "older than" match everything, including what was collected a second ago.
     */
    public static Age age(String text, String flag) {
        Age age = parse(text == null ? "" : text.strip(), flag);
        if (!age.positive()) {
            throw new UsageException(flag + " must be a period longer than zero, not '" + text
                    + "' (it would match every image, however recent)");
        }
        return age;
    }

    /** A fixed duration longer than zero (timeouts, heartbeats): months and years have no fixed length. */
    public static Duration positive(String text, String flag) {
        Age age = age(text, flag);
        if (age.period().toTotalMonths() != 0) {
            throw new UsageException(flag + " takes a fixed duration (30s, 10min, 12h, 7d, PT30S), not months or years: '"
                    + text + "'");
        }
        return age.duration().plusDays(age.period().getDays());
    }

    private static Age parse(String text, String flag) {
        String lower = text.toLowerCase(Locale.ROOT);
        try {
            if (lower.startsWith("p")) {
                return iso(text.toUpperCase(Locale.ROOT));
            }
            Matcher m = SUFFIXED.matcher(lower);
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                switch (m.group(2)) {
                    case "s", "sec", "secs", "second", "seconds": return new Age(Period.ZERO, Duration.ofSeconds(n));
                    case "min", "mins", "minute", "minutes": return new Age(Period.ZERO, Duration.ofMinutes(n));
                    case "h", "hour", "hours": return new Age(Period.ZERO, Duration.ofHours(n));
                    case "d", "day", "days": return new Age(Period.ofDays(Math.toIntExact(n)), Duration.ZERO);
                    case "w", "week", "weeks": return new Age(Period.ofWeeks(Math.toIntExact(n)), Duration.ZERO);
                    case "mo", "month", "months": return new Age(Period.ofMonths(Math.toIntExact(n)), Duration.ZERO);
                    case "y", "year", "years": return new Age(Period.ofYears(Math.toIntExact(n)), Duration.ZERO);
                    case "m":
                        throw new UsageException(flag + " '" + text + "' is ambiguous (months or minutes?): write "
                                + n + "mo or P" + n + "M for months, " + n + "min or PT" + n + "M for minutes");
                    default:
                        break;
                }
            }
        } catch (DateTimeParseException | ArithmeticException e) {
            // falls through to the sentence below
        }
        throw new UsageException(flag + " takes a period like " + SPELLINGS + ", not '" + text + "'");
    }

    /** ISO-8601: the date part (P1Y2M3D) is a calendar period, the part after T a clock duration. */
    private static Age iso(String text) {
        int t = text.indexOf('T');
        String date = t < 0 ? text : text.substring(0, t);
        Period period = date.equals("P") ? Period.ZERO : Period.parse(date);
        Duration duration = t < 0 ? Duration.ZERO : Duration.parse("P" + text.substring(t));
        if (t < 0 && date.equals("P")) {
            throw new DateTimeParseException("empty period", text, 0);
        }
        return new Age(period, duration);
    }
}
