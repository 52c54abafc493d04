package dev.parley.conversation.repository;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

/**
 * Attachment bytes in PostgreSQL as numbered {@code bytea} chunks of {@link #CHUNK_BYTES} (table
 * {@code attachment_chunk}). Writing holds one chunk in memory at a time; reading fetches one chunk per query as the
 * download is written, so neither direction needs heap in proportion to the file.
 */
@ApplicationScoped
public class PgAttachmentStore implements AttachmentStore {
    public static final int CHUNK_BYTES = 256 * 1024;

    private final AgroalDataSource dataSource;

    public PgAttachmentStore(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public long put(UUID id, InputStream content) {
        // the connection joins the caller's transaction (Agroal enlists it), so a failure rolls every chunk back
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement(
                     "insert into attachment_chunk (attachment_id, n, bytes) values (?, ?, ?)")) {
            byte[] buffer = new byte[CHUNK_BYTES];
            long total = 0;
            int n = 0;
            while (true) {
                int read = content.readNBytes(buffer, 0, CHUNK_BYTES);
                if (read == 0) {
                    return total;
                }
                insert.setObject(1, id);
                insert.setInt(2, n++);
                insert.setBytes(3, read == CHUNK_BYTES ? buffer : java.util.Arrays.copyOf(buffer, read));
                insert.executeUpdate();
                total += read;
                if (read < CHUNK_BYTES) {
                    return total;
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("storing attachment " + id + " failed", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public InputStream open(UUID id) {
        return new ChunkStream(id);
    }

    @Override
    public void delete(UUID id) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement delete = connection.prepareStatement("delete from attachment_chunk where attachment_id = ?")) {
            delete.setObject(1, id);
            delete.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("deleting attachment " + id + " failed", e);
        }
    }

    /** Reads chunk n+1 only when chunk n has been consumed. */
    private final class ChunkStream extends InputStream {
        private final UUID id;
        private byte[] chunk = new byte[0];
        private int position;
        private int next;
        private boolean done;

        ChunkStream(UUID id) {
            this.id = id;
        }

        @Override
        public int read() throws IOException {
            if (!fill()) {
                return -1;
            }
            return chunk[position++] & 0xff;
        }

        @Override
        public int read(byte[] target, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            if (!fill()) {
                return -1;
            }
            int count = Math.min(length, chunk.length - position);
            System.arraycopy(chunk, position, target, offset, count);
            position += count;
            return count;
        }

        private boolean fill() throws IOException {
            if (position < chunk.length) {
                return true;
            }
            if (done) {
                return false;
            }
            try (Connection connection = dataSource.getConnection();
                 PreparedStatement select = connection.prepareStatement(
                         "select bytes from attachment_chunk where attachment_id = ? and n = ?")) {
                select.setObject(1, id);
                select.setInt(2, next++);
                try (ResultSet row = select.executeQuery()) {
                    if (!row.next()) {
                        done = true;
                        return false;
                    }
                    chunk = row.getBytes(1);
                    position = 0;
                    return chunk.length > 0 || fill();
                }
            } catch (SQLException e) {
                throw new IOException("reading attachment " + id + " failed", e);
            }
        }
    }
}
