package io.ganglion.runtime.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
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

    static {
        CoapConfig.register();
        UdpConfig.register();
    }

    CoapLoad(int requests, int devices, int inFlight) {
        if (requests < 1 || devices < 1 || inFlight < 1) {
            throw new IllegalArgumentException("requests, devices and in-flight must be positive");
        }
        if ((requests + devices - 1) / devices > MAX_PER_DEVICE) {
            throw new IllegalArgumentException("at most " + MAX_PER_DEVICE + " requests per device: raise --devices");
        }
        this.requests = requests;
        this.devices = devices;
        this.inFlight = inFlight;
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
        try {
            for (int i = 0; i < devices; i++) {
                CoapEndpoint client = CoapEndpoint.builder().setConfiguration(config)
                        .setInetSocketAddress(new InetSocketAddress("127.0.0.1", 0)).build();
                client.start();
                clients.add(client);
            }
            Semaphore window = new Semaphore(inFlight);
            Map<String, LongAdder> answers = new ConcurrentHashMap<>();
            long start = System.nanoTime();
            for (int n = 0; n < requests; n++) {
                window.acquire();
                int device = n % devices;
                Request post = post(port, device, n);
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

    private static Request post(int port, int device, int n) {
        Request post = new Request(Code.POST, Type.CON);
        post.setURI("coap://127.0.0.1:" + port + "/devices/" + BenchPublisher.deviceId(device) + "/telemetry");
        // Plain concatenation, not String.format: the client shares the machine with what it measures.
        post.setPayload(("{\"temperature\":2" + (n % 10) + "." + (n % 7) + ",\"seq\":" + n + "}")
                .getBytes(StandardCharsets.US_ASCII));
        post.getOptions().setContentFormat(MediaTypeRegistry.APPLICATION_JSON);
        return post;
    }
}
