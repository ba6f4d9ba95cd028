package com.fruits.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class DurationsTest {
    private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");

    private static Instant before(String text) {
        return Durations.age(text, "--older-than").before(NOW);
    }

    @Test
    void monthsAndYearsAreCalendarPeriods() {
        assertEquals(Instant.parse("2025-12-02T10:00:00Z"), before("P12M"));
        assertEquals(Instant.parse("2025-12-02T10:00:00Z"), before("12mo"));
        assertEquals(Instant.parse("2025-12-02T10:00:00Z"), before("P1Y"));
        assertEquals(Instant.parse("2025-12-02T10:00:00Z"), before("1y"));
        assertEquals(Instant.parse("2026-11-02T10:00:00Z"), before("1 month"));
        assertEquals(Instant.parse("2026-11-02T10:00:00Z"), before("P30D"));
        assertEquals(Instant.parse("2025-12-02T10:00:00Z"), before("365d"));
        assertEquals(Instant.parse("2026-11-18T10:00:00Z"), before("2w"));
    }

    @Test
    void clockUnitsAreUnambiguous() {
        assertEquals(NOW.minusSeconds(12 * 3600), before("12h"));
        assertEquals(NOW.minusSeconds(12 * 3600), before("PT12H"));
        assertEquals(NOW.minusSeconds(30 * 60), before("30min"));
        assertEquals(NOW.minusSeconds(30 * 60), before("PT30M"));
        assertEquals(NOW.minusSeconds(45), before("45s"));
        assertEquals(Instant.parse("2026-11-01T08:00:00Z"), before("P1M1DT2H"));
    }

    @Test
    void aBareMIsRefusedWithTheSpellingsThatWork() {
        for (String text : new String[] {"12M", "12m"}) {
            UsageException e = assertThrows(UsageException.class, () -> before(text));
            assertTrue(e.getMessage().contains("ambiguous") && e.getMessage().contains("12mo")
                    && e.getMessage().contains("P12M") && e.getMessage().contains("12min"), e.getMessage());
        }
    }

    @Test
    void nonsenseZeroAndNegativeAreRefused() {
        for (String text : new String[] {"", "P", "12", "12 parsecs", "-3d", "P-1D", "0d", "PT0S", "twelve months"}) {
            assertThrows(UsageException.class, () -> before(text), text);
        }
    }

    @Test
    void fixedDurationsRefuseMonths() {
        assertEquals(Duration.ofSeconds(60), Durations.positive("60s", "--timeout"));
        assertEquals(Duration.ofDays(2), Durations.positive("2d", "--timeout"));
        assertThrows(UsageException.class, () -> Durations.positive("1mo", "--timeout"));
    }
}
