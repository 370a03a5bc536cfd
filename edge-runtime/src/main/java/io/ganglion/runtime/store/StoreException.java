package io.ganglion.runtime.store;

/**
 * The store could not do what was asked: open or migrate the database, commit a write, or run a query. The message
 * names the database file and what went wrong; the cause is usually an {@link java.sql.SQLException}.
 */
public class StoreException extends RuntimeException {
    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
