package io.ganglion.cloud.sync;

import io.ganglion.cloud.wire.Batch;
import io.ganglion.cloud.wire.BatchCodec;
import io.ganglion.cloud.wire.SyncRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The gateway's CPU per batch of 1,000 realistic summaries between the outbox's rows and the request body (JSON +
 * gzip, the default), one thread: as it was (each row a CBOR one-record batch decoded on the outbox's thread, the
 * batch encoded again by the client) and as it is (the stored JSON fragments joined, then gzip). {@code
 * assembleNoGzip} shows what of that is gzip. Figures: docs/sync.md.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class UplinkBodyBenchmark {
    private List<StoredRecord> cborRows;
    private List<StoredRecord> jsonRows;
    private Batch batch;

    @Setup
    public void setUp() throws Exception {
        cborRows = new ArrayList<>();
        jsonRows = new ArrayList<>();
        for (SyncRecord r : Records.realisticSummaries(1000, 7)) {
            cborRows.add(new StoredRecord(r.seq(), BatchCodec.encode(new Batch("outbox", List.of(r)),
                    BatchCodec.Format.CBOR, false), false));
            jsonRows.add(new StoredRecord(r.seq(), BatchCodec.encodeRecord(r), true));
        }
        batch = new Batch("gw-site-12", decode(cborRows));
        if (!batch.equals(BatchCodec.decode(
                StoredRecord.requestBody("gw-site-12", jsonRows, BatchCodec.Format.JSON, true),
                BatchCodec.Format.JSON, true, 64 << 20))) {
            throw new IllegalStateException("the two paths do not carry the same batch");
        }
    }

    private static List<SyncRecord> decode(List<StoredRecord> rows) throws Exception {
        List<SyncRecord> records = new ArrayList<>(rows.size());
        for (StoredRecord r : rows) {
            records.add(r.decode());
        }
        return records;
    }

    /** Before: the outbox decoded each CBOR row, the client encoded the batch as JSON + gzip. */
    @Benchmark
    public byte[] decodeRowsThenEncode() throws Exception {
        return BatchCodec.encode(new Batch("gw-site-12", decode(cborRows)), BatchCodec.Format.JSON, true);
    }

    /** The client's encode alone, as it was. */
    @Benchmark
    public byte[] encodeOnly() {
        return BatchCodec.encode(batch, BatchCodec.Format.JSON, true);
    }

    /** Now: the stored JSON fragments joined, then gzip. */
    @Benchmark
    public byte[] assemble() throws Exception {
        return StoredRecord.requestBody("gw-site-12", jsonRows, BatchCodec.Format.JSON, true);
    }

    @Benchmark
    public byte[] assembleNoGzip() throws Exception {
        return StoredRecord.requestBody("gw-site-12", jsonRows, BatchCodec.Format.JSON, false);
    }
}
