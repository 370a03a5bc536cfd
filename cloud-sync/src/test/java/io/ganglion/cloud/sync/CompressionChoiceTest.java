package io.ganglion.cloud.sync;

import io.ganglion.cloud.wire.Batch;
import io.ganglion.cloud.wire.BatchCodec;
import io.ganglion.cloud.wire.BatchCodec.Format;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The uplink's default encoding is the smallest of the four on 1,000 realistic summaries (CPU: CompressionBenchmark). */
class CompressionChoiceTest {
    @Test
    void the_default_encoding_is_the_smallest_of_json_json_gzip_cbor_and_cbor_gzip() {
        Batch batch = new Batch("gw-site-12", Records.realisticSummaries(1000, 7));
        Map<String, Integer> sizes = new LinkedHashMap<>();
        for (Format format : Format.values()) {
            for (boolean gzip : new boolean[] {false, true}) {
                sizes.put(format + (gzip ? "+gzip" : ""), BatchCodec.encode(batch, format, gzip).length);
            }
        }
        sizes.forEach((name, bytes) -> System.out.printf("%-10s %8d bytes %6.1f bytes/summary%n", name, bytes,
                bytes / 1000.0));
        String chosen = UplinkSettings.DEFAULT_FORMAT + (UplinkSettings.DEFAULT_GZIP ? "+gzip" : "");
        int smallest = sizes.values().stream().mapToInt(Integer::intValue).min().orElseThrow();
        assertThat(sizes.get(chosen)).as("%s among %s", chosen, sizes).isEqualTo(smallest);
    }
}
