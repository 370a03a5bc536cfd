package io.ganglion.inference.source;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** A real HTTP server on a free loopback port playing a camera; each test adds the answers it needs. */
final class CameraServer implements AutoCloseable {
    interface Answer {
        /** Answers the {@code connection}-th request (from 1) of its path. */
        void answer(HttpExchange exchange, int connection) throws Exception;
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "camera-server");
        t.setDaemon(true);
        return t;
    });

    CameraServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.start();
    }

    /** Serves {@code path}; returns the number of requests so far. */
    AtomicInteger serve(String path, Answer answer) {
        AtomicInteger requests = new AtomicInteger();
        server.createContext(path, exchange -> {
            try (exchange) {
                answer.answer(exchange, requests.incrementAndGet());
            } catch (Exception e) {
                // The client went away or the answer cut the connection on purpose.
            }
        });
        return requests;
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    /** Writes one multipart part: boundary line, headers, the bytes, CR LF. */
    static void part(OutputStream out, String bodyBoundary, byte[] data, boolean contentLength) throws IOException {
        String headers = bodyBoundary + "\r\nContent-Type: image/jpeg\r\n"
                + (contentLength ? "Content-Length: " + data.length + "\r\n" : "") + "\r\n";
        out.write(headers.getBytes(StandardCharsets.ISO_8859_1));
        out.write(data);
        out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    static void streamHeaders(HttpExchange exchange, String contentType) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(200, 0);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
