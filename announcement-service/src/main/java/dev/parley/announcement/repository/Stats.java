package dev.parley.announcement.repository;

/** Per announcement: how many clients it was resolved to, how many got the message, how many read it. */
public record Stats(long recipients, long delivered, long read) {
    public static final Stats NONE = new Stats(0, 0, 0);
}
