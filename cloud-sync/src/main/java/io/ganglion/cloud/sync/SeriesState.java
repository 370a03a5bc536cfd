package io.ganglion.cloud.sync;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * The saved form of one series of {@link WindowSummaries}: a version byte, device, metric, watermark, then its open
 * windows and its pending late corrections, each with its full figures. A few dozen bytes per window: a series is
 * rewritten whenever it changed, so this stays small rather than self-describing. Windows keep the end they were
 * opened with, so a changed {@code sync.window} applies to new windows only.
 */
final class SeriesState {
    private static final int VERSION = 1;
    private static final int MAX_WINDOWS = 100_000;

    private SeriesState() {
    }

    static byte[] encode(WindowSummaries.Series s) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + 80 * (s.open.size() + s.corrections.size()));
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            writeText(out, s.device);
            writeText(out, s.metric);
            out.writeLong(s.watermark);
            writeWindows(out, s.open);
            writeWindows(out, s.corrections);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail
        }
        return bytes.toByteArray();
    }

    /** @throws IllegalArgumentException when the bytes are not a saved series of this version */
    static WindowSummaries.Series decode(byte[] state) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(state))) {
            int version = in.readUnsignedByte();
            if (version != VERSION) {
                throw new IllegalArgumentException("saved series state of version " + version + ", expected "
                        + VERSION);
            }
            WindowSummaries.Series s = new WindowSummaries.Series(readText(in), readText(in));
            s.watermark = in.readLong();
            readWindows(in, s.open);
            readWindows(in, s.corrections);
            if (in.read() != -1) {
                throw new IllegalArgumentException("saved series state has trailing bytes");
            }
            return s;
        } catch (IOException e) {
            throw new IllegalArgumentException("saved series state is cut short or damaged: " + e, e);
        }
    }

    private static void writeWindows(DataOutputStream out, TreeMap<Long, WindowSummaries.Window> windows)
            throws IOException {
        out.writeInt(windows.size());
        for (WindowSummaries.Window w : windows.values()) {
            out.writeLong(w.start);
            out.writeLong(w.end);
            writeText(out, w.unit);
            out.writeLong(w.count);
            out.writeDouble(w.min);
            out.writeDouble(w.max);
            out.writeDouble(w.sum);
            out.writeDouble(w.first);
            out.writeLong(w.firstTime);
            out.writeDouble(w.last);
            out.writeLong(w.lastTime);
        }
    }

    private static void readWindows(DataInputStream in, Map<Long, WindowSummaries.Window> into) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > MAX_WINDOWS) {
            throw new IllegalArgumentException("saved series state claims " + n + " windows");
        }
        for (int i = 0; i < n; i++) {
            WindowSummaries.Window w = new WindowSummaries.Window(in.readLong(), in.readLong(), readText(in));
            w.count = in.readLong();
            w.min = in.readDouble();
            w.max = in.readDouble();
            w.sum = in.readDouble();
            w.first = in.readDouble();
            w.firstTime = in.readLong();
            w.last = in.readDouble();
            w.lastTime = in.readLong();
            into.put(w.start, w);
        }
    }

    private static void writeText(DataOutputStream out, String text) throws IOException {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    private static String readText(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > in.available()) {
            throw new IllegalArgumentException("saved series state has a text of " + length + " bytes");
        }
        return new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }
}
