package io.ganglion.inference.source;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * Splits an MJPEG stream ({@code multipart/x-mixed-replace}) into JPEG frames, with no more than the limit in memory.
 *
 * <p>Cameras get the format wrong in every possible way, so the reader trusts as little as it can:
 * <ul>
 *   <li>The boundary is matched as {@code --token} with the token's own leading dashes removed, so a header
 *       {@code boundary=--myboundary} works whether the body then says {@code --myboundary} or
 *       {@code ----myboundary}.</li>
 *   <li>A part's Content-Length, when present, is used to read it in one go; without it the part ends at the next
 *       boundary. Either way the reader then looks for the next boundary, so a wrong length costs one frame, not
 *       the stream.</li>
 *   <li>Without a boundary (no multipart Content-Type, or a server that just concatenates JPEGs) frames are cut
 *       from the JPEG structure itself: SOI, the length-prefixed segments (which skips an EXIF thumbnail's own
 *       EOI), the entropy-coded data up to EOI.</li>
 *   <li>A part larger than the limit is read and thrown away as it arrives, then reported.</li>
 * </ul>
 * Not thread-safe: one reader per connection, on the source's thread.
 */
final class MjpegPartReader {
    /** Why a part was not delivered; the stream goes on. */
    interface SkipListener {
        void skipped(String why);
    }

    private static final int MAX_HEADER_LINE = 8 * 1024;
    private static final int MAX_HEADER_LINES = 64;
    /** Some cameras put a blank line or two between the headers and the JPEG. */
    private static final int SOI_SEARCH = 16;
    /** Room for what follows a part before its boundary: CR LF and stray dashes. */
    private static final int TRAILER_SLACK = 8;
    private static final String LINE_TOO_LONG = new String("line too long");

    private final InputStream in;
    private final byte[] buf = new byte[64 * 1024];
    private int pos;
    private int limit;
    private final byte[] delimiter;
    private final int maxFrameBytes;
    private boolean needDelimiter = true;
    private boolean ended;

    /**
     * @param boundary the bare boundary token ({@link #boundaryToken}), or null to cut frames by JPEG markers
     */
    MjpegPartReader(InputStream in, String boundary, int maxFrameBytes) {
        this.in = in;
        this.delimiter = boundary == null ? null : ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        this.maxFrameBytes = maxFrameBytes;
    }

