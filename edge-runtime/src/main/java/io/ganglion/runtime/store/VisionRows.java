package io.ganglion.runtime.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * Writes the vision pipeline's rows (detections and detection windows) inside the writer's batch transaction, and
 * keeps both tables bounded. Used only by the writer thread, through {@link BatchWriter}.
 */
final class VisionRows implements AutoCloseable {
    private static final String INSERT_DETECTION = "INSERT INTO detections (camera, frame_ts, model, class_id, label, "
            + "score, x1, y1, x2, y2, frame_width, frame_height, zones, text) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    // Only the oldest rows are ever deleted, so ids are contiguous: this keeps detectionsKeep rows.
    private static final String TRIM_DETECTIONS = "DELETE FROM detections WHERE id <= (SELECT max(id) FROM detections) - ?";
    private static final String UPSERT_WINDOW = "INSERT INTO detection_windows (camera, window_start, window_end, "
            + "frames, detections) VALUES (?, ?, ?, ?, ?) ON CONFLICT (camera, window_start) DO UPDATE SET "
            + "frames = frames + excluded.frames, detections = detections + excluded.detections, "
            + "window_end = max(window_end, excluded.window_end)";
    private static final String UPSERT_COUNT = "INSERT INTO detection_window_counts (camera, window_start, label, zone, "
            + "detections, peak) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (camera, window_start, label, zone) DO UPDATE "
            + "SET detections = detections + excluded.detections, peak = max(peak, excluded.peak)";
    private static final String TRIM_WINDOWS = "DELETE FROM detection_windows WHERE id <= "
            + "(SELECT max(id) FROM detection_windows) - ?";
    private static final String TRIM_COUNTS = "DELETE FROM detection_window_counts WHERE NOT EXISTS (SELECT 1 FROM "
            + "detection_windows w WHERE w.camera = detection_window_counts.camera "
            + "AND w.window_start = detection_window_counts.window_start)";

    private final int detectionsKeep;
    private final int windowsKeep;
    private final PreparedStatement insertDetection;
    private final PreparedStatement trimDetections;
    private final PreparedStatement upsertWindow;
    private final PreparedStatement upsertCount;
    private final PreparedStatement trimWindows;
    private final PreparedStatement trimCounts;
    private int pendingDetections;
    private boolean anyWindow;

    VisionRows(Connection c, int detectionsKeep, int windowsKeep) throws SQLException {
        this.detectionsKeep = detectionsKeep;
        this.windowsKeep = windowsKeep;
        insertDetection = c.prepareStatement(INSERT_DETECTION);
        trimDetections = c.prepareStatement(TRIM_DETECTIONS);
        upsertWindow = c.prepareStatement(UPSERT_WINDOW);
        upsertCount = c.prepareStatement(UPSERT_COUNT);
        trimWindows = c.prepareStatement(TRIM_WINDOWS);
        trimCounts = c.prepareStatement(TRIM_COUNTS);
    }

    void add(StoreWrite.Detections write) throws SQLException {
        for (DetectionRecord d : write.detections()) {
            insertDetection.setString(1, d.camera());
            insertDetection.setLong(2, d.frameTime());
            insertDetection.setString(3, d.model());
            insertDetection.setInt(4, d.classId());
            insertDetection.setString(5, d.label());
            insertDetection.setDouble(6, d.score());
            insertDetection.setDouble(7, d.x1());
            insertDetection.setDouble(8, d.y1());
            insertDetection.setDouble(9, d.x2());
            insertDetection.setDouble(10, d.y2());
            insertDetection.setInt(11, d.frameWidth());
            insertDetection.setInt(12, d.frameHeight());
            insertDetection.setString(13, String.join(",", d.zones()));
            insertDetection.setString(14, d.text());
            insertDetection.addBatch();
            pendingDetections++;
        }
    }

    void add(StoreWrite.Window write) throws SQLException {
        WindowRecord w = write.window();
        upsertWindow.setString(1, w.camera());
        upsertWindow.setLong(2, w.start());
        upsertWindow.setLong(3, w.end());
        upsertWindow.setLong(4, w.frames());
        upsertWindow.setLong(5, w.detections());
        upsertWindow.executeUpdate();
        for (WindowRecord.Count count : w.counts()) {
            upsertCount.setString(1, w.camera());
            upsertCount.setLong(2, w.start());
            upsertCount.setString(3, count.label());
            upsertCount.setString(4, count.zone() == null ? "" : count.zone());
            upsertCount.setLong(5, count.detections());
            upsertCount.setLong(6, count.peak());
            upsertCount.addBatch();
        }
        upsertCount.executeBatch();
        anyWindow = true;
    }

    /** Runs what was batched and trims both tables; before the commit. */
    void finish() throws SQLException {
        if (pendingDetections > 0) {
            insertDetection.executeBatch();
            pendingDetections = 0;
            trimDetections.setInt(1, detectionsKeep);
            trimDetections.executeUpdate();
        }
        if (anyWindow) {
            anyWindow = false;
            trimWindows.setInt(1, windowsKeep);
            if (trimWindows.executeUpdate() > 0) {
                trimCounts.executeUpdate();
            }
        }
    }

    void reset() {
        pendingDetections = 0;
        anyWindow = false;
        for (PreparedStatement ps : List.of(insertDetection, upsertCount)) {
            try {
                ps.clearBatch();
            } catch (SQLException e) {
                // The statement is unusable; the next write fails and reports it.
            }
        }
    }

    @Override
    public void close() {
        for (PreparedStatement ps : List.of(insertDetection, trimDetections, upsertWindow, upsertCount, trimWindows,
                trimCounts)) {
            try {
                ps.close();
            } catch (SQLException e) {
                // Closing the connection finalizes whatever is left.
            }
        }
    }
}
