package dev.parley.common.consume;

/** An event that can never be processed: it goes to the dead-letter topic at once, without retries. */
public class PoisonEventException extends RuntimeException {
    public PoisonEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
