package io.ganglion.runtime.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The read side of detections and detection windows. Every method runs on a connection from the {@link ReadPool}. */
final class VisionQueries {
    private static final String DETECTION_COLUMNS = "SELECT id, camera, frame_ts, model, class_id, label, score, x1, "
            + "y1, x2, y2, frame_width, frame_height, zones, text FROM detections";
    // Newest first by frame time (ties: newest row first); one index range scan that stops after LIMIT rows.
    static final String CAMERA_DETECTIONS = DETECTION_COLUMNS
            + " WHERE camera = ? AND frame_ts >= ? AND frame_ts < ? ORDER BY frame_ts DESC, id DESC LIMIT ?";
    static final String ALL_DETECTIONS = DETECTION_COLUMNS
            + " WHERE frame_ts >= ? AND frame_ts < ? ORDER BY frame_ts DESC, id DESC LIMIT ?";
    static final String WINDOWS = "SELECT camera, window_start, window_end, frames, detections FROM detection_windows "
            + "WHERE camera = ? AND window_start >= ? AND window_start < ? ORDER BY window_start DESC LIMIT ?";
    static final String WINDOW_COUNTS = "SELECT label, zone, detections, peak FROM detection_window_counts "
            + "WHERE camera = ? AND window_start = ? ORDER BY label, zone";
    static final String DETECTION_COUNT = "SELECT count(*) FROM detections";

    private VisionQueries() {
    }

    static List<DetectionRecord> detections(Connection c, String cameraOrNull, long from, long to, int limit)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(cameraOrNull == null ? ALL_DETECTIONS : CAMERA_DETECTIONS)) {
            int i = 1;
            if (cameraOrNull != null) {
                ps.setString(i++, cameraOrNull);
            }
            ps.setLong(i++, from);
            ps.setLong(i++, to);
            ps.setInt(i, limit);
            try (ResultSet rs = ps.executeQuery()) {
                List<DetectionRecord> out = new ArrayList<>();
                while (rs.next()) {
                    String zones = rs.getString(14);
                    out.add(new DetectionRecord(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getString(4),
                            rs.getInt(5), rs.getString(6), rs.getFloat(7), rs.getFloat(8), rs.getFloat(9),
                            rs.getFloat(10), rs.getFloat(11), rs.getInt(12), rs.getInt(13),
                            zones.isEmpty() ? List.of() : Arrays.asList(zones.split(",")), rs.getString(15)));
                }
                return out;
            }
        }
    }

    static List<WindowRecord> windows(Connection c, String camera, long from, long to, int limit)
            throws SQLException {
        record Row(long start, long end, long frames, long detections) {
        }
        List<Row> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(WINDOWS)) {
            ps.setString(1, camera);
            ps.setLong(2, from);
            ps.setLong(3, to);
            ps.setInt(4, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Row(rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)));
                }
            }
        }
        Map<Long, List<WindowRecord.Count>> counts = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement(WINDOW_COUNTS)) {
            for (Row row : rows) {
                ps.setString(1, camera);
                ps.setLong(2, row.start());
                List<WindowRecord.Count> list = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String zone = rs.getString(2);
                        list.add(new WindowRecord.Count(rs.getString(1), zone.isEmpty() ? null : zone,
                                rs.getLong(3), rs.getLong(4)));
                    }
                }
                counts.put(row.start(), list);
            }
        }
        List<WindowRecord> out = new ArrayList<>();
        for (Row row : rows) {
            out.add(new WindowRecord(camera, row.start(), row.end(), row.frames(), row.detections(),
                    counts.get(row.start())));
        }
        return out;
    }

    static long detectionCount(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(DETECTION_COUNT); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
