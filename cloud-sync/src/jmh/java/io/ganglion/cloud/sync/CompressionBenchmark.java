package io.ganglion.cloud.sync;

import io.ganglion.cloud.wire.Batch;
import io.ganglion.cloud.wire.BatchCodec;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * CPU to encode (and to decode, the cloud's side) one batch of 1,000 realistic summaries per encoding: JSON,
 * JSON + gzip, CBOR, CBOR + gzip. The size of each is printed at set-up; CompressionChoiceTest asserts the default
 * is the smallest. Figures: docs/sync.md.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class CompressionBenchmark {
    @Param({"JSON", "JSON_GZIP", "CBOR", "CBOR_GZIP"})
    public String encoding;

    private Batch batch;
    private BatchCodec.Format format;
    private boolean gzip;
    private byte[] encoded;

    @Setup
    public void setUp() {
        batch = new Batch("gw-site-12", Records.realisticSummaries(1000, 7));
        format = BatchCodec.Format.valueOf(encoding.replace("_GZIP", ""));
        gzip = encoding.endsWith("_GZIP");
        encoded = BatchCodec.encode(batch, format, gzip);
        System.out.printf("%n%s: %d bytes for 1,000 summaries (%.1f bytes per summary)%n", encoding, encoded.length,
                encoded.length / 1000.0);
    }

    @Benchmark
    public byte[] encode() {
        return BatchCodec.encode(batch, format, gzip);
    }

    @Benchmark
    public Batch decode() throws Exception {
        return BatchCodec.decode(encoded, format, gzip, 64 << 20);
    }
}
