package io.ganglion.runtime.bench;

import io.ganglion.cloud.endpoint.CloudConfig;
import io.ganglion.cloud.wire.Batch;
import io.ganglion.runtime.config.LoggingConfig;
import io.ganglion.runtime.config.LoggingSetup;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ganglion bench cloud}, see {@link CloudLoadBenchmark}. */
@Command(name = "cloud", mixinStandardHelpOptions = true,
        description = "A fleet of gateways posting batches of summaries to the cloud endpoint on PostgreSQL as fast as"
                + " it answers: batches and summaries per second, latency, CPU and bytes stored per summary.")
final class CloudLoadCommand implements Callable<Integer> {
    @Option(names = "--gateways", defaultValue = "500", description = "(default: ${DEFAULT-VALUE})")
    int gateways;

    @Option(names = "--batch", defaultValue = "100,1000", split = ",",
            description = "summaries per batch, one measurement each (default: ${DEFAULT-VALUE})")
    List<Integer> batchSizes;

    @Option(names = "--in-flight", defaultValue = "16",
            description = "requests awaiting their answer, over all gateways (default: ${DEFAULT-VALUE})")
    int inFlight;

    @Option(names = "--warmup", defaultValue = "5", description = "seconds per batch size (default: ${DEFAULT-VALUE})")
    int warmup;

    @Option(names = "--seconds", defaultValue = "30",
            description = "measured per batch size (default: ${DEFAULT-VALUE})")
    int seconds;

    @Option(names = "--pool-size", description = "the endpoint's PostgreSQL connections (default: the endpoint's)")
    Integer poolSize;

    @CommandLine.Mixin
    BenchCommand.PostgresOptions pg;

    @Override
    public Integer call() throws Exception {
        LoggingSetup.apply(new LoggingConfig(null, "WARN"));
        if (inFlight < 1 || gateways < inFlight) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--in-flight must be 1 to --gateways ("
                    + gateways + "): a gateway has at most one batch in flight");
        }
        if (warmup < 0 || seconds < 1) {
            throw new CommandLine.ParameterException(new CommandLine(this),
                    "--warmup must be 0 or more and --seconds 1 or more");
        }
        for (int size : batchSizes) {
            if (size < 1 || size > Batch.MAX_RECORDS) {
                throw new CommandLine.ParameterException(new CommandLine(this),
                        "--batch: 1 to " + Batch.MAX_RECORDS + " summaries, not " + size);
            }
        }
        new CloudLoadBenchmark(new CloudLoadBenchmark.Settings(gateways, batchSizes, inFlight, warmup, seconds,
                new CloudConfig.Postgres(pg.host, pg.port, pg.database, pg.user, "", poolSize, null))).run();
        return 0;
    }
}
