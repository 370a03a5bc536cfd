package io.ganglion.inference.source;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Image files in a folder, one per interval in file-name order, starting over after the last: a camera for a test
 * site, a demo, or the replay of recorded frames (name them by time and they play in order). Runs on its own
 * daemon thread, named {@code folder-<camera>}.
 *
 * <p>The folder is listed again at every tick, so files can be added, replaced or removed while the source runs;
 * the source remembers the last file's name, not its position, and goes on with the next name after it. A missing
 * or empty folder, an unreadable file, a file over the size limit, or one whose bytes are not a JPEG or PNG is
 * reported to {@link FrameSink#problem} and the source carries on at the next tick: a folder being filled by
 * another program is a normal state, not an error that should stop the camera.
 */
public final class FolderSource implements FrameSource {
    private final String cameraId;
    private final Path directory;
    private final Duration interval;
    private final int maxFrameBytes;
    private final String origin;
    private final Poller poller;
    private final AtomicBoolean started = new AtomicBoolean();
    private String lastName;

    public FolderSource(String cameraId, Path directory, Duration interval) {
        this(cameraId, directory, interval, SourceLimits.DEFAULT_MAX_FRAME_BYTES);
    }

    /**
     * @param interval      time between two frames (at least 1 ms)
     * @param maxFrameBytes larger files are skipped and reported (1 KiB to 256 MiB)
     */
    public FolderSource(String cameraId, Path directory, Duration interval, int maxFrameBytes) {
        this.cameraId = Objects.requireNonNull(cameraId, "cameraId");
        this.directory = Objects.requireNonNull(directory, "directory");
        SourceLimits.requirePositive("interval", interval);
        this.interval = interval;
        this.maxFrameBytes = SourceLimits.checkFrameBytes(maxFrameBytes);
        this.origin = "folder " + directory;
        this.poller = new Poller(cameraId, "folder-" + cameraId);
    }

    @Override
    public void start(FrameSink sink) {
        Objects.requireNonNull(sink, "sink");
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException(describe() + " was already started");
        }
        FrameSink guarded = new GuardedSink(sink);
        poller.start(interval, () -> next(guarded), guarded);
    }

    @Override
    public String describe() {
        return origin;
    }

    private void next(FrameSink sink) {
        List<Path> files;
        try {
            files = images();
        } catch (NoSuchFileException | NotDirectoryException e) {
            sink.problem(cameraId, "the folder " + directory + " does not exist or is not a folder", null);
            return;
        } catch (IOException e) {
            sink.problem(cameraId, "cannot list the folder " + directory + ": " + e.getMessage(), e);
            return;
        }
        if (files.isEmpty()) {
            sink.problem(cameraId, "the folder " + directory + " has no *.jpg, *.jpeg or *.png files", null);
            return;
        }
        Path file = files.get(0);
        if (lastName != null) {
            for (Path candidate : files) {
                if (candidate.getFileName().toString().compareTo(lastName) > 0) {
                    file = candidate;
                    break;
                }
            }
        }
        lastName = file.getFileName().toString();
        try {
            long size = Files.size(file);
            if (size > maxFrameBytes) {
                sink.problem(cameraId, file + " has " + size + " bytes, over the limit of " + maxFrameBytes, null);
                return;
            }
            byte[] data = Files.readAllBytes(file);
            if (!ImageBytes.isImage(data)) {
                sink.problem(cameraId, file + " is not a JPEG or PNG: '" + ImageBytes.preview(data) + "'", null);
                return;
            }
            sink.frame(new CameraFrame(cameraId, data, System.currentTimeMillis(), "folder " + file));
        } catch (IOException e) {
            sink.problem(cameraId, "cannot read " + file + ": " + e, e);
        }
    }

    /** The folder's image files, sorted by name. */
    private List<Path> images() throws IOException {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString().toLowerCase(Locale.ROOT);
                if ((name.endsWith(".jpg") || name.endsWith(".jpeg") || name.endsWith(".png"))
                        && Files.isRegularFile(entry)) {
                    files.add(entry);
                }
            }
        }
        files.sort((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()));
        return files;
    }

    /** Stops; waits up to 2 s for a frame being read to be delivered. */
    @Override
    public void close() {
        poller.close();
    }
}
