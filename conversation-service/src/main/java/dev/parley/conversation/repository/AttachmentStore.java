package dev.parley.conversation.repository;

import java.io.InputStream;
import java.util.UUID;

/**
 * Where attachment bytes live. PostgreSQL ({@link PgAttachmentStore}) by default; an S3-compatible store can
 * replace it by implementing these three calls (put as a multipart upload, open as a ranged GET, delete). The
 * attachment's metadata row is not the store's business.
 */
public interface AttachmentStore {

    /**
     * Stores everything {@code content} yields under {@code id}, reading it piece by piece (never the whole file in
     * memory), and returns the number of bytes stored. Called inside the upload's transaction: an exception from
     * {@code content} (for instance the size limit) leaves nothing behind.
     */
    long put(UUID id, InputStream content);

    /** The bytes, read lazily; the caller closes the stream. */
    InputStream open(UUID id);

    void delete(UUID id);
}
