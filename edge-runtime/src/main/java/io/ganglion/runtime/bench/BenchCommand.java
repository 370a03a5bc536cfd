package io.ganglion.runtime.bench;

import io.ganglion.runtime.config.LoggingConfig;
import io.ganglion.runtime.config.LoggingSetup;
import io.ganglion.runtime.config.StoreConfig;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ganglion bench}: the benchmarks behind docs/benchmarks.md, each compared in the same run with the raw
 * component where one exists. Prints one {@code RESULT} line per benchmark for scripts.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure ingest throughput, latency, start-up and memory on this machine.",
        subcommands = {BenchCommand.Ingest.class, BenchCommand.Endpoint.class, BenchCommand.Latency.class,
            BenchCommand.Startup.class, BenchCommand.Coap.class, BenchCommand.Vision.class,
            BenchCommand.Sync.class, BenchCommand.SyncIngest.class, BenchCommand.Dashboard.class,
            CloudLoadCommand.class})
public final class BenchCommand {

    abstract static class MosquittoOptions {
        @Option(names = "--mosquitto", defaultValue = "mosquitto", description = "the mosquitto binary")
        String mosquitto;

        @Option(names = "--mosquitto-sub", defaultValue = "mosquitto_sub", description = "the mosquitto_sub binary")
        String mosquittoSub;

        @Option(names = "--qos", defaultValue = "1", description = "0 or 1 (default: ${DEFAULT-VALUE})")
        int qos;

        @Option(names = "--devices", defaultValue = "10", description = "publishing devices (default: ${DEFAULT-VALUE})")
        int devices;

        @Option(names = "--synchronous", defaultValue = "FULL",
                description = "the gateway store's durability, FULL or NORMAL (default: ${DEFAULT-VALUE})")
        StoreConfig.SyncMode synchronous;

        @Option(names = "--batch-delay", description = "the gateway store's batchMaxDelay in milliseconds "
                + "(default: the configuration default)")
        Integer batchDelayMillis;

