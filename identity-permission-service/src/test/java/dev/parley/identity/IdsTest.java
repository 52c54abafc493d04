package dev.parley.identity;

import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.junit.jupiter.api.Assertions.*;

class IdsTest {
    @Test
    void idsAreVersion7AndSortByCreationTime() throws InterruptedException {
        UUID first = Ids.next();
        Thread.sleep(2); // a later millisecond: v7 orders by its timestamp, not within one millisecond
        UUID second = Ids.next();
        assertEquals(7, first.version());
        assertEquals(2, first.variant());
        assertTrue(first.compareTo(second) < 0, first + " sorts before " + second);
        long millis = first.getMostSignificantBits() >>> 16;
        assertTrue(Math.abs(System.currentTimeMillis() - millis) < 60_000, "carries the creation time");
    }
}
