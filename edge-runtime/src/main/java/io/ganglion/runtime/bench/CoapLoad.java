package io.ganglion.runtime.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.californium.core.coap.CoAP.Code;
import org.eclipse.californium.core.coap.CoAP.Type;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.coap.MessageObserverAdapter;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.UdpConfig;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedSinglePskStore;

/**
 * Confirmable POSTs of small JSON telemetry from a set of Californium client endpoints (one UDP port per device),
 * with a bounded number of requests in flight. The same load is sent to every server measured.
 *
 * <p>A peer's message ids are unique for only 65,536 messages, and servers deduplicate by (peer, message id) for
 * minutes: each device therefore sends at most {@link #MAX_PER_DEVICE} requests per round, from a fresh port.
 */
final class CoapLoad {
    static final int MAX_PER_DEVICE = 60_000;

    private final int requests;
    private final int devices;
    private final int inFlight;
    private final boolean dtls;

    static {
        CoapConfig.register();
        UdpConfig.register();
        DtlsConfig.register();
    }

    CoapLoad(int requests, int devices, int inFlight, boolean dtls) {
        if (requests < 1 || devices < 1 || inFlight < 1) {
            throw new IllegalArgumentException("requests, devices and in-flight must be positive");
        }
        if ((requests + devices - 1) / devices > MAX_PER_DEVICE) {
            throw new IllegalArgumentException("at most " + MAX_PER_DEVICE + " requests per device: raise --devices");
        }
        this.requests = requests;
        this.devices = devices;
        this.inFlight = inFlight;
        this.dtls = dtls;
    }

    boolean dtls() {
        return dtls;
    }

    /** Device i's pre-shared key for CoAPS (its identity is its device id). */
    static String key(int device) {
        return "bench-key-of-device-" + device;
    }

    int requests() {
        return requests;
    }

    int devices() {
        return devices;
    }

    int inFlight() {
        return inFlight;
    }

    /** What one run saw: requests per second until the last answer; answers by code, failures and retransmissions. */
    record Outcome(double rate, Map<String, Long> answers) {
    }

    Outcome send(int port) throws IOException, InterruptedException {
        List<CoapEndpoint> clients = new ArrayList<>();
        Configuration config = new Configuration();
        // No client-side id throttling: each device stays below 65,536 messages (see the class comment).
        config.set(CoapConfig.MID_TRACKER, CoapConfig.TrackerMode.NULL);
        config.set(DtlsConfig.DTLS_ROLE, DtlsConfig.DtlsRole.CLIENT_ONLY);
        try {
            for (int i = 0; i < devices; i++) {
                CoapEndpoint client = dtls ? secureClient(config, i)
                        : CoapEndpoint.builder().setConfiguration(config)
                                .setInetSocketAddress(new InetSocketAddress("127.0.0.1", 0)).build();
                client.start();
                clients.add(client);
            }
            Map<String, LongAdder> answers = new ConcurrentHashMap<>();
            greet(port, clients);
            Semaphore window = new Semaphore(inFlight);
            long start = System.nanoTime();
            for (int n = 0; n < requests; n++) {
                window.acquire();
                int device = n % devices;
                Request post = post(dtls ? "coaps" : "coap", port, device, n);
                post.addMessageObserver(new MessageObserverAdapter() {
                    @Override
                    public void onResponse(Response response) {
                        answers.computeIfAbsent(response.getCode().text, c -> new LongAdder()).increment();
                        window.release();
                    }

                    @Override
                    public void onSent(boolean retransmission) {
                        if (retransmission) {
                            answers.computeIfAbsent("retransmissions", c -> new LongAdder()).increment();
                        }
                    }

                    @Override
                    protected void failed() {
                        answers.computeIfAbsent("failed", c -> new LongAdder()).increment();
                        window.release();
                    }
                });
                clients.get(device).sendRequest(post);
            }
            if (!window.tryAcquire(inFlight, 2, TimeUnit.MINUTES)) {
                throw new IllegalStateException("answers missing after 2 minutes");
            }
            double rate = requests / ((System.nanoTime() - start) / 1e9);
            Map<String, Long> counted = new TreeMap<>();
            answers.forEach((code, count) -> counted.put(code, count.sum()));
            return new Outcome(rate, counted);
        } finally {
            clients.forEach(CoapEndpoint::destroy);
        }
    }

    /**
     * One answered request per device before the clock starts: a DTLS handshake holds back only a few requests, so
     * it must not meet a full window (and it is not what is measured).
     */
    private void greet(int port, List<CoapEndpoint> clients) throws InterruptedException {
        CountDownLatch answered = new CountDownLatch(devices);
        for (int i = 0; i < devices; i++) {
            Request hello = post(dtls ? "coaps" : "coap", port, i, i);
            hello.addMessageObserver(new MessageObserverAdapter() {
                @Override
                public void onResponse(Response response) {
                    answered.countDown();
                }
            });
            clients.get(i).sendRequest(hello);
        }
        if (!answered.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("not every device got an answer to its first request within 30 s");
        }
    }

    /** Requests sent per run, the first one of each device included. */
    int sentPerRun() {
        return requests + devices;
    }

    private static CoapEndpoint secureClient(Configuration config, int device) {
        DtlsConnectorConfig dtlsConfig = DtlsConnectorConfig.builder(config)
                .setAddress(new InetSocketAddress("127.0.0.1", 0))
                .setAdvancedPskStore(new AdvancedSinglePskStore(BenchPublisher.deviceId(device),
                        key(device).getBytes(StandardCharsets.UTF_8)))
                .build();
        return CoapEndpoint.builder().setConfiguration(config).setConnector(new DTLSConnector(dtlsConfig)).build();
    }

    private static Request post(String scheme, int port, int device, int n) {
        Request post = new Request(Code.POST, Type.CON);
        post.setURI(scheme + "://127.0.0.1:" + port + "/devices/" + BenchPublisher.deviceId(device) + "/telemetry");
        // Plain concatenation, not String.format: the client shares the machine with what it measures.
        post.setPayload(("{\"temperature\":2" + (n % 10) + "." + (n % 7) + ",\"seq\":" + n + "}")
                .getBytes(StandardCharsets.US_ASCII));
        post.getOptions().setContentFormat(MediaTypeRegistry.APPLICATION_JSON);
        return post;
    }
}