        BenchOptions options() {
            LoggingSetup.apply(new LoggingConfig(null, "WARN"));
            if (qos < 0 || qos > 1) {
                throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "--qos must be 0 or 1");
            }
            return new BenchOptions(mosquitto, mosquittoSub, synchronous,
                    batchDelayMillis == null ? null : java.time.Duration.ofMillis(batchDelayMillis));
        }
    }

    /** Options of the throughput benchmarks, which send a fixed number of messages per round. */
    abstract static class ThroughputOptions extends MosquittoOptions {
        @Option(names = "--messages", defaultValue = "200000", description = "per round (default: ${DEFAULT-VALUE})")
        long messages;

        @Option(names = "--rounds", defaultValue = "5", description = "(default: ${DEFAULT-VALUE})")
        int rounds;

        ThroughputLoad load() {
            return new ThroughputLoad(options(), qos, messages, devices, rounds);
        }
    }

    @Command(name = "ingest", mixinStandardHelpOptions = true,
            description = "Messages committed per second by the gateway against mosquitto_sub on the same backlog.")
    static final class Ingest extends ThroughputOptions implements Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            new IngestBenchmark(load()).run();
            return 0;
        }
    }

    @Command(name = "dashboard", mixinStandardHelpOptions = true,
            description = "Messages committed per second with the dashboard closed, and open (live streams and the"
                    + " overview) on the same backlog.")
    static final class Dashboard extends ThroughputOptions implements Callable<Integer> {
        @Option(names = "--streams", defaultValue = "16",
                description = "live streams open, 1 to the gateway's limit of 16 (default: ${DEFAULT-VALUE})")
        int streams;

        @Override
        public Integer call() throws Exception {
            if (streams < 1 || streams > io.ganglion.runtime.dashboard.LiveReadings.DEFAULT_MAX_CLIENTS) {
                throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                        "--streams must be 1 to " + io.ganglion.runtime.dashboard.LiveReadings.DEFAULT_MAX_CLIENTS);
            }
            new DashboardBenchmark(load(), streams).run();
            return 0;
        }
    }

    @Command(name = "endpoint", mixinStandardHelpOptions = true,
            description = "Devices publishing to the gateway's own MQTT endpoint against the same devices into mosquitto.")
    static final class Endpoint extends ThroughputOptions implements Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            new EndpointBenchmark(load()).run();
            return 0;
        }
    }

    @Command(name = "latency", mixinStandardHelpOptions = true,
            description = "Publish-to-committed latency at a steady rate, and heap in use.")
    static final class Latency extends MosquittoOptions implements Callable<Integer> {
        @Option(names = "--rate", defaultValue = "10000", description = "messages per second (default: ${DEFAULT-VALUE})")
        int rate;

        @Option(names = "--seconds", defaultValue = "20", description = "measured (default: ${DEFAULT-VALUE})")
        int seconds;

        @Option(names = "--warmup", defaultValue = "10", description = "seconds before (default: ${DEFAULT-VALUE})")
        int warmup;

        @Override
        public Integer call() throws Exception {
            new LatencyBenchmark(options(), qos, rate, seconds, devices, warmup).run();
            return 0;
        }
    }

    @Command(name = "startup", mixinStandardHelpOptions = true,
            description = "Time from process launch to all listeners ready, and idle resident memory.")
    static final class Startup implements Callable<Integer> {
        @Option(names = "--runs", defaultValue = "5", description = "(default: ${DEFAULT-VALUE})")
        int runs;

        @Option(names = "--idle-seconds", defaultValue = "10", description = "(default: ${DEFAULT-VALUE})")
        int idleSeconds;

        @Option(names = "--heap", defaultValue = "128m", description = "the -Xmx of the gateway (default: ${DEFAULT-VALUE})")
        String heap;

        @Option(names = "--jvm-option", paramLabel = "OPTION",
                description = "a further JVM option of the gateway, e.g. --jvm-option=-XX:+UseSerialGC (repeatable)")
        java.util.List<String> jvmOptions = new java.util.ArrayList<>();

        @Override
        public Integer call() throws Exception {
            LoggingSetup.apply(new LoggingConfig(null, "WARN"));
            new StartupBenchmark(runs, idleSeconds, heap, jvmOptions).run();
            return 0;
        }
    }

    @Command(name = "coap", mixinStandardHelpOptions = true,
            description = "Confirmable CoAP POSTs into the gateway (2.04 after the commit) against a raw Californium"
                    + " server that answers at once.")
    static final class Coap implements Callable<Integer> {
        @Option(names = "--requests", defaultValue = "100000", description = "per round (default: ${DEFAULT-VALUE})")
        int requests;

        @Option(names = "--devices", defaultValue = "8",
                description = "client endpoints, one UDP port each (default: ${DEFAULT-VALUE})")
        int devices;

        @Option(names = "--in-flight", defaultValue = "256",
                description = "requests awaiting their answer, over all devices (default: ${DEFAULT-VALUE})")
        int inFlight;

        @Option(names = "--rounds", defaultValue = "3", description = "(default: ${DEFAULT-VALUE})")
        int rounds;

        @Option(names = "--dtls", description = "over CoAPS (DTLS 1.2, a pre-shared key per device) instead of CoAP")
        boolean dtls;

        @Option(names = "--synchronous", defaultValue = "FULL",
                description = "the gateway store's durability, FULL or NORMAL (default: ${DEFAULT-VALUE})")
        StoreConfig.SyncMode synchronous;

        @Override
        public Integer call() throws Exception {
            LoggingSetup.apply(new LoggingConfig(null, "WARN"));
            CoapLoad load;
            try {
                load = new CoapLoad(requests, devices, inFlight, dtls);
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), e.getMessage());
            }
            new CoapBenchmark(load, new BenchOptions(null, null, synchronous, null), rounds).run();
            return 0;
        }
    }

    @Command(name = "vision", mixinStandardHelpOptions = true,
            description = "YOLOX-Nano from JPEG bytes to detections: frames/s, stage shares, memory; ONNX Runtime alone"
                    + " in the same run.")
    static final class Vision implements Callable<Integer> {
        @Option(names = "--model", defaultValue = "../shared/models/yolox_nano.onnx",
                description = "(default: ${DEFAULT-VALUE})")
        java.nio.file.Path model;

        @Option(names = "--labels", defaultValue = "../shared/models/coco_classes.txt",
                description = "(default: ${DEFAULT-VALUE})")
        java.nio.file.Path labels;

        @Option(names = "--images", defaultValue = "../shared/images",
                description = "a folder of .jpg photos, searched recursively (default: ${DEFAULT-VALUE})")
        java.nio.file.Path images;

        @Option(names = "--camera-size", defaultValue = "1920x1080",
                description = "re-encode each photo at this size, as a camera sends it; 'native' keeps them"
                        + " (default: ${DEFAULT-VALUE})")
        String cameraSize;

        @Option(names = "--layouts", defaultValue = "1x2,2x1",
                description = "workers x intra-op threads, comma-separated (default: ${DEFAULT-VALUE})")
        String layouts;

        @Option(names = "--seconds", defaultValue = "10", description = "per measurement (default: ${DEFAULT-VALUE})")
        int seconds;

        @Option(names = "--rounds", defaultValue = "3", description = "(default: ${DEFAULT-VALUE})")
        int rounds;

        @Override
        public Integer call() throws Exception {
            LoggingSetup.apply(new LoggingConfig(null, "WARN"));
            int width = 0;
            int height = 0;
            if (!cameraSize.equals("native")) {
                String[] parts = cameraSize.split("x");
                width = Integer.parseInt(parts[0]);
                height = Integer.parseInt(parts[1]);
            }
            java.util.List<VisionBenchmark.Layout> parsed = java.util.Arrays.stream(layouts.split(","))
                    .map(VisionBenchmark.Layout::parse).toList();
            new VisionBenchmark(model, labels, VisionBenchmark.loadFrames(images, width, height), parsed, seconds,
                    rounds).run();
            return 0;
        }
    }

    /** Where the cloud endpoint's PostgreSQL is; each run works in a fresh schema, dropped after. */
    static final class PostgresOptions {
        @Option(names = "--pg-host", defaultValue = "127.0.0.1", description = "(default: ${DEFAULT-VALUE})")
        String host;

        @Option(names = "--pg-port", defaultValue = "5432", description = "(default: ${DEFAULT-VALUE})")
        int port;

        @Option(names = "--pg-database", defaultValue = "test", description = "(default: ${DEFAULT-VALUE})")
        String database;

        @Option(names = "--pg-user", defaultValue = "postgres", description = "(default: ${DEFAULT-VALUE})")
        String user;

        io.ganglion.cloud.endpoint.CloudConfig.Postgres postgres() {
            return new io.ganglion.cloud.endpoint.CloudConfig.Postgres(host, port, database, user, "", 4, null);
        }
    }

    @Command(name = "sync", mixinStandardHelpOptions = true,
            description = "A backlog of summaries drained from the outbox to the cloud endpoint on PostgreSQL, against"
                    + " PostgreSQL alone taking the same rows; bytes on the wire per summary.")
    static final class Sync implements Callable<Integer> {
        @Option(names = "--records", defaultValue = "1000000", description = "the backlog (default: ${DEFAULT-VALUE})")
        int records;

        @Option(names = "--batch", defaultValue = "1000", description = "records per batch (default: ${DEFAULT-VALUE})")
        int batch;

        @Option(names = "--in-flight", defaultValue = "2",
                description = "requests outstanding at once, 1 to 16 (default: ${DEFAULT-VALUE})")
        int inFlight;

        @picocli.CommandLine.Mixin
        PostgresOptions pg;

        @Override
        public Integer call() throws Exception {
            LoggingSetup.apply(new LoggingConfig(null, "WARN"));
            new SyncDrainBenchmark(records, batch, inFlight, pg.postgres()).run();
            return 0;
        }
    }

    @Command(name = "sync-ingest", mixinStandardHelpOptions = true,
            description = "Publish-to-committed latency of live ingest with no sync backlog, then while a backlog of"
                    + " summaries drains to the cloud endpoint on PostgreSQL; the drain rate meanwhile.")
    static final class SyncIngest extends MosquittoOptions implements Callable<Integer> {
        @Option(names = "--rate", defaultValue = "5000", description = "messages per second (default: ${DEFAULT-VALUE})")
        int rate;

        @Option(names = "--seconds", defaultValue = "30", description = "measured, per phase (default: ${DEFAULT-VALUE})")
        int seconds;

        @Option(names = "--warmup", defaultValue = "10",
                description = "seconds before, per phase (default: ${DEFAULT-VALUE})")
        int warmup;

        @Option(names = "--records", defaultValue = "1000000",
                description = "the backlog of summaries (default: ${DEFAULT-VALUE})")
        int records;

        @Option(names = "--drain", defaultValue = "1000000",
                description = "the gateway's sync.drainRecordsPerSecond, 1 to 1000000 (default: ${DEFAULT-VALUE},"
                        + " no limit in practice)")
        int drain;

        @Option(names = "--batch", defaultValue = "1000",
                description = "sync.batch.maxRecords (default: ${DEFAULT-VALUE})")
        int batch;

        @Option(names = "--no-raw", description = "skip the floors: SQLite alone at the rate, PostgreSQL alone")
        boolean noRaw;

        @picocli.CommandLine.Mixin
        PostgresOptions pg;

        @Override
        public Integer call() throws Exception {
            new SyncIngestBenchmark(new SyncIngestBenchmark.Load(options(), qos, rate, seconds, warmup, devices,
                    records, drain, batch, !noRaw), pg.postgres()).run();
            return 0;
        }
    }
}
