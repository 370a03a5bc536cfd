package io.ganglion.cloud.sync;

import io.ganglion.cloud.wire.BatchCodec;
import io.ganglion.cloud.wire.BatchFormatException;
import io.ganglion.cloud.wire.Payload;
import io.ganglion.cloud.wire.SyncRecord;

import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The gateway's durable outbox: a SQLite file (WAL, synchronous=FULL) of sync records, each with the gateway's
 * sequence number. A record is {@code stored}, then {@code sent} (in a request), then acknowledged by the cloud and
 * purged; a failed request puts its records back to {@code stored}; a refused one parks them as {@code refused}.
 * Over the byte quota, records are sacrificed: lowest-priority kind first, oldest first within it, alerts last
 * (docs/sync.md). Every operation runs on the outbox's one thread, in order, and returns a stage completed there:
 * callers on an event loop must hop back to their context. The queue of pending operations is bounded.
 *
 * <p>A record's body is its JSON fragment ({@link BatchCodec#encodeRecord}), encoded once when appended: a batch
 * is taken without decoding it and a JSON request joins the fragments ({@link StoredRecord}). Files written by an
 * older gateway hold CBOR one-record batches instead; column {@code enc} says which, per row. A batch is marked
 * sent, acknowledged, released or refused a run of consecutive sequence numbers at a time, with statements
 * prepared once.
 *
 * <p>This class owns the thread and the transactions; the SQL is its collaborators', all on that thread and one
 * connection ({@link OutboxFile}): the records and their states ({@link OutboxRecords}), the byte quota and the
 * order of sacrifice ({@link OutboxQuota}), the feed's checkpoint ({@link OutboxCheckpoints}).
 */
public final class Outbox implements AutoCloseable {
    private final OutboxSettings settings;
    private final ThreadPoolExecutor thread;
    private final OutboxFile file;
    private final OutboxQuota quota;
    private final OutboxRecords records;
    private final OutboxCheckpoints checkpoints;

