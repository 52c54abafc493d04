package dev.parley.identity;

import dev.parley.common.identity.Permission;
import dev.parley.common.problem.ProblemException;
import dev.parley.identity.service.Validation;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.*;

class ValidationTest {

    @Test
    void emailsAreTrimmedLowerCasedAndChecked() {
        assertEquals("dana@example.com", Validation.email("email", "  Dana@Example.COM "));
        for (String bad : new String[]{null, "", "dana", "dana@", "@example.com", "da na@example.com", "dana@example",
                "a".repeat(250) + "@example.com"}) {
            ProblemException e = assertThrows(ProblemException.class, () -> Validation.email("email", bad), bad);
            assertEquals("email", e.errors().get(0).field());
        }
    }

    @Test
    void mobilesBecomeE164() {
        assertEquals("+447700900123", Validation.mobile("mobile", "+44 7700 900123"));
        assertEquals("+447700900123", Validation.mobile("mobile", "0044 (7700) 900-123"));
        assertNull(Validation.mobile("mobile", " "));
        assertNull(Validation.mobile("mobile", null));
        for (String bad : new String[]{"07700900123", "+0 123456789", "+44 77", "+44 7700 900123 ext 4", "+1234567890123456"}) {
            assertThrows(ProblemException.class, () -> Validation.mobile("mobile", bad), bad);
        }
    }

    @Test
    void namesAreRequiredBoundedAndPrintable() {
        assertEquals("Acme Ltd", Validation.name("name", "  Acme Ltd "));
        assertEquals("x".repeat(200), Validation.name("name", "x".repeat(200)));
        assertThrows(ProblemException.class, () -> Validation.name("name", "x".repeat(201)));
        assertThrows(ProblemException.class, () -> Validation.name("name", "  "));
        assertThrows(ProblemException.class, () -> Validation.name("name", "bell\u0007"));
        assertNull(Validation.optionalName("displayName", null));
    }

    @Test
    void permissionsMustAllBeKnown() {
        assertEquals(Set.of(Permission.CHATS_ACCESS, Permission.PRIVATE_ACCESS),
                Validation.permissions("permissions", List.of("chats.access", "private.access", "chats.access")));
        ProblemException e = assertThrows(ProblemException.class,
                () -> Validation.permissions("permissions", List.of("chats.access", "chats.delete")));
        assertTrue(e.getMessage().contains("chats.delete"));
        assertThrows(ProblemException.class, () -> Validation.permissions("permissions", null));
    }

    @Test
    void cursorsRoundTripAndForgeriesAreRejected() {
        UUID id = UUID.randomUUID();
        assertEquals(id, Validation.after(Validation.cursor(id)));
        assertEquals(Validation.BEFORE_ALL, Validation.after(null));
        assertThrows(ProblemException.class, () -> Validation.after("not-a-cursor"));
        assertThrows(ProblemException.class, () -> Validation.after(id.toString()));
    }

    @Test
    void limitIsOneToAHundred() {
        assertEquals(50, Validation.limit(null));
        assertEquals(100, Validation.limit(100));
        assertThrows(ProblemException.class, () -> Validation.limit(101));
        assertThrows(ProblemException.class, () -> Validation.limit(0));
    }
}
