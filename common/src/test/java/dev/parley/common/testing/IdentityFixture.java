package dev.parley.common.testing;

import dev.parley.common.identity.Permission;
import dev.parley.events.CloudEventHeaders;
import dev.parley.events.EventCatalog;
import dev.parley.events.EventJson;
import dev.parley.events.ParleyEvent;
import dev.parley.events.identity.ChatSettings;
import dev.parley.events.identity.ChatSettingsChanged;
import dev.parley.events.identity.ClientAssigned;
import dev.parley.events.identity.ClientDeleted;
import dev.parley.events.identity.ClientJoinedOrganisation;
import dev.parley.events.identity.ClientLeftOrganisation;
import dev.parley.events.identity.ClientRegistered;
import dev.parley.events.identity.ClientUnassigned;
import dev.parley.events.identity.ClientUpdated;
import dev.parley.events.identity.MemberJoined;
import dev.parley.events.identity.MemberPermissionsChanged;
import dev.parley.events.identity.MemberRemoved;
import dev.parley.events.identity.WorkspaceCreated;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Builds an identity scenario for another service's test without running the identity service: it publishes the
 * same CloudEvents the identity service would (same topic, key = workspaceId, binary-mode headers, JSON data) to
 * the real parley.identity.v1, synchronously and in order. The service under test projects them through its own
 * consumer; {@link #awaitProjected} waits until it has.
 *
 * <pre>{@code
 * IdentityFixture.Workspace ws = IdentityFixture.workspace(s -> s.privateMessagingEnabled(true));
 * UUID owner = ws.owner(Keycloak.person("Olivia"));                       // every permission
 * UUID tom = ws.member(Keycloak.person("Tom"), Permission.CHATS_ACCESS);   // access, no reply
 * UUID org = ws.organisation("Acme");
 * UUID carla = ws.client(Keycloak.person("Carla"), org);                  // ClientRegistered + ClientJoinedOrganisation
 * ws.assign(carla, tom);
 * ws.settings(s -> s.messagingEnabled(false));
 * IdentityFixture.awaitProjected(() -> directory.isAssigned(ws.id(), carla, tom));
 * }</pre>
 */
public final class IdentityFixture {
    public static final String SOURCE = "/parley/identity-fixture";
    // generous: on a loaded machine a consumer may first work through what other modules' tests published
    private static final Duration DEFAULT_WAIT = Duration.ofSeconds(120);
    private static KafkaProducer<String, byte[]> producer;

    private IdentityFixture() {
    }

    /** A new workspace with the identity service's default settings (WorkspaceCreated). */
    public static Workspace workspace() {
        return workspace(s -> {
        });
    }

    /** A new workspace with default settings changed by {@code customise}, e.g. {@code s -> s.readReceipts(false)}. */
    public static Workspace workspace(Consumer<Settings> customise) {
        Settings settings = new Settings();
        customise.accept(settings);
        Workspace workspace = new Workspace(uuidV7(), "Workspace " + UUID.randomUUID().toString().substring(0, 8), settings);
        publish(new WorkspaceCreated(workspace.id, workspace.name, "identity-fixture", settings.toEvent(), Instant.now()));
        return workspace;
    }

    /**
     * Publishes any identity event as the identity service would (key workspaceId) and returns its ce_id; for
     * duplicate and out-of-order tests, publish the same data twice or an older one after a newer one.
     */
    public static UUID publish(ParleyEvent data) {
        UUID eventId = UUID.randomUUID();
        publish(data, eventId, Instant.now());
        return eventId;
    }

    /** Publishes with a chosen ce_id (a redelivery) and ce_time (an event from the past). */
    public static synchronized void publish(ParleyEvent data, UUID eventId, Instant time) {
        EventCatalog event = EventCatalog.of(data.getClass());
        String key = data.workspaceId().toString();
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(event.topic(), key, EventJson.write(data));
        header(record, CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.SPEC_VERSION_VALUE);
        header(record, CloudEventHeaders.ID, eventId.toString());
        header(record, CloudEventHeaders.TYPE, event.type());
        header(record, CloudEventHeaders.SOURCE, SOURCE);
        header(record, CloudEventHeaders.SUBJECT, key);
        header(record, CloudEventHeaders.TIME, time.toString());
        header(record, CloudEventHeaders.WORKSPACE_ID, key);
        header(record, CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.JSON);
        send(record);
    }

    /** Sends a hand-made record to a topic (for poison-event tests: bad headers, bad JSON). */
    public static synchronized void publishRaw(ProducerRecord<String, byte[]> record) {
        send(record);
    }

    /** Waits (up to 30 s) until the service under test has projected what was published. */
    public static void awaitProjected(BooleanSupplier projected) {
        awaitProjected(DEFAULT_WAIT, projected);
    }

    public static void awaitProjected(Duration timeout, BooleanSupplier projected) {
        long deadline = System.currentTimeMillis() + timeout.toMillis();
        while (!projected.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("the identity events were not projected within " + timeout);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for the projection", e);
            }
        }
    }

    /** The identity service's defaults (DESIGN section 3), changeable fluently. */
    public static final class Settings {
        private boolean messagingEnabled = true;
        private boolean contactButtonAfterBooking = true;
        private boolean readReceipts = true;
        private boolean typingIndicator = true;
        private boolean privateMessagingEnabled = false;
        private String defaultClientChannel = "INDIVIDUAL";
        private String welcomeMessage = "Welcome! Send us a message here any time.";
        private boolean clientsSeeParticipants = false;
        private boolean historyVisibleToNewParticipants = true;
        private long attachmentMaxBytes = 25L * 1024 * 1024;
        private int emailDigestMinutes = 30;

        public Settings messagingEnabled(boolean value) { messagingEnabled = value; return this; }
        public Settings contactButtonAfterBooking(boolean value) { contactButtonAfterBooking = value; return this; }
        public Settings readReceipts(boolean value) { readReceipts = value; return this; }
        public Settings typingIndicator(boolean value) { typingIndicator = value; return this; }
        public Settings privateMessagingEnabled(boolean value) { privateMessagingEnabled = value; return this; }
        /** INDIVIDUAL or ORGANISATION. */
        public Settings defaultClientChannel(String value) { defaultClientChannel = value; return this; }
        public Settings welcomeMessage(String value) { welcomeMessage = value; return this; }
        public Settings clientsSeeParticipants(boolean value) { clientsSeeParticipants = value; return this; }
        public Settings historyVisibleToNewParticipants(boolean value) { historyVisibleToNewParticipants = value; return this; }
        public Settings attachmentMaxBytes(long value) { attachmentMaxBytes = value; return this; }
        public Settings emailDigestMinutes(int value) { emailDigestMinutes = value; return this; }

        public ChatSettings toEvent() {
            return new ChatSettings(messagingEnabled, contactButtonAfterBooking, readReceipts, typingIndicator,
                    privateMessagingEnabled, defaultClientChannel, welcomeMessage, clientsSeeParticipants,
                    historyVisibleToNewParticipants, attachmentMaxBytes, emailDigestMinutes);
        }

        private Settings copy() {
            Settings copy = new Settings();
            copy.messagingEnabled = messagingEnabled;
            copy.contactButtonAfterBooking = contactButtonAfterBooking;
            copy.readReceipts = readReceipts;
            copy.typingIndicator = typingIndicator;
            copy.privateMessagingEnabled = privateMessagingEnabled;
            copy.defaultClientChannel = defaultClientChannel;
            copy.welcomeMessage = welcomeMessage;
            copy.clientsSeeParticipants = clientsSeeParticipants;
            copy.historyVisibleToNewParticipants = historyVisibleToNewParticipants;
            copy.attachmentMaxBytes = attachmentMaxBytes;
            copy.emailDigestMinutes = emailDigestMinutes;
            return copy;
        }
    }

    /** One workspace's scenario; every method publishes the event(s) the identity service would and returns ids. */
    public static final class Workspace {
        private final UUID id;
        private final String name;
        private Settings settings;
        private final Map<UUID, String[]> members = new HashMap<>();   // memberId -> userId, displayName, email
        private final Map<UUID, String[]> clients = new HashMap<>();   // clientId -> userId, displayName, email, mobile
        private final Map<UUID, UUID> clientOrganisation = new HashMap<>();
        private final Map<UUID, String> organisations = new HashMap<>();

        private Workspace(UUID id, String name, Settings settings) {
            this.id = id;
            this.name = name;
            this.settings = settings;
        }

        public UUID id() {
            return id;
        }

        public String name() {
            return name;
        }

        public ChatSettings settings() {
            return settings.toEvent();
        }

        /** A member holding every permission, as the workspace's creator is. */
        public UUID owner(TestPerson person) {
            return member(person, Permission.values());
        }

        public UUID member(TestPerson person, Permission... permissions) {
            return member(person.userId(), person.displayName(), person.email(), permissions);
        }

        public UUID member(String userId, String displayName, String email, Permission... permissions) {
            UUID memberId = uuidV7();
            members.put(memberId, new String[]{userId, displayName, email});
            publish(new MemberJoined(id, memberId, userId, displayName, email, List.of(), keys(permissions), Instant.now()));
            return memberId;
        }

        /** Replaces the member's effective permissions (MemberPermissionsChanged). */
        public void permissions(UUID memberId, Permission... permissions) {
            String[] m = known(members, memberId, "member");
            publish(new MemberPermissionsChanged(id, memberId, m[0], m[1], m[2], List.of(), keys(permissions), Instant.now()));
        }

        public void removeMember(UUID memberId) {
            String[] m = known(members, memberId, "member");
            publish(new MemberRemoved(id, memberId, m[0], Instant.now()));
        }

        /** A new organisation id; clients join it through {@link #client(TestPerson, UUID)} or {@link #joinOrganisation}. */
        public UUID organisation(String organisationName) {
            UUID organisationId = uuidV7();
            organisations.put(organisationId, organisationName);
            return organisationId;
        }

        public UUID client(TestPerson person) {
            return client(person, null);
        }

        /** ClientRegistered, then ClientJoinedOrganisation when {@code organisationId} is given (as the service does). */
        public UUID client(TestPerson person, UUID organisationId) {
            return client(person.userId(), person.displayName(), person.email(), null, organisationId);
        }

        public UUID client(String userId, String displayName, String email, String mobile, UUID organisationId) {
            UUID clientId = uuidV7();
            clients.put(clientId, new String[]{userId, displayName, email, mobile});
            publish(new ClientRegistered(id, clientId, userId, displayName, email, mobile, organisationId, Instant.now()));
            if (organisationId != null) {
                clientOrganisation.put(clientId, organisationId);
                publish(new ClientJoinedOrganisation(id, clientId, userId, organisationId, organisationName(organisationId), Instant.now()));
            }
            return clientId;
        }

        public void updateClient(UUID clientId, String displayName, String email, String mobile) {
            String[] c = known(clients, clientId, "client");
            clients.put(clientId, new String[]{c[0], displayName, email, mobile});
            publish(new ClientUpdated(id, clientId, c[0], displayName, email, mobile, clientOrganisation.get(clientId), Instant.now()));
        }

        /** Leaves the current organisation first, if any (a client is in at most one). */
        public void joinOrganisation(UUID clientId, UUID organisationId) {
            String[] c = known(clients, clientId, "client");
            if (organisationId.equals(clientOrganisation.get(clientId))) {
                return;
            }
            leaveOrganisation(clientId);
            clientOrganisation.put(clientId, organisationId);
            publish(new ClientJoinedOrganisation(id, clientId, c[0], organisationId, organisationName(organisationId), Instant.now()));
        }

        public void leaveOrganisation(UUID clientId) {
            String[] c = known(clients, clientId, "client");
            UUID current = clientOrganisation.remove(clientId);
            if (current != null) {
                publish(new ClientLeftOrganisation(id, clientId, c[0], current, Instant.now()));
            }
        }

        public void deleteClient(UUID clientId) {
            String[] c = known(clients, clientId, "client");
            clientOrganisation.remove(clientId);
            publish(new ClientDeleted(id, clientId, c[0], Instant.now()));
        }

        public void assign(UUID clientId, UUID memberId) {
            publish(new ClientAssigned(id, clientId, known(clients, clientId, "client")[0], memberId,
                    known(members, memberId, "member")[0], Instant.now()));
        }

        public void unassign(UUID clientId, UUID memberId) {
            publish(new ClientUnassigned(id, clientId, known(clients, clientId, "client")[0], memberId,
                    known(members, memberId, "member")[0], Instant.now()));
        }

        /** ChatSettingsChanged with the complete new settings and the names of those that changed. */
        public void settings(Consumer<Settings> change) {
            Settings before = settings;
            Settings after = settings.copy();
            change.accept(after);
            settings = after;
            publish(new ChatSettingsChanged(id, name, after.toEvent(), changedNames(before.toEvent(), after.toEvent()),
                    "identity-fixture", Instant.now()));
        }

        private String organisationName(UUID organisationId) {
            return organisations.getOrDefault(organisationId, "Organisation " + organisationId.toString().substring(0, 8));
        }
    }

    private static List<String> changedNames(ChatSettings before, ChatSettings after) {
        List<String> changed = new ArrayList<>();
        for (var component : ChatSettings.class.getRecordComponents()) {
            try {
                if (!java.util.Objects.equals(component.getAccessor().invoke(before), component.getAccessor().invoke(after))) {
                    changed.add(component.getName());
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        return changed;
    }

    private static List<String> keys(Permission... permissions) {
        return Arrays.stream(permissions).distinct().map(Permission::key).toList();
    }

    private static String[] known(Map<UUID, String[]> people, UUID id, String what) {
        String[] person = people.get(id);
        if (person == null) {
            throw new IllegalArgumentException(what + " " + id + " was not made by this fixture workspace");
        }
        return person;
    }

    private static void header(ProducerRecord<String, byte[]> record, String name, String value) {
        record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(ProducerRecord<String, byte[]> record) {
        try {
            producer().send(record).get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not publish to " + record.topic() + ": " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static KafkaProducer<String, byte[]> producer() {
        if (producer == null) {
            LocalStack.ensureUp();
            Properties config = new Properties();
            config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, LocalStack.KAFKA);
            config.put(ProducerConfig.ACKS_CONFIG, "all");
            config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
            Runtime.getRuntime().addShutdownHook(new Thread(() -> producer.close(Duration.ofSeconds(5))));
        }
        return producer;
    }

    /** A time-ordered UUID (version 7), like the identity service's ids. */
    public static UUID uuidV7() {
        long millis = System.currentTimeMillis();
        byte[] random = new byte[10];
        RANDOM.nextBytes(random);
        long msb = (millis << 16) | 0x7000L | ((random[0] & 0x0FL) << 8) | (random[1] & 0xFFL);
        long lsb = 0x8000000000000000L | (bytesToLong(random, 2) & 0x3FFFFFFFFFFFFFFFL);
        return new UUID(msb, lsb);
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private static long bytesToLong(byte[] bytes, int from) {
        long value = 0;
        for (int i = from; i < from + 8; i++) {
            value = (value << 8) | (bytes[i] & 0xFFL);
        }
        return value;
    }
}
