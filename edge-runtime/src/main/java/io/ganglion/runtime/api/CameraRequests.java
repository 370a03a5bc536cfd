package io.ganglion.runtime.api;

import io.ganglion.inference.Detection;
import io.ganglion.inference.source.CameraFrame;
import io.ganglion.runtime.store.DetectionRecord;
import io.ganglion.runtime.store.LocalStore;
import io.ganglion.runtime.store.WindowRecord;
import io.ganglion.runtime.vision.CameraPipeline;
import io.ganglion.runtime.vision.CameraState;
import io.ganglion.runtime.vision.LatestFrame;
import io.ganglion.runtime.vision.Zone;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The camera resources: {@code GET /api/v1/cameras[/{id}]}, {@code GET /api/v1/cameras/{id}/frame.jpg},
 * {@code GET /api/v1/cameras/{id}/counts}, {@code POST /api/v1/cameras/{id}/frames} and
 * {@code GET /api/v1/detections}. Blocking (store reads, drawing the annotated frame): call it on a worker thread.
 */
public final class CameraRequests {
    private final CameraPipeline vision;
    private final LocalStore store;
    private final Clock clock;

    public CameraRequests(CameraPipeline vision, LocalStore store, Clock clock) {
        this.vision = vision;
        this.store = store;
        this.clock = clock;
    }

    int maxFrameBytes() {
        return vision.maxFrameBytes();
    }

    CameraState camera(String id) {
        return vision.camera(id).orElseThrow(() -> ApiException.notFound("no camera '" + id
                + "': cameras are declared devices whose profile has camera.detection"));
    }

    JsonArray list() {
        JsonArray out = new JsonArray();
        vision.cameras().forEach(state -> out.add(describe(state)));
        return out;
    }

    JsonObject one(String id) {
        return describe(camera(id));
    }

    /** An uploaded frame: 202 once it is in the camera's slot (analysed shortly, unless a newer one replaces it). */
    JsonObject upload(String id, byte[] jpeg, QueryParams params) {
        camera(id);
        if (jpeg.length == 0) {
            throw ApiException.badRequest("the body must be a JPEG frame; it was empty");
        }
        long receivedAt = clock.millis();
        long frameTime = params.time("ts", receivedAt);
        if (!vision.offer(new CameraFrame(id, jpeg, frameTime, "http POST /api/v1/cameras/" + id + "/frames"))) {
            throw new ApiException(503, "the vision pipeline is stopping");
        }
        return new JsonObject().put("camera", id).put("accepted", true).put("frameTime", frameTime)
                .put("bytes", jpeg.length);
    }

    /** The latest analysed frame with its detections drawn; 404 before the first. */
    byte[] annotatedFrame(String id) throws IOException {
        LatestFrame latest = camera(id).latest().orElseThrow(() -> ApiException.notFound("camera '" + id
                + "' has no analysed frame yet"));
        return latest.annotatedJpeg();
    }

    JsonObject detections(QueryParams params) {
        String camera = params.string("camera").orElse(null);
        if (camera != null && vision.camera(camera).isEmpty()) {
            throw ApiException.notFound("no camera '" + camera + "'");
        }
        long from = params.time("from", 0L);
        long to = params.time("to", Long.MAX_VALUE);
        if (from >= to) {
            throw ApiException.badRequest("'from' must be before 'to'");
        }
        int limit = params.limit();
        JsonArray items = new JsonArray();
        for (DetectionRecord d : store.detections(camera, from, to, limit)) {
            items.add(new JsonObject().put("id", d.id()).put("camera", d.camera()).put("frameTime", d.frameTime())
                    .put("model", d.model()).put("class", d.label()).put("classId", d.classId())
                    .put("score", round(d.score())).put("box", box(d.x1(), d.y1(), d.x2(), d.y2()))
                    .put("frameWidth", d.frameWidth()).put("frameHeight", d.frameHeight())
                    .put("zones", new JsonArray(new ArrayList<>(d.zones()))).put("text", d.text()));
        }
        return new JsonObject().put("camera", camera).put("count", items.size()).put("detections", items);
    }

    /** Closed windows from the store, newest first, and the open one (flagged) when it starts in range. */
    JsonObject counts(String id, QueryParams params) {
        CameraState state = camera(id);
        long from = params.time("from", 0L);
        long to = params.time("to", Long.MAX_VALUE);
        if (from >= to) {
            throw ApiException.badRequest("'from' must be before 'to'");
        }
        int limit = params.limit();
        JsonArray windows = new JsonArray();
        state.openWindow().filter(w -> w.start() >= from && w.start() < to)
                .ifPresent(w -> windows.add(window(w, true)));
        for (WindowRecord w : store.detectionWindows(id, from, to, limit)) {
            if (windows.size() >= limit) {
                break;
            }
            windows.add(window(w, false));
        }
        return new JsonObject().put("camera", id).put("windowMillis", vision.window().toMillis())
                .put("count", windows.size()).put("windows", windows);
    }

    private static JsonObject window(WindowRecord w, boolean open) {
        JsonArray classes = new JsonArray();
        Map<String, JsonArray> zones = new LinkedHashMap<>();
        for (WindowRecord.Count c : w.counts()) {
            JsonObject count = new JsonObject().put("class", c.label()).put("detections", c.detections())
                    .put("peak", c.peak()).put("mean", round(c.mean(w.frames())));
            if (c.zone() == null) {
                classes.add(count);
            } else {
                zones.computeIfAbsent(c.zone(), z -> new JsonArray()).add(count);
            }
        }
        JsonObject zoneJson = new JsonObject();
        zones.forEach(zoneJson::put);
        return new JsonObject().put("start", w.start()).put("end", w.end()).put("open", open)
                .put("frames", w.frames()).put("detections", w.detections()).put("classes", classes)
                .put("zones", zoneJson);
    }

    private JsonObject describe(CameraState state) {
        CameraState.Counts counts = state.counts();
        JsonObject json = new JsonObject().put("id", state.camera().id()).put("model", state.camera().model())
                .put("confidence", state.camera().confidence())
                .put("zones", new JsonArray(state.camera().zones().stream().map(Zone::name).toList()))
                .put("lastReceivedAt", state.lastReceivedAt() == 0 ? null : state.lastReceivedAt())
                .put("frames", new JsonObject().put("received", counts.received()).put("analysed", counts.analysed())
                        .put("dropped", counts.dropped()).put("rejected", counts.rejected())
                        .put("late", counts.late()).put("sourceProblems", counts.sourceProblems()));
        state.latest().ifPresentOrElse(latest -> {
            List<Object> detections = new ArrayList<>();
            for (Detection d : latest.detections()) {
                detections.add(new JsonObject().put("class", d.label()).put("score", round(d.score()))
                        .put("box", box(d.x1(), d.y1(), d.x2(), d.y2())).put("text", d.text()));
            }
            json.put("lastFrame", new JsonObject().put("frameTime", latest.frameTime())
                    .put("analysedAt", latest.analysedAt()).put("origin", latest.origin())
                    .put("width", latest.width()).put("height", latest.height())
                    .put("inferenceMillis", round(latest.times().totalNanos() / 1e6))
                    .put("detections", new JsonArray(detections))
                    .put("image", "/api/v1/cameras/" + state.camera().id() + "/frame.jpg"));
        }, () -> json.putNull("lastFrame"));
        return json;
    }

    private static JsonObject box(float x1, float y1, float x2, float y2) {
        return new JsonObject().put("x1", round(x1)).put("y1", round(y1)).put("x2", round(x2)).put("y2", round(y2));
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
