package dev.parley.notification.repository;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Native queries bind timestamptz parameters as OffsetDateTime in UTC (an Instant is not bound portably). */
public final class SqlTimes {
    private SqlTimes() {
    }

    public static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
