package dev.parley.chaos;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The driver's record of every post it tried, one tab-separated line per attempt, written as each answer arrives
 * (flushed per line, so a run that dies still leaves its evidence):
 * {@code epochMillis clientMessageId conversationId attempt outcome status messageId seq}.
 * The checker reads it back; it is the only source of "what was attempted and what was acknowledged".
 */
final class AttemptLog implements AutoCloseable {

    enum Outcome {
        /** 201 or 200 (a retry the service recognised): the message is acknowledged. */
        OK,
        /** the service answered no (a 4xx other than 408/429): nothing should be stored; the driver retries anyway */
        FAILED,
        /** no answer, a timeout, a 408/429 or any 5xx: it may or may not be stored; the driver retries */
        UNKNOWN
    }

    record Attempt(long atMillis, String clientMessageId, String conversationId, int attempt, Outcome outcome,
                   int status, String messageId, long seq) {
        String line() {
            return atMillis + "\t" + clientMessageId + "\t" + conversationId + "\t" + attempt + "\t" + outcome + "\t"
                    + status + "\t" + (messageId == null ? "-" : messageId) + "\t" + seq;
        }
    }

    /** The body the driver posts for a client message id: the checker compares stored bodies against it. */
    static String bodyOf(String clientMessageId) {
        return "chaos " + clientMessageId + " lorem ipsum dolor sit amet";
    }

    /** How a status maps to an outcome (status 0 = no answer). */
    static Outcome outcomeOf(int status) {
        if (status == 200 || status == 201) {
            return Outcome.OK;
        }
        if (status == 0 || status == 408 || status == 429 || status >= 500) {
            return Outcome.UNKNOWN;
        }
        return Outcome.FAILED;
    }

    static Attempt parse(String line) {
        String[] f = line.split("\t", -1);
        if (f.length != 8) {
            throw new IllegalArgumentException("not an attempt line (" + f.length + " fields): " + line);
        }
        return new Attempt(Long.parseLong(f[0]), f[1], f[2], Integer.parseInt(f[3]), Outcome.valueOf(f[4]),
                Integer.parseInt(f[5]), "-".equals(f[6]) ? null : f[6], Long.parseLong(f[7]));
    }

    static List<Attempt> read(Path file) throws IOException {
        List<Attempt> attempts = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                attempts.add(parse(line));
            }
        }
        return attempts;
    }

    private final BufferedWriter out;

    AttemptLog(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    synchronized void write(Attempt attempt) {
        try {
            out.write(attempt.line());
            out.newLine();
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }
}
