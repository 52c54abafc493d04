package dev.parley.events;

import java.util.UUID;

/** The data of a Parley CloudEvent. Every event belongs to one workspace; {@link EventCatalog} names its type and topic. */
public interface ParleyEvent {
    UUID workspaceId();
}