    private Outbox(OutboxSettings settings, Clock clock) {
        this.settings = settings;
        this.thread = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(settings.maxPending()), r -> {
                    Thread t = new Thread(r, "ganglion-outbox");
                    t.setDaemon(true);
                    return t;
                });
        this.file = new OutboxFile(settings.file());
        this.quota = new OutboxQuota(file, settings.quotaBytes());
        this.records = new OutboxRecords(file, quota, clock);
        this.checkpoints = new OutboxCheckpoints(file);
    }

    /** Opens (or creates) the outbox file; records left {@code sent} by a previous run go back to {@code stored}. */
    public static CompletionStage<Outbox> open(OutboxSettings settings, Clock clock) {
        Outbox outbox = new Outbox(settings, clock);
        return outbox.submit(() -> {
            try {
                outbox.openDb();
            } catch (SQLException | RuntimeException e) {
                outbox.file.close();
                throw e;
            }
            return outbox;
        }).whenComplete((o, e) -> {
            if (e != null) {
                outbox.thread.shutdown();
            }
        });
    }

    /** The sequence number the next appended record gets. */
    public long nextSeq() {
        return records.nextSeq();
    }

    /** Appends records durably (one transaction) and returns their sequence numbers, in order. */
    public CompletionStage<List<Long>> append(Payload... payloads) {
        List<Payload> list = List.of(payloads);
        return submit(() -> appendNow(list, null));
    }

    /**
     * Appends records (perhaps none) and saves the feed's checkpoint in the same transaction: after a crash either
     * both are there or neither, so a feed that resumes from its checkpoint neither loses nor repeats a record.
     */
    public CompletionStage<List<Long>> append(List<? extends Payload> payloads, FeedCheckpoint checkpoint) {
        List<Payload> list = List.copyOf(payloads);
        return submit(() -> appendNow(list, checkpoint));
    }

    /** The feed's last saved checkpoint: position {@link FeedCheckpoint#NO_POSITION} in a new outbox file. */
    public CompletionStage<FeedCheckpoint.Saved> loadFeed() {
        return submit(checkpoints::load);
    }

    /**
     * Takes the next batch: alerts first, then live records by seq, then backlog by seq; marks them sent. The
     * records come as stored, not decoded: the uplink joins their JSON fragments into its request.
     */
    public CompletionStage<List<StoredRecord>> nextStoredBatch(BatchRequest request) {
        return submit(() -> records.takeBatch(request));
    }

    /** {@link #nextStoredBatch} with the records decoded; should one not decode, the batch stays stored. */
    public CompletionStage<List<SyncRecord>> nextBatch(BatchRequest request) {
        return submit(() -> {
            List<StoredRecord> rows = records.takeBatch(request);
            List<SyncRecord> decoded = new ArrayList<>(rows.size());
            try {
                for (StoredRecord row : rows) {
                    decoded.add(row.decode());
                }
            } catch (BatchFormatException e) {
                records.setState(rows.stream().map(StoredRecord::seq).toList(), OutboxRecords.SENT,
                        OutboxRecords.STORED, null);
                throw e;
            }
            return decoded;
        });
    }

    /** The cloud committed these records: they are purged. Unknown sequence numbers are ignored. */
    public CompletionStage<Void> acknowledge(Collection<Long> seqs) {
        List<Long> list = List.copyOf(seqs);
        return submit(() -> {
            records.acknowledge(list);
            return null;
        });
    }

    /** The request carrying these records failed (retryable): they go back to {@code stored}. */
    public CompletionStage<Void> release(Collection<Long> seqs) {
        List<Long> list = List.copyOf(seqs);
        return submit(() -> {
            records.setState(list, OutboxRecords.SENT, OutboxRecords.STORED, null);
            return null;
        });
    }

    /** The cloud refused the batch carrying these records: they are parked as {@code refused}, with the reason. */
    public CompletionStage<Void> refuse(Collection<Long> seqs, String reason) {
        List<Long> list = List.copyOf(seqs);
        return submit(() -> {
            records.refuse(list, reason);
            return null;
        });
    }

    /** An operator fixed what the cloud refused: every parked record goes back to {@code stored}; answers how many. */
    public CompletionStage<Integer> requeueRefused() {
        return submit(records::requeueRefused);
    }

    /** Whether any {@code stored} record has a sequence number below {@code seq}: is there backlog left to drain. */
    public CompletionStage<Boolean> hasStoredBelow(long seq) {
        return submit(() -> records.hasStoredBelow(seq));
    }

    public CompletionStage<OutboxStats> stats() {
        return submit(records::stats);
    }

    /** Closes the file; pending operations run first. */
    public CompletionStage<Void> closeAsync() {
        CompletionStage<Void> closed = submit(() -> {
            file.close();
            return null;
        });
        return closed.whenComplete((v, e) -> thread.shutdown());
    }

    @Override
    public void close() {
        closeAsync().toCompletableFuture().join();
    }

    private <T> CompletionStage<T> submit(Callable<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        try {
            thread.execute(() -> {
                try {
                    result.complete(work.call());
                } catch (Throwable e) {
                    rollbackQuietly();
                    result.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(thread.isShutdown() ? new IllegalStateException("the outbox is closed")
                    : new OutboxOverloadedException(settings.maxPending()));
        }
        return result;
    }

    /** After a failed operation: undo its transaction and recount what the in-memory total may have counted. */
    private void rollbackQuietly() {
        try {
            if (file.isOpen()) {
                file.rollback();
                quota.recount();
            }
        } catch (SQLException ignored) {
            // the original failure is what the caller needs to see
        }
    }

    /** One transaction: every table, an older gateway's file upgraded, a previous run's requests put back. */
    private void openDb() throws SQLException {
        file.open();
        try (Statement s = file.createStatement()) {
            records.createTables(s);
            // The summariser's open windows and its place in the gateway's store (FeedCheckpoint): small rows, one
            // per series, rewritten with the records they produce.
            checkpoints.createTables(s);
            records.resendInFlight(s);
            quota.recount();
            file.commit();
        }
    }

    /** The records, the feed's checkpoint and any sacrifice the records make necessary commit together. */
    private List<Long> appendNow(List<Payload> payloads, FeedCheckpoint checkpoint) throws SQLException {
        List<Long> seqs = records.insert(payloads);
        if (checkpoint != null) {
            checkpoints.save(checkpoint);
        }
        quota.sacrificeOverQuota();
        file.commit();
        records.appendCommitted(seqs.size());
        return seqs;
    }
}