    /**
     * The boundary of a multipart Content-Type with quotes and leading dashes removed, or null when the type has
     * none.
     */
    static String boundaryToken(String contentType) {
        if (contentType == null) {
            return null;
        }
        for (String param : contentType.split(";")) {
            String p = param.trim();
            int eq = p.indexOf('=');
            if (eq > 0 && p.substring(0, eq).trim().equalsIgnoreCase("boundary")) {
                String value = p.substring(eq + 1).trim();
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1);
                }
                int start = 0;
                while (start < value.length() && value.charAt(start) == '-') {
                    start++;
                }
                value = value.substring(start).trim();
                return value.isEmpty() ? null : value;
            }
        }
        return null;
    }

    /** The next JPEG, or null when the stream has ended. Parts that are not delivered are told to {@code skips}. */
    byte[] next(SkipListener skips) throws IOException {
        if (ended) {
            return null;
        }
        try {
            return delimiter == null ? nextByMarkers(skips) : nextPart(skips);
        } catch (EndOfStream e) {
            return null;
        }
    }

    private byte[] nextPart(SkipListener skips) throws IOException {
        while (true) {
            if (needDelimiter) {
                skipPastDelimiter(skips);
                needDelimiter = false;
            }
            String rest = readLine();
            if (rest.startsWith("--")) {
                throw new EndOfStream(); // the closing boundary: the server is done
            }
            long contentLength = -1;
            String contentType = "";
            boolean headersOk = rest != LINE_TOO_LONG;
            for (int lines = 0; headersOk; lines++) {
                String line = readLine();
                if (line.isEmpty()) {
                    break;
                }
                if (line == LINE_TOO_LONG || lines == MAX_HEADER_LINES) {
                    headersOk = false;
                    break;
                }
                int colon = line.indexOf(':');
                if (colon > 0) {
                    String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                    String value = line.substring(colon + 1).trim();
                    if (name.equals("content-length")) {
                        contentLength = parseLength(value);
                    } else if (name.equals("content-type")) {
                        contentType = value;
                    }
                }
            }
            if (!headersOk) {
                skips.skipped("a part's headers are malformed (a line over " + MAX_HEADER_LINE + " bytes or over "
                        + MAX_HEADER_LINES + " lines); looking for the next boundary");
                needDelimiter = true;
                continue;
            }
            byte[] data;
            if (contentLength >= 0) {
                needDelimiter = true;
                if (contentLength > maxFrameBytes) {
                    skips.skipped("a part of " + contentLength + " bytes exceeds the limit of " + maxFrameBytes
                            + " bytes");
                    discard(contentLength);
                    continue;
                }
                data = readExactly((int) contentLength);
            } else {
                data = readUntilDelimiter(skips);
                if (data == null) {
                    continue;
                }
            }
            byte[] jpeg = jpegIn(data);
            if (jpeg != null) {
                return jpeg;
            }
            skips.skipped("a part is not a JPEG (Content-Type '" + contentType + "', " + data.length + " bytes)");
        }
    }

    private static long parseLength(String value) {
        try {
            long length = Long.parseLong(value);
            return length >= 0 ? length : -1;
        } catch (NumberFormatException e) {
            return -1; // read up to the boundary instead
        }
    }

    /** The JPEG that starts within the first bytes of a part, or null if the part is not one. */
    private static byte[] jpegIn(byte[] data) {
        for (int i = 0; i + 1 < data.length && i <= SOI_SEARCH; i++) {
            if ((data[i] & 0xff) == 0xFF && (data[i + 1] & 0xff) == 0xD8) {
                return i == 0 ? data : Arrays.copyOfRange(data, i, data.length);
            }
        }
        return null;
    }

    /** Discards bytes up to and including the next delimiter; a long search is reported once, not buffered. */
    private void skipPastDelimiter(SkipListener skips) throws IOException {
        Collector window = new Collector(4096, delimiter.length);
        boolean reported = false;
        int last = delimiter[delimiter.length - 1];
        while (true) {
            byte b = readByte();
            window.add(b);
            if (b == last && window.endsWith(delimiter)) {
                return;
            }
            if (!reported && window.total > maxFrameBytes) {
                skips.skipped("no boundary '" + new String(delimiter, StandardCharsets.ISO_8859_1) + "' in "
                        + maxFrameBytes + " bytes; still looking");
                reported = true;
            }
        }
    }

    /** The part's bytes up to the delimiter, or null if it exceeded the limit (reported, discarded). */
    private byte[] readUntilDelimiter(SkipListener skips) throws IOException {
        Collector part = new Collector(maxFrameBytes + TRAILER_SLACK, delimiter.length);
        int last = delimiter[delimiter.length - 1];
        int end;
        try {
            while (true) {
                byte b = readByte();
                part.add(b);
                if (b == last && part.endsWith(delimiter)) {
                    break;
                }
            }
            end = part.size - delimiter.length;
        } catch (EndOfStream e) {
            // A server that stops after its last part without a closing boundary: keep that part if it is whole.
            end = part.size;
            while (end > 0 && (part.data[end - 1] == '\n' || part.data[end - 1] == '\r')) {
                end--;
            }
            boolean endsWithEoi = end >= 2 && (part.data[end - 2] & 0xff) == 0xFF
                    && (part.data[end - 1] & 0xff) == 0xD9;
            if (part.overflowed || !endsWithEoi) {
                throw e;
            }
            ended = true;
            return Arrays.copyOf(part.data, end);
        }
        byte[] data = part.data;
        while (end > 0 && data[end - 1] == '-') {
            end--; // a body boundary with more dashes than the header's
        }
        if (end > 0 && data[end - 1] == '\n') {
            end--;
        }
        if (end > 0 && data[end - 1] == '\r') {
            end--;
        }
        if (part.overflowed || end > maxFrameBytes) {
            skips.skipped("a part of " + (part.total - delimiter.length) + " bytes (no Content-Length) exceeds the limit"
                    + " of " + maxFrameBytes + " bytes");
            return null;
        }
        return Arrays.copyOf(data, end);
    }

    private byte[] nextByMarkers(SkipListener skips) throws IOException {
        while (true) {
            int previous = 0;
            while (true) {
                int b = readByte() & 0xff;
                if (previous == 0xFF && b == 0xD8) {
                    break;
                }
                previous = b;
            }
            Collector jpeg = new Collector(maxFrameBytes, 0);
            jpeg.add((byte) 0xFF);
            jpeg.add((byte) 0xD8);
            if (!readJpegBody(jpeg)) {
                skips.skipped("a JPEG in the stream is corrupt (" + jpeg.total + " bytes read); looking for the next");
                continue;
            }
            if (jpeg.overflowed) {
                skips.skipped("a JPEG of " + jpeg.total + " bytes exceeds the limit of " + maxFrameBytes + " bytes");
                continue;
            }
            return Arrays.copyOf(jpeg.data, jpeg.size);
        }
    }

    /** Reads from after SOI through EOI by the JPEG's structure; false if the structure is broken. */
    private boolean readJpegBody(Collector out) throws IOException {
        int marker = nextMarker(out);
        while (true) {
            if (marker < 0) {
                return false;
            }
            if (marker == 0xD9) {
                return true;
            }
            if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
                marker = nextMarker(out); // standalone markers have no length
                continue;
            }
            if (marker == 0xD8) {
                return false; // SOI inside a JPEG's top level: a truncated frame followed by the next
            }
            int length = (collect(out) << 8) | collect(out);
            if (length < 2) {
                return false;
            }
            for (int i = 2; i < length; i++) {
                collect(out);
            }
            marker = marker == 0xDA ? afterEntropyData(out) : nextMarker(out);
        }
    }

    private int nextMarker(Collector out) throws IOException {
        if (collect(out) != 0xFF) {
            return -1;
        }
        int marker;
        do {
            marker = collect(out);
        } while (marker == 0xFF);
        return marker;
    }

    /** Skips entropy-coded data (stuffed FF 00 and restart markers included); returns the marker that ends it. */
    private int afterEntropyData(Collector out) throws IOException {
        while (true) {
            if (collect(out) != 0xFF) {
                continue;
            }
            int marker;
            do {
                marker = collect(out);
            } while (marker == 0xFF);
            if (marker != 0x00 && !(marker >= 0xD0 && marker <= 0xD7)) {
                return marker;
            }
        }
    }

    private int collect(Collector out) throws IOException {
        byte b = readByte();
        out.add(b);
        return b & 0xff;
    }

    private String readLine() throws IOException {
        StringBuilder line = new StringBuilder();
        while (true) {
            byte b = readByte();
            if (b == '\n') {
                break;
            }
            if (line.length() == MAX_HEADER_LINE) {
                discardLine();
                return LINE_TOO_LONG;
            }
            line.append((char) (b & 0xff));
        }
        int end = line.length();
        if (end > 0 && line.charAt(end - 1) == '\r') {
            line.setLength(end - 1);
        }
        return line.toString();
    }

    private void discardLine() throws IOException {
        while (readByte() != '\n') {
            // the rest of an over-long line
        }
    }

    private byte[] readExactly(int length) throws IOException {
        byte[] data = new byte[length];
        int buffered = Math.min(length, limit - pos);
        System.arraycopy(buf, pos, data, 0, buffered);
        pos += buffered;
        int read = buffered;
        while (read < length) {
            int n = in.read(data, read, length - read);
            if (n < 0) {
                throw new EndOfStream();
            }
            read += n;
        }
        return data;
    }

    private void discard(long length) throws IOException {
        long remaining = length;
        while (remaining > 0) {
            if (pos == limit) {
                fill();
            }
            int n = (int) Math.min(remaining, limit - pos);
            pos += n;
            remaining -= n;
        }
    }

    private byte readByte() throws IOException {
        if (pos == limit) {
            fill();
        }
        return buf[pos++];
    }

    private void fill() throws IOException {
        int n;
        do {
            n = in.read(buf, 0, buf.length);
        } while (n == 0);
        if (n < 0) {
            throw new EndOfStream();
        }
        pos = 0;
        limit = n;
    }

    /**
     * Bytes of one part, growing up to a capacity; beyond it only the last {@code keep} bytes (enough to recognise
     * the delimiter) are retained, and {@link #overflowed} says the part was too large.
     */
    private static final class Collector {
        private final int capacity;
        private final int keep;
        byte[] data;
        int size;
        long total;
        boolean overflowed;

        Collector(int capacity, int keep) {
            this.capacity = Math.max(capacity, keep + 1);
            this.keep = keep;
            this.data = new byte[Math.min(this.capacity, 64 * 1024)];
        }

        void add(byte b) {
            if (size == data.length) {
                if (data.length < capacity) {
                    data = Arrays.copyOf(data, (int) Math.min(capacity, 2L * data.length));
                } else {
                    overflowed = true;
                    System.arraycopy(data, size - keep, data, 0, keep);
                    size = keep;
                }
            }
            data[size++] = b;
            total++;
        }

        boolean endsWith(byte[] suffix) {
            if (size < suffix.length) {
                return false;
            }
            return Arrays.equals(data, size - suffix.length, size, suffix, 0, suffix.length);
        }
    }

    /** The connection ended; thrown without a stack trace, caught in {@link #next}. */
    private static final class EndOfStream extends IOException {
        private static final long serialVersionUID = 1L;

        EndOfStream() {
            super("end of stream");
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }
}
